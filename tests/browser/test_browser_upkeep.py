"""The pages this issue changed, in chromium: an overdue offer with its notice, the list with a
"sluit binnenkort" card, and the admin start page of a redacteur with what is due and a dead link.
axe-core, the Nu HTML Checker and a 375 px phone, as for every other page."""

import datetime

import pytest
from admin_forms import PASSWORD
from django.contrib.auth import get_user_model
from django.utils import timezone
from test_browser_checkers import html_errors, page_problems

from offers.models import Membership, Offer
from offers.permissions import REDACTEUR, sync_roles
from upkeep.models import LinkCheck, LinkUse

pytestmark = pytest.mark.browser


@pytest.fixture
def upkeep_pages(seed):
    today = timezone.localdate()
    overdue = seed["offer"]
    Offer.objects.filter(pk=overdue.pk).update(reviewed_on=today - datetime.timedelta(days=2 * 365))
    closing = Offer.objects.published().filter(supporter=seed["iok"]).exclude(pk=overdue.pk).first()
    Offer.objects.filter(pk=closing.pk).update(is_ongoing=False, ends_on=today + datetime.timedelta(days=10))
    link = LinkCheck.objects.create(
        url="https://example.invalid/weg", outcome=LinkCheck.Outcome.BROKEN, status_code=404, checked_at=timezone.now()
    )
    LinkUse.objects.create(link=link, supporter=seed["iok"], offer=closing, field="description")
    user = get_user_model().objects.create_user("redacteur-test", password=PASSWORD, is_staff=True)
    user.groups.add(sync_roles()[REDACTEUR])
    Membership.objects.create(user=user, supporter=seed["iok"])
    return {
        "aanbod-verouderd": overdue.get_absolute_url(),
        "aanbod-sluit-binnenkort": "/aanbod/?looptijd=binnenkort",
        "beheer-start": "/admin/",
        # Django's own change form fails axe on its breadcrumbs (links told apart by colour only), so
        # this page, where only the button "Vandaag nagekeken" is new, gets the Nu checker alone.
        "beheer-aanbod-wijzigen": f"/admin/offers/offer/{overdue.pk}/change/",
    }


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "redacteur-test")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_the_changed_pages_are_accessible_valid_and_fit_a_phone(
    page, live_server, upkeep_pages, checkers, artifacts, tmp_path
):
    log_in(page, live_server)
    problems, files = {}, []
    for name, path in upkeep_pages.items():
        if name == "beheer-aanbod-wijzigen":
            page.goto(live_server.url + path)
            page.screenshot(path=artifacts / f"{name}.png")
            found = [] if page.get_by_role("button", name="Vandaag nagekeken").is_visible() else ["geen knop"]
        else:
            found = page_problems(page, live_server.url + path, name, checkers, artifacts)
        if name == "aanbod-verouderd" and not page.locator(".notice--outdated").is_visible():
            found.append("geen melding dat de informatie verouderd kan zijn")
        if name == "aanbod-sluit-binnenkort" and page.locator(".tag--closing").count() != 1:
            found.append("geen kaart met “sluit binnenkort”")
        if name == "beheer-start" and page.locator("#upkeep .upkeep-broken-links li").count() != 1:
            found.append("de kapotte link staat niet op de startpagina")
        if found:
            problems[f"{name} ({path})"] = found
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(page.request.get(live_server.url + path).body())
    assert problems == {}, problems
    # Known and older than this page's button: the label of the fixed supporter (a hidden input).
    errors = html_errors(checkers["vnu"], files)
    assert [e for e in errors if not (e.startswith("beheer-aanbod-wijzigen.html:") and 'for="id_supporter"' in e)] == []
