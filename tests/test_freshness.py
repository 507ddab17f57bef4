"""What is news to an official: published_at, content_changed_at, the "nieuw"/"bijgewerkt" marks,
the sort by last change and /nieuw/."""

from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from admin_forms import offer_form_data
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format
from markup import find, find_all, page, text

from offers.models import Offer, PublicationStatus
from offers.views import MAX_RECENT

BRUSSELS = ZoneInfo("Europe/Brussels")
LONG_AGO = datetime(2024, 1, 1, 12, tzinfo=BRUSSELS)


def stamps(offer):
    offer.refresh_from_db()
    return offer.published_at, offer.content_changed_at


def set_back(*offers, published=LONG_AGO, changed=LONG_AGO):
    rows = Offer.objects.filter(pk__in=[offer.pk for offer in offers])
    rows.update(published_at=published, content_changed_at=changed)


# --- the stamps --------------------------------------------------------------------------------


def test_a_draft_has_no_publication_date_until_it_is_first_published(make_offer, iok):
    offer = make_offer(iok, status=PublicationStatus.CONCEPT)
    assert offer.published_at is None and offer.content_changed_at is not None
    offer.status = PublicationStatus.PUBLISHED
    offer.save()
    first = stamps(offer)[0]
    assert first is not None
    # Unpublished and published again: still first published then.
    offer.status = PublicationStatus.CONCEPT
    offer.save()
    offer.status = PublicationStatus.PUBLISHED
    offer.save()
    assert stamps(offer)[0] == first


@pytest.mark.parametrize(
    ("field", "value", "changes"),
    [
        ("title", "Een andere titel", True),
        ("summary", "Een andere samenvatting.", True),
        ("description", "Een andere beschrijving.", True),
        ("kind", Offer.Kind.SUBSIDIE, True),
        ("cost", Offer.Cost.GRATIS, True),
        ("reviewed_on", timezone.localdate(), False),
        ("partners", "Een partner", False),
        ("source", "Een bron", False),
        ("concerns_patrimony", True, False),
    ],
)
def test_only_a_change_of_the_content_sets_content_changed_at(make_offer, iok, werven, field, value, changes):
    offer = make_offer(iok, werven=[werven[1]])
    set_back(offer)
    offer.refresh_from_db()
    setattr(offer, field, value)
    offer.save()
    published, changed = stamps(offer)
    assert published == LONG_AGO
    assert (changed != LONG_AGO) is changes


def test_saving_without_a_change_changes_nothing_and_the_werven_count(make_offer, iok, werven):
    offer = make_offer(iok, werven=[werven[1]])
    set_back(offer)
    offer.refresh_from_db()
    offer.save()
    offer.set_werven([werven[1]])  # the same werven again
    assert stamps(offer) == (LONG_AGO, LONG_AGO)
    offer.set_werven([werven[1], werven[2]])
    assert stamps(offer)[1] > LONG_AGO
    set_back(offer)
    offer.set_werven([werven[2]])
    assert stamps(offer)[1] > LONG_AGO


def test_the_admin_form_a_review_only_save_and_a_revert(client, redacteur, own_offer, werven):
    client.force_login(redacteur)
    url = f"/admin/offers/offer/{own_offer.pk}/change/"
    set_back(own_offer)
    own_offer.refresh_from_db()
    assert client.post(url, offer_form_data(own_offer)).status_code == 302
    assert client.post(url, offer_form_data(own_offer, reviewed_on="2026-01-05")).status_code == 302
    assert stamps(own_offer) == (LONG_AGO, LONG_AGO)
    assert client.post(url, offer_form_data(own_offer, werven=[werven[3].pk])).status_code == 302
    assert stamps(own_offer)[1] > LONG_AGO
    # The history row written after the werven were set carries the new stamp.
    assert own_offer.history.latest().content_changed_at == own_offer.content_changed_at
    # Reverting to the version before is a change of the werven and counts as one; the first
    # publication stays what it was.
    set_back(own_offer)
    version = own_offer.history.order_by("history_date", "history_id")[1]
    data = offer_form_data(version.instance, werven=[werven[2].pk])
    assert client.post(f"/admin/offers/offer/{own_offer.pk}/history/{version.history_id}/", data).status_code == 302
    published, changed = stamps(own_offer)
    assert published == LONG_AGO and changed > LONG_AGO


def test_the_seed_stamps_its_offers_as_published_when_loaded(db):
    before = timezone.now()
    call_command("load_seed", stdout=StringIO(), stderr=StringIO())
    offers = Offer.objects.all()
    assert offers.filter(published_at__gte=before).count() == offers.count() > 0
    assert not offers.filter(content_changed_at__lt=before).exists()


# --- the marks on the cards --------------------------------------------------------------------


def marks(client, path="/aanbod/"):
    document = page(client.get(path))
    return {
        text(find(card, class_="card__title")): [
            text(tag) for mark in ("tag--nieuw", "tag--bijgewerkt") for tag in find_all(card, "li", class_=mark)
        ]
        for card in find_all(document, "article", class_="offer-card")
    }


