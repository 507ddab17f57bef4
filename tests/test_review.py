"""Keeping offers current: when they are due for review, the admin start page, "Vandaag nagekeken",
the reminders to redacteurs and the notice on an overdue offer's page. The clock is frozen."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from markup import attribute, find, find_all, hrefs, page, text

from offers.models import Offer, Project, PublicationStatus, months_before
from offers.permissions import REDACTEUR
from upkeep.models import ReviewReminder

TODAY = datetime.date(2026, 12, 2)
ONE_YEAR_AGO = datetime.date(2025, 12, 2)


@pytest.fixture
def today(clock):
    clock(2026, 12, 2, 10, 0)
    return TODAY


def days(n):
    return datetime.timedelta(days=n)


def created_at(obj, *brussels):
    """Pretend ``obj`` was added at that moment in Brussels."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=timezone.make_aware(datetime.datetime(*brussels)))
    obj.refresh_from_db()
    return obj


# --- when something is due ------------------------------------------------------------------------


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(datetime.date(2026, 12, 2), 12) == datetime.date(2025, 12, 2)
    assert months_before(datetime.date(2025, 2, 28), 12) == datetime.date(2024, 2, 28)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_due_exactly_twelve_months_after_the_last_review(today, make_offer, iok):
    on_the_day = make_offer(iok, reviewed_on=ONE_YEAR_AGO)
    day_later = make_offer(iok, reviewed_on=ONE_YEAR_AGO + days(1))
    within_a_month = make_offer(iok, reviewed_on=ONE_YEAR_AGO + days(30))
    after_a_month = make_offer(iok, reviewed_on=ONE_YEAR_AGO + days(31))
    assert list(Offer.objects.due_for_review()) == [on_the_day]
    assert set(Offer.objects.due_within(30)) == {day_later, within_a_month}
    assert [o.is_due_for_review() for o in (on_the_day, day_later, within_a_month, after_a_month)] == [
        True,
        False,
        False,
        False,
    ]


def test_a_never_reviewed_offer_counts_from_the_day_it_was_added_in_brussels(today, make_offer, iok):
    # 23:30 on 2 December in Brussels; 00:30 on 3 December in Brussels is still 2 December in UTC.
    late_evening = created_at(make_offer(iok), 2025, 12, 2, 23, 30)
    after_midnight = created_at(make_offer(iok), 2025, 12, 3, 0, 30)
    assert list(Offer.objects.due_for_review()) == [late_evening]
    assert list(Offer.objects.due_within(1)) == [after_midnight]
    assert late_evening.is_due_for_review() and not after_midnight.is_due_for_review()


def test_a_today_passed_explicitly_wins_over_the_clock(today, make_offer, iok):
    offer = make_offer(iok, reviewed_on=TODAY)
    assert not Offer.objects.due_for_review().exists()
    assert list(Offer.objects.due_for_review(TODAY + days(365))) == [offer]
    assert offer.is_due_for_review(TODAY + days(365))


@override_settings(REVIEW_INTERVAL_MONTHS=6)
def test_the_interval_is_one_setting(today, make_offer, iok):
    offer = make_offer(iok, reviewed_on=datetime.date(2026, 6, 2))
    assert list(Offer.objects.due_for_review()) == [offer]


def test_projects_follow_the_same_rule(today, make_project, iok):
    due = make_project(iok, reviewed_on=ONE_YEAR_AGO)
    make_project(iok, reviewed_on=ONE_YEAR_AGO + days(1))
    assert list(Project.objects.due_for_review()) == [due]


# --- the admin start page -------------------------------------------------------------------------


@pytest.fixture
def overdue(today, make_offer, make_project, iok, interleuven):
    return {
        "iok_due": make_offer(iok, title="IOK te laat", reviewed_on=ONE_YEAR_AGO - days(400)),
        "iok_soon": make_offer(iok, title="IOK bijna", reviewed_on=ONE_YEAR_AGO + days(10)),
        "iok_fine": make_offer(iok, title="IOK in orde", reviewed_on=TODAY),
        "iok_concept": make_offer(iok, title="IOK concept", reviewed_on=ONE_YEAR_AGO, status=PublicationStatus.CONCEPT),
        "iok_project": make_project(iok, title="IOK project te laat", reviewed_on=ONE_YEAR_AGO),
        "leuven_due": make_offer(interleuven, title="Interleuven te laat", reviewed_on=ONE_YEAR_AGO),
    }


