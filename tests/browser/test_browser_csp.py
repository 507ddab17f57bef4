"""The strict Content-Security-Policy in chromium: the main public pages (the maps, the print
button) and the admin (login, a change list, an offer's change form, its history) run without a
single refused script, style or image."""

import pytest
from django.contrib.auth import get_user_model

from gemeenten.models import Municipality

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord-voor-de-browser"


def test_public_pages_and_the_admin_run_without_csp_violations(page, live_server, seed, page_types, csp_violations):
    paths = [*page_types.values(), "/gemeenten/", "/gemeenten/24062/", "/dekking/", "/dekking/?kaart=2"]
    for path in paths:
        page.goto(live_server.url + path)
    page.goto(live_server.url + "/aanbod/?werf=4")
    assert page.locator(".js-print").count() == 1  # made by static/js/portal.js: the script ran
    # The page's own stylesheet applied: the skip link is moved out of sight until focused.
    assert page.locator(".skip-link").evaluate("el => getComputedStyle(el).position") == "absolute"

    get_user_model().objects.create_superuser("beheerder", "beheerder@example.be", PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Gebruikersnaam").fill("beheerder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()
    offer = seed["offer"]
    leuven = Municipality.objects.get(nis_code="24062")
    for path in [
        "/admin/",
        "/admin/offers/offer/",
        f"/admin/offers/offer/{offer.pk}/change/",
        f"/admin/offers/offer/{offer.pk}/history/",
        "/admin/offers/offer/add/",
        f"/admin/gemeenten/municipality/{leuven.pk}/change/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
    # The admin's scripts ran: the change form's "save and continue" works, the date widget is there.
    page.goto(live_server.url + f"/admin/offers/offer/{offer.pk}/change/")
    assert page.locator(".datetimeshortcuts").count() >= 1
    with page.expect_navigation():
        page.locator("input[name=_continue]").first.click()
    assert page.locator(".messagelist .success").count() == 1
    assert csp_violations == []

    # The collector can fail: an inline script and an inline style are refused and reported.
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.inlineRan = true';
            document.body.append(script);
            document.body.insertAdjacentHTML('beforeend', '<p style="color: red">rood</p>');
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.inlineRan") is None
    assert any("script-src" in violation for violation in csp_violations)
    assert any("style-src" in violation for violation in csp_violations)
    csp_violations.clear()
