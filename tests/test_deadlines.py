"""Deadlines: an offer is ongoing or has an end date; past it (in Brussels) it leaves every public page.

The rule sits in ``Offer.objects.published()``, so the list, the werf, supporter and municipality
pages, the exports and anything built on them inherit it; ``expire_offers`` also marks it "verlopen".
"""

import datetime
from io import StringIO
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from admin_forms import listed, offer_form_data
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from gemeenten_data import make_municipality
from markup import find, find_all, page, text
from test_exports import exported_titles, listed_titles

from offers.forms import OfferForm
from offers.models import Offer, PublicationStatus

TODAY = datetime.date(2026, 12, 2)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def today(clock):
    clock(2026, 12, 2, 10, 0)
    return TODAY


def dated(make_offer, supporter, ends_on, **fields):
    return make_offer(supporter, is_ongoing=False, ends_on=ends_on, **fields)


# --- the rule ------------------------------------------------------------------------------------


def test_the_end_date_itself_is_still_valid_the_day_after_is_not(today, make_offer, iok):
    ongoing = make_offer(iok, title="Doorlopend")
    last_day = dated(make_offer, iok, TODAY, title="Laatste dag")
    tomorrow = dated(make_offer, iok, TODAY + datetime.timedelta(days=1), title="Morgen")
    yesterday = dated(make_offer, iok, TODAY - datetime.timedelta(days=1), title="Gisteren")
    assert set(Offer.objects.published()) == {ongoing, last_day, tomorrow}
    assert list(Offer.objects.past_end_date()) == [yesterday]
    assert yesterday.is_past_end_date() and not last_day.is_past_end_date()


@pytest.mark.parametrize(
    ("brussels", "visible"),
    [
        ((2026, 12, 31, 23, 59), True),
        # 00:30 in Brussels is still 31 December in UTC; the day after the end date has begun.
        ((2027, 1, 1, 0, 30), False),
    ],
)
def test_the_day_changes_at_midnight_in_brussels_not_in_utc(clock, make_offer, iok, brussels, visible):
    offer = dated(make_offer, iok, datetime.date(2026, 12, 31))
    moment = clock(*brussels)
    assert moment.astimezone(datetime.UTC).date() == datetime.date(2026, 12, 31)
    assert Offer.objects.published().filter(pk=offer.pk).exists() is visible


def test_a_concept_with_a_future_date_is_still_not_public(today, make_offer, iok):
    dated(make_offer, iok, TODAY, status=PublicationStatus.CONCEPT)
    assert not Offer.objects.published().exists()


def test_the_database_refuses_an_offer_that_is_both_or_neither(today, make_offer, iok):
    for fields in ({"is_ongoing": True, "ends_on": TODAY}, {"is_ongoing": False, "ends_on": None}):
        with pytest.raises(IntegrityError, match="offer_ongoing_or_end_date"), transaction.atomic():
            make_offer(iok, **fields)


# --- every public place ---------------------------------------------------------------------------


@pytest.fixture
def expired_and_running(today, make_offer, iok, werven):
    municipality = make_municipality("24062", "Leuven", 100_000, supporters=[iok])
    running = dated(make_offer, iok, TODAY, werven=[werven[2]], title="Loopt nog vandaag")
    expired = dated(make_offer, iok, TODAY - datetime.timedelta(days=1), werven=[werven[2]], title="Verlopen oproep")
    return running, expired, municipality


@pytest.mark.parametrize(
    "url",
    [
        "/aanbod/",
        "/aanbod/?werf=2",
        "/werven/2/",
        "/ondersteuners/iok/",
        "/gemeenten/24062/",
        "/aanbod/?gemeente=24062",
    ],
)
def test_an_expired_offer_is_on_no_public_page(client, expired_and_running, url):
    running, expired, _municipality = expired_and_running
    content = page(client.get(url))
    titles = [text(title) for title in find_all(content, class_="card__title")]
    assert running.title in titles
    assert expired.title not in titles