def upkeep_lists(response):
    """{supporter name: {list class: [link texts]}} of the start page's "Actueel houden" module."""
    module = find_all(page(response), "div", id="upkeep")
    if not module:
        return {}
    found = {}
    for section in find_all(module[0], "section"):
        lists = {attr_class(ul): [text(a) for a in find_all(ul, "a")] for ul in find_all(section, "ul")}
        found[text(find(section, "h3"))] = lists
    return found


def attr_class(element):
    return dict(element.attributes)["class"]


def test_a_redacteur_sees_only_their_own_organisation(client, overdue, redacteur):
    client.force_login(redacteur)
    lists = upkeep_lists(client.get("/admin/"))
    assert lists == {
        "IOK": {
            "upkeep-due": ["IOK te laat"],
            "upkeep-due-soon": ["IOK bijna"],
            "upkeep-projects-due": ["IOK project te laat"],
        }
    }
    links = hrefs(find(page(client.get("/admin/")), "ul", class_="upkeep-due"))
    assert links == [f"/admin/offers/offer/{overdue['iok_due'].pk}/change/"]


def test_a_coordinator_and_a_beheerder_see_every_supporter(client, overdue, coordinator, beheerder):
    for user in (coordinator, beheerder):
        client.force_login(user)
        lists = upkeep_lists(client.get("/admin/"))
        assert lists["Interleuven"] == {"upkeep-due": ["Interleuven te laat"]}
        assert lists["IOK"]["upkeep-due"] == ["IOK te laat"]


def test_an_outsider_sees_no_supporter(client, overdue, outsider):
    client.force_login(outsider)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert upkeep_lists(response) == {}
    assert "te laat" not in response.content.decode()


def test_the_start_page_costs_the_same_queries_for_many_offers_and_supporters(
    client, today, make_supporter, make_offer, coordinator, django_assert_max_num_queries
):
    def count_queries():
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/admin/")
        assert response.status_code == 200
        return len(captured)

    supporter = make_supporter()
    make_offer(supporter, reviewed_on=ONE_YEAR_AGO)
    few = count_queries()
    for _ in range(5):
        supporter = make_supporter()
        for n in range(15):
            make_offer(supporter, reviewed_on=ONE_YEAR_AGO - days(n))
            make_offer(supporter, reviewed_on=ONE_YEAR_AGO + days(5))
    assert count_queries() == few
    with django_assert_max_num_queries(12):
        client.get("/admin/")
    lists = upkeep_lists(client.get("/admin/"))
    assert all(len(found["upkeep-due"]) == 10 for name, found in lists.items() if name != "Ondersteuner 1")
    assert "Alle 15 in de lijst" in client.get("/admin/").content.decode()


def test_acceptance_an_offer_set_back_two_years_shows_the_notice_and_is_on_its_redacteurs_start_page(
    client, today, make_offer, iok, redacteur
):
    offer = make_offer(iok, title="Energiehuis", reviewed_on=TODAY)
    assert not find_all(page(client.get(offer.get_absolute_url())), "aside", class_="notice--outdated")
    Offer.objects.filter(pk=offer.pk).update(reviewed_on=TODAY - days(2 * 365))
    notice = find(page(client.get(offer.get_absolute_url())), "aside", class_="notice--outdated")
    assert "Deze informatie kan verouderd zijn" in text(notice)
    client.force_login(redacteur)
    assert upkeep_lists(client.get("/admin/"))["IOK"]["upkeep-due"] == ["Energiehuis"]


# --- "Vandaag nagekeken" --------------------------------------------------------------------------


def snapshot(obj):
    obj = type(obj).objects.get(pk=obj.pk)
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def action(client, model, objects):
    return client.post(
        f"/admin/offers/{model}/",
        {"action": "mark_reviewed_today", "_selected_action": [obj.pk for obj in objects]},
    )


@pytest.mark.parametrize("kind", ["offer", "project"])
def test_the_action_sets_today_and_writes_exactly_one_history_row(
    client, clock, redacteur, make_offer, make_project, iok, kind
):
    clock(2026, 11, 20, 9, 0)  # added earlier, so a changed last-updated time would show
    obj = make_offer(iok, reviewed_on=ONE_YEAR_AGO) if kind == "offer" else make_project(iok, reviewed_on=ONE_YEAR_AGO)
    clock(2026, 12, 2, 10, 0)
    before, rows = snapshot(obj), obj.history.count()
    client.force_login(redacteur)
    assert action(client, kind, [obj]).status_code == 302
    after = snapshot(obj)
    assert after.pop("reviewed_on") == TODAY
    before.pop("reviewed_on")
    assert after == before  # nothing else, not even the last-updated time
    assert obj.history.count() == rows + 1
    latest = obj.history.first()
    assert (latest.history_user, latest.reviewed_on, latest.history_change_reason) == (
        redacteur,
        TODAY,
        "Vandaag nagekeken",
    )


