"""Login throttling (django-axes): 5 failed logins for a username from one address lock that
username at that address for 15 minutes, the right password included; a beheerder lifts it."""

import datetime

import pytest
from admin_forms import PASSWORD, listed, messages_of
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory
from markup import find, page, text

from lekp_portal.login_throttle import client_ip_address

HOME = "192.0.2.10"  # documentation addresses (RFC 5737): nothing is ever sent to them
ELSEWHERE = "198.51.100.20"


def log_in(client, username, password, **headers):
    headers.setdefault("REMOTE_ADDR", HOME)
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **headers)


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail_five_times(client, username, **headers):
    responses = [log_in(client, username, "fout-wachtwoord", **headers) for _ in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4  # the normal "wrong password" form
    return responses[-1]


def lockout_text(response):
    return text(find(page(response, status=429), "p", id="lockout-message"))


def test_sixth_login_is_refused_even_with_the_right_password(client, redacteur):
    fifth = fail_five_times(client, redacteur.username)
    assert "15 minuten geblokkeerd" in lockout_text(fifth)

    sixth = log_in(client, redacteur.username, PASSWORD)
    message = lockout_text(sixth)
    assert "Na 5 mislukte pogingen is aanmelden als “redacteur-iok” vanaf dit adres 15 minuten geblokkeerd" in message
    assert "ook met het juiste wachtwoord" in message
    assert "Probeer het opnieuw na" in message
    # The refusal is in the admin's own look, and nobody got logged in.
    assert "LEKP-portaal beheer" in text(page(sixth, status=429))
    assert client.get("/admin/").status_code == 302


def test_four_failures_do_not_lock(client, redacteur):
    for _ in range(4):
        log_in(client, redacteur.username, "fout-wachtwoord")
    assert logged_in(log_in(client, redacteur.username, PASSWORD))


def test_lockout_is_per_username_and_address(client, redacteur, beheerder):
    fail_five_times(client, redacteur.username)
    assert logged_in(log_in(client, redacteur.username, PASSWORD, REMOTE_ADDR=ELSEWHERE))
    client.logout()
    assert logged_in(log_in(client, beheerder.username, PASSWORD))
    client.logout()
    assert log_in(client, redacteur.username, PASSWORD).status_code == 429


def move_failures_back(minutes, seconds=0):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes, seconds=seconds))


def test_lockout_ends_after_15_minutes(client, redacteur):
    fail_five_times(client, redacteur.username)
    move_failures_back(14)
    assert log_in(client, redacteur.username, PASSWORD).status_code == 429
    move_failures_back(1, seconds=1)
    assert logged_in(log_in(client, redacteur.username, PASSWORD))


def test_beheerder_sees_and_lifts_a_lockout(client, redacteur, beheerder):
    fail_five_times(client, redacteur.username)
    client.force_login(beheerder)
    changelist = "/admin/axes/accessattempt/"
    response = client.get(changelist)
    assert [(a.username, a.ip_address, a.failures_since_start) for a in listed(response)] == [
        ("redacteur-iok", HOME, 5)
    ]
    assert "Mislukte aanmeldpogingen en blokkeringen" in text(page(response))  # Dutch labels
    lifted = client.post(
        changelist,
        {"action": "lift_lockouts", "_selected_action": [a.pk for a in listed(response)]},
        follow=True,
    )
    assert "1 blokkering opgeheven; wie geblokkeerd was, kan meteen weer aanmelden." in messages_of(lifted)
    client.logout()
    assert logged_in(log_in(client, redacteur.username, PASSWORD))


@pytest.mark.parametrize("role", ["redacteur", "coordinator", "outsider"])
def test_only_a_beheerder_sees_lockouts(request, client, role, beheerder):
    fail_five_times(client, beheerder.username)
    attempt = AccessAttempt.objects.get()
    client.force_login(request.getfixturevalue(role))
    for url in ("/admin/axes/accessattempt/", f"/admin/axes/accessattempt/{attempt.pk}/change/", "/admin/axes/"):
        assert client.get(url).status_code in {403, 404}, url
    assert "/admin/axes/" not in client.get("/admin/").content.decode()
    client.post("/admin/axes/accessattempt/", {"action": "lift_lockouts", "_selected_action": [attempt.pk]})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# -- where a login comes from, behind the TLS proxy --------------------------------------------


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy trusted: the header is the client's own words
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged entry in front is ignored
        (2, "6.6.6.6, 203.0.113.5, 198.51.100.7", "203.0.113.5"),
        (1, "2001:DB8::0:1", "2001:db8::1"),
        (1, None, "10.0.0.1"),  # reached without the proxy
        (2, "203.0.113.5", "10.0.0.1"),  # fewer entries than proxies
        (1, "niet-een-adres", "10.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"REMOTE_ADDR": "10.0.0.1"}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip_address(RequestFactory().post("/admin/login/", **headers)) == expected


def test_behind_the_proxy_each_client_has_its_own_lockout(client, settings, redacteur):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    fail_five_times(client, redacteur.username, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {HOME}", **proxy)
    assert AccessAttempt.objects.get().ip_address == HOME
    # Forging the header does not escape the lockout, and another client behind the same proxy is not locked.
    forged = log_in(client, redacteur.username, PASSWORD, HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}, {HOME}", **proxy)
    assert forged.status_code == 429
    assert logged_in(log_in(client, redacteur.username, PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE, **proxy))