def test_an_expired_offer_has_no_page_and_no_count(client, expired_and_running):
    running, expired, _municipality = expired_and_running
    assert client.get(expired.get_absolute_url()).status_code == 404
    assert client.get(running.get_absolute_url()).status_code == 200
    supporters = client.get("/ondersteuners/").context["supporters"]
    assert [s.published_offer_count for s in supporters] == [1]


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
def test_an_expired_offer_is_in_no_export(client, expired_and_running, export_format):
    assert exported_titles(client, export_format) == ["Loopt nog vandaag"]
    assert exported_titles(client, export_format, "werf=2&gemeente=24062") == ["Loopt nog vandaag"]


# --- expire_offers ------------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("expire_offers", *args, stdout=out)
    return out.getvalue()


def test_expire_offers_marks_past_offers_verlopen_with_one_history_row(today, make_offer, iok):
    expired = dated(make_offer, iok, TODAY - datetime.timedelta(days=1), title="Oproep 2026")
    running = dated(make_offer, iok, TODAY)
    ongoing = make_offer(iok)
    updated_at, rows = expired.updated_at, expired.history.count()

    assert "1 aanbod zou verlopen" in run("--dry-run")
    assert Offer.objects.get(pk=expired.pk).status == PublicationStatus.PUBLISHED

    output = run()
    assert "“Oproep 2026” (einddatum 01/12/2026)" in output
    expired.refresh_from_db()
    assert expired.status == PublicationStatus.EXPIRED
    assert expired.updated_at == updated_at  # the content did not change
    assert expired.history.count() == rows + 1
    assert expired.history.first().history_change_reason == "Verlopen: einddatum 01/12/2026 voorbij"
    assert {o.status for o in Offer.objects.filter(pk__in=[running.pk, ongoing.pk])} == {PublicationStatus.PUBLISHED}
    assert "0 aanbod verlopen" in run()  # a second run finds nothing


# --- staff: choose, see, extend --------------------------------------------------------------------


def form_errors(offer, **changes):
    form = OfferForm(data=offer_form_data(offer, **changes), instance=offer)
    form.is_valid()
    return form.errors


def test_staff_must_choose_ongoing_or_an_end_date(today, iok, werven):
    new = Offer(supporter=iok, title="Nieuw", slug="nieuw", summary="s", description="d", kind="studie")
    blank = OfferForm(instance=new)
    assert "is_ongoing" not in blank.initial  # no preselected answer on a new offer
    data = {**offer_form_data(new, werven=[werven[1].pk]), "is_ongoing": ""}
    form = OfferForm(data=data, instance=new)
    assert form.errors["is_ongoing"] == ["Kies of het aanbod doorlopend is of tot een einddatum loopt."]


def test_the_form_explains_each_wrong_combination_in_dutch(today, make_offer, iok, werven):
    offer = make_offer(iok, werven=[werven[1]])
    assert "geen einddatum" in form_errors(offer, is_ongoing="True", ends_on="2027-01-31")["ends_on"][0]
    assert form_errors(offer, is_ongoing="False", ends_on="")["ends_on"] == [
        "Vul de einddatum in: de laatste dag waarop gemeenten kunnen instappen."
    ]
    assert "in het verleden" in form_errors(offer, is_ongoing="False", ends_on="2026-12-01")["ends_on"][0]
    assert form_errors(offer, is_ongoing="False", ends_on="2026-12-02") == {}


def test_an_editor_sees_an_expired_offer_as_verlopen_and_extends_it(client, today, redacteur, make_offer, iok, werven):
    expired = dated(make_offer, iok, TODAY - datetime.timedelta(days=3), werven=[werven[1]], title="Campagne")
    run()
    client.force_login(redacteur)
    response = client.get("/admin/offers/offer/?looptijd=verlopen")
    assert listed(response) == [Offer.objects.get(pk=expired.pk)]
    cells = [text(cell) for cell in find_all(page(response), "td", class_="field-state")]
    assert cells == ["verlopen (tot 29/11/2026)"]
    assert listed(client.get("/admin/offers/offer/?status__exact=verlopen")) == [expired]

    expired.refresh_from_db()
    data = offer_form_data(expired, ends_on="2027-03-31", _save="Bewaren")
    assert client.post(f"/admin/offers/offer/{expired.pk}/change/", data).status_code == 302
    expired.refresh_from_db()
    assert expired.status == PublicationStatus.PUBLISHED
    assert client.get(expired.get_absolute_url()).status_code == 200


# --- closing soon -------------------------------------------------------------------------------