def test_the_button_on_the_change_form_does_the_same(client, today, redacteur, make_offer, iok):
    offer = make_offer(iok, reviewed_on=ONE_YEAR_AGO)
    rows = offer.history.count()
    client.force_login(redacteur)
    form = find(
        page(client.get(f"/admin/offers/offer/{offer.pk}/change/")),
        "form",
        action=f"/admin/offers/offer/{offer.pk}/nagekeken/",
    )
    assert text(find(form, "button")) == "Vandaag nagekeken"
    assert client.get(f"/admin/offers/offer/{offer.pk}/nagekeken/").status_code == 405
    response = client.post(f"/admin/offers/offer/{offer.pk}/nagekeken/", shown_version(form))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/offers/offer/{offer.pk}/change/"
    offer.refresh_from_db()
    assert offer.reviewed_on == TODAY
    assert offer.history.count() == rows + 1


def test_nobody_marks_what_they_may_not_change(client, today, redacteur, coordinator, make_offer, interleuven, iok):
    foreign = make_offer(interleuven, reviewed_on=ONE_YEAR_AGO)
    own = make_offer(iok, reviewed_on=ONE_YEAR_AGO)
    client.force_login(redacteur)
    assert client.post(f"/admin/offers/offer/{foreign.pk}/nagekeken/").status_code == 404
    action(client, "offer", [foreign])
    client.force_login(coordinator)
    assert client.post(f"/admin/offers/offer/{own.pk}/nagekeken/").status_code == 403
    action(client, "offer", [own, foreign])
    change_page = page(client.get(f"/admin/offers/offer/{own.pk}/change/"))
    assert not find_all(change_page, "button", class_="reviewed-today-button")
    for offer in (foreign, own):
        offer.refresh_from_db()
        assert offer.reviewed_on == ONE_YEAR_AGO
        assert offer.history.count() == 1
    assert client.post("/admin/offers/offer/abc/nagekeken/").status_code == 404


def shown_version(form):
    return {"edit_version": attribute(find(form, "input", name="edit_version"), "value")}


def test_the_button_refuses_when_someone_saved_after_the_page_was_opened(
    client, today, redacteur, make_offer, iok, django_user_model
):
    """Two editors: B opens the offer, A saves a change, B clicks "Vandaag nagekeken" on the old page."""
    offer = make_offer(iok, reviewed_on=ONE_YEAR_AGO)
    other = django_user_model.objects.create_user("tweede-redacteur", first_name="An", last_name="Peeters")
    other.groups.add(redacteur.groups.first())
    other.memberships.create(supporter=iok)
    client.force_login(redacteur)
    change_url = f"/admin/offers/offer/{offer.pk}/change/"
    form = find(page(client.get(change_url)), "form", action=f"/admin/offers/offer/{offer.pk}/nagekeken/")
    offer.title = "Nieuwe titel van een collega"
    offer._history_user = other
    offer.save()
    rows = offer.history.count()

    response = client.post(f"/admin/offers/offer/{offer.pk}/nagekeken/", shown_version(form), follow=True)
    assert "Niet nagekeken" in text(find(page(response), "ul", class_="messagelist"))
    assert "An Peeters" in text(find(page(response), "ul", class_="messagelist"))
    offer.refresh_from_db()
    assert offer.reviewed_on == ONE_YEAR_AGO
    assert offer.history.count() == rows
    # Without a version (a hand-made request) nothing is marked either.
    client.post(f"/admin/offers/offer/{offer.pk}/nagekeken/")
    offer.refresh_from_db()
    assert offer.reviewed_on == ONE_YEAR_AGO
    # Clicking again on the page as it is now works.
    form = find(page(client.get(change_url)), "form", action=f"/admin/offers/offer/{offer.pk}/nagekeken/")
    client.post(f"/admin/offers/offer/{offer.pk}/nagekeken/", shown_version(form))
    offer.refresh_from_db()
    assert offer.reviewed_on == TODAY


# --- reminders ------------------------------------------------------------------------------------


