"""E-mail alerts: double opt-in, only what is new or changed for exactly the saved filters, once per
period, one-click unsubscribe without an account; bad input stores and sends nothing."""

from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone
from gemeenten_data import make_municipality
from markup import find, page, text

from meldingen.models import ALERTS_PER_ADDRESS, Alert
from meldingen.tokens import CONFIRM, UNSUBSCRIBE, fingerprint, make_token
from offers.models import Offer, PublicationStatus

ADDRESS = "ambtenaar@leuven.be"


@pytest.fixture
def portal(werven, make_supporter, make_offer):
    iok = make_supporter("iok", name="IOK")
    interleuven = make_supporter("interleuven", name="Interleuven")
    make_municipality("24062", "Leuven", 102275, supporters=[interleuven])
    old = timezone.now() - timedelta(days=400)
    make_offer(iok, [werven[2]], title="Warmtemakelaar Kempen")
    make_offer(interleuven, [werven[1]], title="Bomen in het Hageland")
    Offer.objects.update(published_at=old, content_changed_at=old)
    return {"iok": iok, "interleuven": interleuven}


def subscribe(client, filters="werf=2", email=ADDRESS, frequency="dagelijks"):
    return client.post("/meldingen/", {"email": email, "frequency": frequency, "filters": filters})


def link_in(message, path):
    """The path of the one link in the mail that starts with ``path``."""
    (url,) = [word for word in message.body.split() if urlsplit(word).path.startswith(path)]
    return urlsplit(url).path


def confirm(client, message):
    url = link_in(message, "/meldingen/bevestigen/")
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200
    return response


def send(*args):
    out = StringIO()
    call_command("send_alerts", *args, stdout=out)
    return out.getvalue()


def publish(make_offer, supporter, werven, title, **fields):
    return make_offer(supporter, werven, title=title, **fields)


# --- asking and confirming ---------------------------------------------------------------------


def test_an_alert_needs_confirmation_and_then_gets_only_the_new_offer_of_its_list(client, portal, werven, make_offer):
    response = subscribe(client, "werf=2&sortering=titel")
    assert response.status_code == 302 and response["Location"] == "/meldingen/verstuurd/"
    (confirmation,) = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert "- Werf: Werf 2: Verrijk je wijk" in confirmation.body
    alert = Alert.objects.get()
    assert alert.query == "werf=2" and not alert.is_confirmed

    # Nothing before confirmation, even with news.
    publish(make_offer, portal["iok"], [werven[2]], "Vroeg nieuws")
    send()
    assert len(mail.outbox) == 1

    confirm(client, confirmation)
    alert.refresh_from_db()
    assert alert.is_confirmed
    send()
    assert len(mail.outbox) == 1  # what came before the confirmation is not news to it

    publish(make_offer, portal["iok"], [werven[2]], "Nieuwe energiescan")
    publish(make_offer, portal["interleuven"], [werven[1]], "Nieuw voor werf 1")
    publish(make_offer, portal["iok"], [werven[2]], "Een concept", status=PublicationStatus.CONCEPT)
    send()
    assert len(mail.outbox) == 2
    news = mail.outbox[1]
    assert news.to == [ADDRESS]
    assert "Nieuwe energiescan (nieuw)" in news.body
    for other in ("Vroeg nieuws", "Nieuw voor werf 1", "Een concept", "Warmtemakelaar Kempen"):
        assert other not in news.body
    assert "http://127.0.0.1:8000/aanbod/?werf=2&sortering=gewijzigd" in news.body.split()
    unsubscribe = link_in(news, "/meldingen/uitschrijven/")
    assert news.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_change_of_content_is_news_and_a_review_is_not(client, portal, werven):
    subscribe(client, "gemeente=24062")
    confirm(client, mail.outbox[0])
    offer = Offer.objects.get(title="Bomen in het Hageland")
    offer.reviewed_on = timezone.localdate()
    offer.save()
    send()
    assert len(mail.outbox) == 1
    offer.summary = "Nu ook voor gevels."
    offer.save()
    Alert.objects.update(last_period="")  # a new day
    send()
    assert len(mail.outbox) == 2
    assert "Bomen in het Hageland (gewijzigd)" in mail.outbox[1].body


def test_no_second_mail_in_the_same_period(client, portal, werven, make_offer):
    subscribe(client, "werf=2", frequency="wekelijks")
    confirm(client, mail.outbox[0])
    publish(make_offer, portal["iok"], [werven[2]], "Eerste")
    assert "1 melding(en) verstuurd." in send()
    publish(make_offer, portal["iok"], [werven[2]], "Tweede")
    assert "0 melding(en) verstuurd." in send()
    assert len(mail.outbox) == 2
    # The next week it comes, with what the last one did not have.
    Alert.objects.update(last_period="2000-W01")
    send()
    assert len(mail.outbox) == 3 and "Tweede" in mail.outbox[2].body and "Eerste" not in mail.outbox[2].body


def test_dry_run_sends_and_changes_nothing(client, portal, werven, make_offer):
    subscribe(client, "werf=2")
    confirm(client, mail.outbox[0])
    publish(make_offer, portal["iok"], [werven[2]], "Eerste")
    before = Alert.objects.values().get()
    output = send("--dry-run")
    assert f"{ADDRESS} (dagelijks, werf=2): Eerste" in output
    assert len(mail.outbox) == 1 and Alert.objects.values().get() == before


# --- unsubscribing ------------------------------------------------------------------------------


