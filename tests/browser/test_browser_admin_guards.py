"""The login lockout and the edit-conflict message as a person meets them in chromium: readable,
in Dutch, in the admin's look, and without axe violations. Screenshots go to test-artifacts/."""

import pytest
from admin_forms import PASSWORD
from test_browser_checkers import run_axe

from offers.models import Offer
from offers.permissions import REDACTEUR

pytestmark = pytest.mark.browser


def log_in(page, username, password):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()


def test_sixth_login_shows_the_lockout(page, live_server, make_user, checkers, artifacts):
    make_user("redacteur-iok", REDACTEUR)
    for _ in range(5):
        log_in(page, "redacteur-iok", "fout-wachtwoord")
    log_in(page, "redacteur-iok", PASSWORD)
    message = page.locator("#lockout-message").inner_text()
    assert "15 minuten geblokkeerd, ook met het juiste wachtwoord" in message
    assert page.locator("h1").inner_text() == "Aanmelden tijdelijk geblokkeerd"
    page.screenshot(path=artifacts / "admin-lockout-1280.png", full_page=True)
    assert run_axe(page, checkers["axe"]) == []


def test_a_conflicting_save_shows_what_changed(
    page, live_server, make_user, make_offer, iok, werven, checkers, artifacts, csp_violations
):
    make_user("bart", REDACTEUR, [iok])
    anna = make_user("anna", REDACTEUR, [iok], first_name="Anna", last_name="Peeters")
    offer = make_offer(iok, werven=[werven[2]], title="Warmtemakelaar Kempen", kind=Offer.Kind.BEGELEIDING)
    log_in(page, "bart", PASSWORD)
    page.goto(f"/admin/offers/offer/{offer.pk}/change/")
    page.get_by_label("Samenvatting").fill("Bart zijn samenvatting.")

    # Meanwhile Anna saves the same offer.
    offer.title = "Warmtemakelaar Kempen+"
    offer._history_user = anna
    offer.save()

    page.get_by_role("button", name="Opslaan", exact=True).first.click()
    errors = page.locator(".errorlist.nonfield").inner_text()
    assert "Niet opgeslagen: iemand anders sloeg dit aanbod op" in errors
    assert "titel: “Warmtemakelaar Kempen” → “Warmtemakelaar Kempen+”" in errors
    assert page.get_by_label("Samenvatting").input_value() == "Bart zijn samenvatting."
    page.screenshot(
        path=artifacts / "admin-edit-conflict-1280.png", full_page=True, caret="initial"
    )  # hiding the caret injects a <style> the CSP refuses
    # axe-core inserts a <style> of its own while it checks this page, which the CSP refuses; the
    # portal's own page caused no violation (the list is empty up to here), so only axe's are dropped.
    assert csp_violations == []
    assert run_axe(page, checkers["axe"]) == []
    del csp_violations[:]