@pytest.fixture
def redacteurs(make_user, iok, interleuven):
    return {
        "iok": make_user("an", REDACTEUR, [iok], email="an@iok.example"),
        "leuven": make_user("bo", REDACTEUR, [interleuven], email="bo@interleuven.example"),
        "both": make_user("cis", REDACTEUR, [iok, interleuven], email="cis@example.org"),
        "nothing_due": make_user("dirk", REDACTEUR, [], email="dirk@example.org"),
    }


def remind(*args):
    out, err = StringIO(), StringIO()
    call_command("send_review_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@override_settings(SITE_URL="https://lekp.example.be")
def test_each_redacteur_gets_one_mail_with_only_their_offers(overdue, redacteurs):
    out, err = remind()
    assert err == ""
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["an@iok.example", "bo@interleuven.example", "cis@example.org"]
    iok_mail = by_address["an@iok.example"].body
    assert "IOK te laat" in iok_mail
    assert f"https://lekp.example.be/admin/offers/offer/{overdue['iok_due'].pk}/change/" in iok_mail
    assert "Interleuven te laat" not in iok_mail
    assert "IOK bijna" not in iok_mail and "IOK concept" not in iok_mail
    assert "Interleuven te laat" in by_address["cis@example.org"].body
    assert "IOK te laat" in by_address["cis@example.org"].body
    assert by_address["an@iok.example"].subject == "LEKP-portaal: 1 aanbod om na te kijken"
    assert "Beste an" in iok_mail
    assert ReviewReminder.objects.count() == 3
    assert list(ReviewReminder.objects.get(user=redacteurs["iok"]).offers.all()) == [overdue["iok_due"]]
    assert "3 herinnering(en) verstuurd, 0 mislukt." in out


def test_no_second_reminder_within_thirty_days(clock, overdue, redacteurs):
    remind()
    assert len(mail.outbox) == 3
    clock(2027, 1, 1, 9, 0)  # 30 days later
    remind()
    assert len(mail.outbox) == 3
    clock(2027, 1, 1, 11, 0)  # more than 30 days after the first run at 10:00
    remind()
    assert len(mail.outbox) == 6


def test_a_dry_run_says_who_would_get_what_and_sends_and_stores_nothing(overdue, redacteurs):
    out, _err = remind("--dry-run")
    assert "an <an@iok.example> zou 1 aanbod krijgen: IOK te laat" in out
    assert "bo <bo@interleuven.example> zou 1 aanbod krijgen: Interleuven te laat" in out
    assert "Proefdraai" in out
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_a_bad_address_is_reported_and_the_others_still_get_theirs(overdue, redacteurs, monkeypatch):
    redacteurs["iok"].email = "geen-adres"
    redacteurs["iok"].save()
    original_send = mail.EmailMessage.send

    def refusing_send(message, *args, **kwargs):
        if message.to == ["bo@interleuven.example"]:
            raise OSError("550 mailbox unavailable")
        return original_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", refusing_send)
    out, err = remind()
    assert "an: overgeslagen, ongeldig e-mailadres “geen-adres”." in err
    assert "bo <bo@interleuven.example>: niet verstuurd (550 mailbox unavailable)." in err
    assert [message.to for message in mail.outbox] == [["cis@example.org"]]
    assert list(ReviewReminder.objects.values_list("user__username", flat=True)) == ["cis"]
    assert "1 herinnering(en) verstuurd, 2 mislukt." in out


# --- the offer's page -------------------------------------------------------------------------------


def test_the_page_says_when_it_was_last_reviewed_in_belgian_words(client, today, make_offer, iok):
    offer = make_offer(iok, reviewed_on=datetime.date(2026, 3, 5))
    assert text(find(page(client.get(offer.get_absolute_url())), "p", class_="reviewed-on")) == (
        "Laatst nagekeken op 5 maart 2026 ."
    )


def test_the_outdated_notice_appears_on_the_due_day_and_names_the_contact(client, clock, make_offer, make_supporter):
    supporter = make_supporter("ok", name="OK", email="info@ok.example", phone="011 12 34 56")
    offer = make_offer(supporter, reviewed_on=datetime.date(2025, 12, 2))
    clock(2026, 12, 1, 23, 59)
    assert not find_all(page(client.get(offer.get_absolute_url())), "aside", class_="notice--outdated")
    clock(2026, 12, 2, 0, 0)
    notice = find(page(client.get(offer.get_absolute_url())), "aside", class_="notice--outdated")
    assert "OK heeft dit aanbod sinds 2 december 2025 niet meer nagekeken" in text(notice)
    assert "mailto:info@ok.example" in hrefs(notice)