def test_unsubscribe_without_login_get_asks_post_deletes(client, portal, werven, make_offer):
    subscribe(client, "werf=2")
    confirm(client, mail.outbox[0])
    publish(make_offer, portal["iok"], [werven[2]], "Eerste")
    send()
    url = link_in(mail.outbox[1], "/meldingen/uitschrijven/")
    document = page(client.get(url))
    assert text(find(find(document, "main"), "button")) == "Schrijf mij uit"
    assert Alert.objects.exists()
    # What a mail program sends for RFC 8058: no cookie, no CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Alert.objects.exists()
    # Again: it is gone, said in Dutch.
    assert "bestaat niet (meer)" in client.post(url).content.decode()


# --- bad input: nothing stored, nothing sent -------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ("werf=9", "Werf 9 bestaat niet; die filter is genegeerd."),
        ("ondersteuner=onbekend", "Ondersteuner „onbekend” bestaat niet"),
        ("gemeente=99999", "Gemeente „99999” is geen NIS-code"),
        ("kleur=rood", "Filter „kleur” bestaat niet."),
        ("q=" + "x" * 2001, "te veel filters om te volgen"),
    ],
)
def test_filters_that_do_not_exist_store_and_send_nothing(client, portal, filters, message):
    response = subscribe(client, filters)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Alert.objects.exists() and not mail.outbox


@pytest.mark.parametrize("email", ["", "geen-adres", "a@b", "ambtenaar@leuven.be\nBcc: x@y.be"])
def test_an_invalid_address_stores_and_sends_nothing(client, portal, email):
    response = subscribe(client, email=email)
    assert response.status_code == 200
    document = page(response)
    assert find(document, "div", role="alert")
    assert not Alert.objects.exists() and not mail.outbox


def test_a_forged_or_expired_token_does_nothing(client, portal, settings):
    subscribe(client)
    alert = Alert.objects.get()
    forged = make_token(alert, CONFIRM)[:-2] + "xx"
    for url in (
        f"/meldingen/bevestigen/{forged}/",
        f"/meldingen/bevestigen/{make_token(alert, UNSUBSCRIBE)}/",  # a token for another purpose
        f"/meldingen/uitschrijven/{make_token(alert, CONFIRM)}/",
        f"/meldingen/uitschrijven/{signing.dumps({'id': alert.pk, 'adres': fingerprint(ADDRESS)}, salt='x')}/",
    ):
        assert client.post(url).status_code == 400
        assert "niet geldig" in client.get(url).content.decode()
    alert.refresh_from_db()
    assert Alert.objects.count() == 1 and not alert.is_confirmed
    # A link of an alert that is gone does not work for the next one with the same id.
    token = make_token(alert, UNSUBSCRIBE)
    pk = alert.pk
    alert.delete()
    Alert.objects.create(pk=pk, email="iemand@anders.be", query="werf=2")
    assert "bestaat niet (meer)" in client.post(f"/meldingen/uitschrijven/{token}/").content.decode()
    assert Alert.objects.filter(pk=pk).exists()
    alert = Alert.objects.get(pk=pk)
    # Expired: signed eight days ago.
    old = timezone.now() - timedelta(days=8)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("time.time", lambda: old.timestamp())
        token = make_token(alert, CONFIRM)
    response = client.post(f"/meldingen/bevestigen/{token}/")
    assert response.status_code == 400 and "verlopen" in response.content.decode()
    assert not Alert.objects.get().is_confirmed
    assert len(mail.outbox) == 1


def test_the_same_list_twice_and_the_caps_per_address(client, portal):
    subscribe(client, "werf=2")
    response = subscribe(client, "werf=2", email=ADDRESS.upper())
    assert "volgt deze lijst al" in response.content.decode()
    subscribe(client, "werf=1")
    subscribe(client, "werf=3")
    # Three waiting for confirmation: no fourth confirmation mail.
    response = subscribe(client, "werf=4")
    assert "wachten al enkele meldingen op bevestiging" in response.content.decode()
    assert Alert.objects.count() == 3 and len(mail.outbox) == 3
    Alert.objects.update(confirmed_at=timezone.now())
    for n in range(ALERTS_PER_ADDRESS - 3):
        Alert.objects.create(email=ADDRESS, query=f"q=woord{n}", confirmed_at=timezone.now())
    response = subscribe(client, "werf=4")
    assert f"hoogstens {ALERTS_PER_ADDRESS} lijsten" in response.content.decode()
    assert Alert.objects.count() == ALERTS_PER_ADDRESS


def test_unconfirmed_alerts_go_after_seven_days(client, portal):
    subscribe(client, "werf=2")
    subscribe(client, "werf=1")
    Alert.objects.filter(query="werf=2").update(created_at=timezone.now() - timedelta(days=8))
    assert "1 onbevestigde melding(en) gewist." in send()
    assert list(Alert.objects.values_list("query", flat=True)) == ["werf=1"]


def test_an_alert_whose_filters_no_longer_exist_is_not_sent(client, portal, werven, make_offer):
    subscribe(client, "ondersteuner=iok")
    confirm(client, mail.outbox[0])
    Offer.objects.filter(supporter=portal["iok"]).delete()
    portal["iok"].delete()
    output = send()
    assert "overgeslagen: Ondersteuner „iok” bestaat niet" in output
    assert len(mail.outbox) == 1


def test_the_form_page_and_the_box_on_a_list_page(client, portal):
    document = page(client.get("/meldingen/?filters=werf%3D2"))
    assert "Werf: Werf 2: Verrijk je wijk" in text(document)
    box = page(client.get("/werven/2/"))
    assert find(box, "input", name="filters", type="hidden")