@pytest.fixture
def closing(today, make_offer, iok, werven):
    return {
        "day30": dated(
            make_offer, iok, TODAY + datetime.timedelta(days=30), werven=[werven[1]], title="Over dertig dagen"
        ),
        "day31": dated(make_offer, iok, TODAY + datetime.timedelta(days=31), werven=[werven[1]], title="Over 31 dagen"),
        "today": dated(make_offer, iok, TODAY, werven=[werven[1]], title="Vandaag de laatste dag"),
        "ongoing": make_offer(iok, werven=[werven[1]], title="Altijd"),
    }


def test_closing_soon_is_within_thirty_days_the_day_itself_included(closing):
    assert set(Offer.objects.closing_soon()) == {closing["day30"], closing["today"]}


def test_cards_mark_offers_that_close_soon(client, closing):
    cards = find_all(page(client.get("/aanbod/")), "article", class_="card")
    marks = {
        text(find(card, class_="card__title")): [text(t) for t in find_all(card, class_="tag--closing")]
        for card in cards
    }
    assert marks == {
        "Over dertig dagen": ["Sluit binnenkort: tot en met 1 januari 2027"],
        "Vandaag de laatste dag": ["Sluit binnenkort: tot en met 2 december 2026"],
        "Over 31 dagen": [],
        "Altijd": [],
    }


def test_the_list_and_its_exports_filter_on_closing_soon(client, closing):
    assert listed_titles(client, "looptijd=binnenkort") == ["Over dertig dagen", "Vandaag de laatste dag"]
    assert listed_titles(client, "looptijd=doorlopend") == ["Altijd"]
    assert listed_titles(client, "looptijd=binnenkort&looptijd=doorlopend") == [
        "Altijd",
        "Over dertig dagen",
        "Vandaag de laatste dag",
    ]
    assert exported_titles(client, "csv", "looptijd=binnenkort") == ["Over dertig dagen", "Vandaag de laatste dag"]
    response = client.get("/aanbod/export.csv?looptijd=binnenkort")
    assert "looptijd-binnenkort" in response["Content-Disposition"]
    chips = [chip.label for chip in client.get("/aanbod/?looptijd=binnenkort").context["chips"]]
    assert chips == ["Looptijd: sluit binnenkort (binnen 30 dagen)"]


def test_a_bad_looptijd_value_is_ignored_with_a_dutch_notice(client, closing, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):  # the list (5) and a count per option of five filters
        response = client.get("/aanbod/?looptijd=morgen")
    assert response.status_code == 200
    assert len(response.context["offers"]) == 4
    assert response.context["notices"] == [
        "Looptijd „morgen” is geen geldige keuze (binnenkort of doorlopend); die filter is genegeerd."
    ]


def test_every_seeded_offer_is_ongoing(db):
    call_command("load_seed", stdout=StringIO(), stderr=StringIO())
    assert Offer.objects.count() > 40
    assert not Offer.objects.filter(is_ongoing=False).exists()
    assert not Offer.objects.exclude(ends_on=None).exists()


def test_an_expired_offer_is_in_no_feed(client, expired_and_running):
    for query in ("", "?werf=2", "?gemeente=24062"):
        feed = ElementTree.fromstring(client.get(f"/aanbod/feed/{query}").content)
        titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
        assert titles == ["Loopt nog vandaag"], query


def test_an_offer_that_expired_before_its_alert_was_sent_is_not_in_the_mail(client, clock, make_offer, iok, werven):
    clock(2026, 12, 2, 9, 0)
    client.post("/meldingen/", {"email": "ambtenaar@leuven.be", "frequency": "dagelijks", "filters": "werf=2"})
    (confirmation,) = mail.outbox
    (url,) = [word for word in confirmation.body.split() if "/meldingen/bevestigen/" in word]
    client.post(urlsplit(url).path)
    clock(2026, 12, 2, 10, 0)  # published after the confirmation: news for the alert
    dated(make_offer, iok, TODAY, werven=[werven[2]], title="Loopt nog vandaag")
    dated(make_offer, iok, TODAY - datetime.timedelta(days=1), werven=[werven[2]], title="Verlopen oproep")
    call_command("send_alerts", stdout=StringIO())
    news = mail.outbox[-1]
    assert news is not confirmation
    assert "Loopt nog vandaag" in news.body
    assert "Verlopen oproep" not in news.body
