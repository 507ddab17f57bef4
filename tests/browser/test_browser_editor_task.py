"""The editor's task of issue 16, played at 375 and 1280 px: "an IOK editor updates an offer, marks it
reviewed, adds a draft and checks the history", from the login page on the seed data.

Each click is counted (typing is not; a choice from a list counts as one), as in the official's
task; axe-core checks every page on the way. test_browser_admin_for_editors.py looks at the parts
one by one."""

import pytest
from admin_forms import PASSWORD
from django.utils import timezone
from test_browser_admin_for_editors import fits
from test_browser_checkers import run_axe
from test_browser_official_task import DESKTOP, PHONE, Clicks

from offers.models import Offer, PublicationStatus
from offers.permissions import REDACTEUR

pytestmark = pytest.mark.browser

ADDED = "en de gemeentelijke scholen."
DRAFT = "Onthardingsmanager Kempen"


# The words of an element that the browser broke over two lines.
SPLIT_WORDS_JS = """(element) => {
    const split = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.textContent.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            if (new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1) split.push(match[0]);
        }
    }
    return split;
}"""


def messages_on(page):
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert errors == [], f"niet opgeslagen: {errors}"
    return page.locator(".messagelist li").all_inner_texts()


@pytest.fixture
def axe_clean(page, checkers, csp_violations):
    """No axe-core violations on the page in view, after checking that the page itself broke no CSP rule.

    axe adds a <style> of its own while it checks some admin pages, which the CSP refuses: those
    refusals are axe's, so they are dropped once the page's own were found to be none.
    """

    def check():
        assert csp_violations == []
        found = run_axe(page, checkers["axe"])
        del csp_violations[:]
        assert found == [], f"axe op {page.url}: {found}"

    return check


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_an_iok_editor_updates_reviews_drafts_and_checks_the_history(
    page, browser, live_server, seed, make_user, artifacts, axe_clean, viewport
):
    width = viewport["width"]
    make_user("sverbeke", REDACTEUR, [seed["iok"]], first_name="Sofie", last_name="Verbeke")
    offer = seed["offer"]
    page.set_viewport_size(viewport)
    clicks = Clicks(page)

    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_label("Gebruikersnaam").fill("sverbeke")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    clicks.click(page.get_by_role("button", name="Aanmelden"))
    axe_clean()

    # Update: the offer from IOK's list, a changed summary, saved.
    clicks.click(page.locator("#content-main").get_by_role("link", name="Aanbod", exact=True))
    assert fits(page), "de lijst scrolt zijwaarts"
    axe_clean()
    clicks.click(page.locator("#result_list").get_by_role("link", name=offer.title, exact=True))
    axe_clean()
    # Django's Dutch says "aanbod wijzigen"; as a heading it starts with a capital.
    assert page.locator("#content > h1").inner_text() == "Aanbod wijzigen"
    summary = page.get_by_label("Samenvatting")
    old_summary = summary.input_value()
    new_summary = old_summary.rstrip(".") + " " + ADDED
    summary.fill(new_summary)
    clicks.click(page.get_by_role("button", name="Opslaan en opnieuw bewerken").first)
    assert messages_on(page) == [f"Het aanbod “{offer.title}” werd opgeslagen. Het staat op de site."]
    offer.refresh_from_db()
    assert offer.summary == new_summary

    # Reviewed today: the date in the message and in the form.
    today = timezone.localdate()
    clicks.click(page.get_by_role("button", name="Vandaag nagekeken"))
    assert messages_on(page) == [f"“{offer.title}” is vandaag ({today:%d/%m/%Y}) nagekeken."]
    offer.refresh_from_db()
    assert offer.reviewed_on == today
    assert page.locator("#id_reviewed_on").input_value() == f"{today:%d-%m-%Y}"  # Django's Dutch date input
    page.screenshot(path=artifacts / f"taak-redacteur-nagekeken-{width}.png")
    clicks_to_reviewed = clicks.count

    # A new offer, left a concept: the message says it is not public.
    clicks.click(page.locator(".breadcrumbs").get_by_role("link", name="Aanbod", exact=True))
    clicks.click(page.get_by_role("link", name="Aanbod toevoegen"))
    axe_clean()
    page.get_by_label("Titel").fill(DRAFT)
    page.get_by_label("Samenvatting").fill("IOK zoekt met de gemeenten plekken om te ontharden.")
    page.get_by_label("Beschrijving").fill("Een onthardingsmanager begeleidt de gemeente van plan tot uitvoering.")
    clicks.click(page.get_by_label("Werf 4", exact=False), navigates=False)
    clicks.count += 1  # a choice from a list, counted as one click
    page.get_by_label("Soort ondersteuning").select_option(Offer.Kind.BEGELEIDING)
    clicks.click(page.get_by_label("Doorlopend (geen einddatum)"), navigates=False)
    assert page.get_by_label("Status").input_value() == PublicationStatus.CONCEPT
    clicks.click(page.get_by_role("button", name="Opslaan en opnieuw bewerken").first)
    assert messages_on(page) == [
        f"Het aanbod “{DRAFT}” werd opgeslagen. Het is een concept en nog niet zichtbaar op de site."
    ]
    draft = Offer.objects.get(title=DRAFT)
    assert draft.supporter == seed["iok"] and draft.status == PublicationStatus.CONCEPT
    axe_clean()
    page.screenshot(path=artifacts / f"taak-redacteur-concept-opgeslagen-{width}.png")

    # Its preview, for the editor only.
    clicks.click(page.get_by_role("link", name="Bekijk op de site"))
    assert page.url == live_server.url + draft.get_absolute_url()
    banner = page.locator(".notice--preview")
    assert banner.is_visible() and "Concept – niet openbaar" in banner.inner_text()
    assert page.locator("h1").inner_text() == DRAFT
    assert fits(page)
    axe_clean()
    page.screenshot(path=artifacts / f"taak-redacteur-voorbeeld-{width}.png")
    visitor = browser.new_page()
    assert visitor.goto(live_server.url + draft.get_absolute_url()).status == 404
    visitor.close()

    # The history of the updated offer marks the words that changed.
    clicks.click(banner.get_by_role("link", name="Bewerk in het beheer"))
    clicks.click(page.locator(".breadcrumbs").get_by_role("link", name="Aanbod", exact=True))
    clicks.click(page.locator("#result_list").get_by_role("link", name=offer.title, exact=True))
    clicks.click(page.get_by_role("link", name="Geschiedenis"))
    change = page.locator("#change-history tbody tr", has=page.locator("ins"))
    assert change.count() == 1
    assert change.locator("ins").inner_text().endswith(ADDED)
    assert change.locator("del").count() == 1
    assert change.locator('td[data-label="Door"]').inner_text().strip() == "Sofie Verbeke"
    # The review is a row of its own, newest first, with the date in Belgian order.
    reviewed = page.locator("#change-history tbody tr").first
    assert "Vandaag nagekeken" in reviewed.inner_text()
    assert f"{today.day} " in reviewed.locator('td[data-label="Wijzigingen"]').inner_text()
    assert fits(page), "de geschiedenis scrolt zijwaarts"
    # Readable: dates and names wrap between words, not inside them.
    assert page.locator("#change-history tbody").evaluate(SPLIT_WORDS_JS) == []
    axe_clean()
    change.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"taak-redacteur-geschiedenis-{width}.png")

    (artifacts / f"taak-redacteur-klikken-{width}.txt").write_text(
        f"{clicks_to_reviewed} klikken tot het bijgewerkte en nagekeken aanbod; "
        f"{clicks.count} klikken, {len(clicks.pages) + 1} pagina's voor de hele taak "
        "(bijwerken, nagekeken, concept toevoegen en bekijken, geschiedenis)\n"
    )
    assert clicks.count == 16