@pytest.mark.parametrize(
    ("published_days", "changed_days", "mark"),
    [
        (0, 0, ["Nieuw"]),
        (29, 29, ["Nieuw"]),
        (29, 1, ["Nieuw"]),  # new and changed since: one mark, "nieuw"
        (31, 31, []),
        (31, 29, ["Bijgewerkt"]),
        (400, 1, ["Bijgewerkt"]),
        (400, 31, []),
    ],
)
def test_nieuw_and_bijgewerkt_appear_and_disappear_at_the_right_dates(
    client, make_offer, iok, published_days, changed_days, mark
):
    offer = make_offer(iok, title="Het aanbod")
    now = timezone.now()
    set_back(offer, published=now - timedelta(days=published_days), changed=now - timedelta(days=changed_days))
    assert marks(client)["Het aanbod"] == mark


def test_the_mark_boundary_is_thirty_days_to_the_second(make_offer, iok):
    offer = make_offer(iok)
    now = timezone.now()
    offer.published_at = offer.content_changed_at = now - timedelta(days=30)
    assert offer.freshness(now) == "nieuw"
    assert offer.freshness(now + timedelta(seconds=1)) is None


def test_the_list_sorts_by_last_change(client, make_offer, iok):
    now = timezone.now()
    old = make_offer(iok, title="A oud")
    changed = make_offer(iok, title="B gewijzigd")
    new = make_offer(iok, title="C nieuw")
    set_back(old, published=now - timedelta(days=50), changed=now - timedelta(days=50))
    set_back(changed, published=now - timedelta(days=60), changed=now - timedelta(days=2))
    set_back(new, published=now - timedelta(days=5), changed=now - timedelta(days=5))
    response = client.get("/aanbod/?sortering=gewijzigd")
    assert [offer.title for offer in response.context["offers"]] == ["B gewijzigd", "C nieuw", "A oud"]
    assert ("gewijzigd", "Nieuw of gewijzigd eerst") in response.context["form"].fields["sortering"].choices


# --- /nieuw/ -----------------------------------------------------------------------------------


def test_nieuw_groups_the_last_90_days_by_brussels_week_newest_first(client, make_offer, iok, werven):
    now = timezone.now()
    monday = timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday())
    midnight = datetime.combine(monday, time(0, 0), tzinfo=BRUSSELS)  # Sunday 22:00 or 23:00 UTC
    offers = {
        "Net gewijzigd": now - timedelta(seconds=1),
        "Maandag vroeg": midnight + timedelta(seconds=1),
        "Zondag laat": midnight - timedelta(seconds=1),
        "89 dagen": now - timedelta(days=89),
        "91 dagen": now - timedelta(days=91),
    }
    for title, moment in offers.items():
        set_back(make_offer(iok, [werven[1]], title=title), published=moment - timedelta(days=400), changed=moment)
    set_back(make_offer(iok, title="Concept", status=PublicationStatus.CONCEPT), changed=now)
    response = client.get("/nieuw/")
    weeks = response.context["weeks"]
    assert [week["start"] for week in weeks][:2] == [monday, monday - timedelta(days=7)]
    assert [offer.title for offer in weeks[0]["offers"]] == ["Net gewijzigd", "Maandag vroeg"]
    assert [offer.title for offer in weeks[1]["offers"]] == ["Zondag laat"]
    titles = [offer.title for week in weeks for offer in week["offers"]]
    assert titles == ["Net gewijzigd", "Maandag vroeg", "Zondag laat", "89 dagen"]
    headings = [text(h2) for h2 in find_all(page(response), "h2") if text(h2).startswith("Week")]
    sunday = monday + timedelta(days=6)
    assert headings[0] == f"Week van {date_format(monday, 'j F')} tot {date_format(sunday, 'j F Y')}"
    # Both marks on the page: the offers are old, their content changed.
    assert marks(client, "/nieuw/")["Net gewijzigd"] == ["Bijgewerkt"]


@pytest.mark.parametrize("rows", [3, 30])
def test_nieuw_has_a_fixed_query_count_and_a_cap(client, make_offer, iok, werven, rows, django_assert_max_num_queries):
    for _n in range(rows):
        make_offer(iok, [werven[1], werven[2]])
    with django_assert_max_num_queries(2):  # the offers with their supporter, their werven
        response = client.get("/nieuw/")
    assert response.status_code == 200
    assert sum(len(week["offers"]) for week in response.context["weeks"]) == rows


def test_nieuw_shows_at_most_the_cap(client, make_offer, iok, monkeypatch):
    monkeypatch.setattr("offers.views.MAX_RECENT", 3)
    for _n in range(5):
        make_offer(iok)
    response = client.get("/nieuw/")
    assert sum(len(week["offers"]) for week in response.context["weeks"]) == 3
    assert response.context["capped"]
    assert MAX_RECENT == 200
