"""The official's task of issue 16, played at 375 and 1280 px: "everything to plant trees and unpave
schoolyards in a Kempen municipality, and whom to call", from the home page to the printed list.

Each click is counted, so the number of clicks the task takes is measured, not guessed."""

from urllib.parse import parse_qsl, urlsplit

import pytest
from test_browser_checkers import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
GEEL = "13008"


def query_of(url):
    return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))


LIST_QUERY = sorted([("gemeente", GEEL), ("werf", "1"), ("werf", "4")])


class Clicks:
    """Clicks the official makes, counted, each followed by the page it leads to."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.pages = set()

    def click(self, locator, navigates=True):
        self.count += 1
        if navigates:
            with self.page.expect_navigation():
                locator.click()
            self.pages.add(self.page.url.split("#")[0])
        else:
            locator.click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_trees_and_schoolyards_in_geel_and_whom_to_call(page, live_server, seed, artifacts, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    clicks = Clicks(page)

    clicks.click(page.locator(".main-nav").get_by_role("link", name="Gemeenten", exact=True))
    clicks.click(page.locator("main").get_by_role("link", name="Geel", exact=True).first)
    assert page.url.endswith(f"/gemeenten/{GEEL}/")
    clicks.click(page.get_by_role("link", name="Bekijk ze in de lijst met filters"))
    assert f"gemeente={GEEL}" in page.url

    panel = page.locator("details.filters-panel")
    if viewport is PHONE:
        # Folded on a phone: the results come first; one button opens the filters.
        assert not panel.evaluate("el => el.open")
        assert page.locator("summary").first.inner_text() == "Filters (1 actief)"
        clicks.click(page.locator("details.filters-panel > summary"), navigates=False)
    assert panel.evaluate("el => el.open")
    # Trees are werf 1, unpaving schoolyards werf 4.
    clicks.click(page.locator("input[name=werf][value='1']"), navigates=False)
    clicks.click(page.locator("input[name=werf][value='4']"), navigates=False)
    clicks.click(page.get_by_role("button", name="Toon resultaten"))

    # The address is short to share: no empty search, no default order.
    assert query_of(page.url) == LIST_QUERY, page.url
    clicks_to_list, pages_to_list = clicks.count, len(clicks.pages) + 1  # and the home page
    cards = page.locator(".offer-card")
    assert cards.count() > 0
    # The page lands on the results: the first card starts within the first screen.
    top = cards.first.bounding_box()["y"]
    assert -1 <= top < PHONE["height"] - 100, f"het eerste resultaat begint op {top} px"
    screenshot(page, artifacts / f"taak-ambtenaar-resultaten-{viewport['width']}.png")
    page.screenshot(path=artifacts / f"taak-ambtenaar-eerste-scherm-{viewport['width']}.png")

    # Every card says whom to call: a phone number or e-mail address as a link, or the supporter's page.
    for card in cards.all():
        contact = card.locator(".card__contact")
        assert contact.is_visible(), card.locator(".card__title").inner_text()
        assert contact.locator("a").count() > 0

    # Sharing: the mail carries the address of the list; "Kopieer de link" (added by the static JS) copies it.
    share = page.locator(".share")
    assert "body=http" in share.locator("a.share__mail").get_attribute("href")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    share.get_by_role("button", name="Kopieer de link").click()
    page.wait_for_function("() => document.querySelector('.share__status').textContent !== ''")
    assert share.locator(".share__status").inner_text() == "De link is gekopieerd."
    assert query_of(page.evaluate("() => navigator.clipboard.readText()")) == LIST_QUERY

    # The printed list carries each offer's address and contact, and no export or share buttons.
    page.emulate_media(media="print")
    for card in cards.all():
        assert card.locator(".card__contact").is_visible()
        address = card.locator(".card__address")
        assert address.is_visible() and address.inner_text().startswith(live_server.url + "/aanbod/")
    assert not page.locator(".share").is_visible()
    assert not page.locator(".export-links").is_visible()
    screenshot(page, artifacts / f"taak-ambtenaar-afdruk-{viewport['width']}.png")
    page.emulate_media(media="screen")

    # Opening an offer and going back keeps the list.
    first_title = cards.first.locator(".card__title a")
    clicks.click(first_title)
    assert f"gemeente={GEEL}" in page.url
    clicks.click(page.get_by_role("link", name="Terug naar de resultaten"))
    assert query_of(page.url) == LIST_QUERY, page.url

    # The figure for the report: clicks from the home page to the printable list with contacts.
    assert clicks_to_list == (6 if viewport is DESKTOP else 7)
    (artifacts / f"taak-ambtenaar-klikken-{viewport['width']}.txt").write_text(
        f"{clicks_to_list} klikken, {pages_to_list} pagina's tot de lijst met contacten\n"
    )


def test_a_phone_folds_the_long_parts_of_an_offer_page(page, live_server, seed, artifacts):
    page.set_viewport_size(PHONE)
    offer = seed["offer"]
    page.goto(live_server.url + offer.get_absolute_url() + f"?gemeente={GEEL}&werf=4")
    assert page.locator("details.fold").count() >= 2
    assert page.locator("details.fold").evaluate_all("els => els.every(el => !el.open)")
    assert page.get_by_role("link", name="Terug naar de resultaten").is_visible()
    screenshot(page, artifacts / f"aanbod-detail-uit-lijst-telefoon-{PHONE['width']}.png")
    page.set_viewport_size(DESKTOP)
    # The media query's change event reaches the page a moment after the resize.
    page.wait_for_function("() => [...document.querySelectorAll('details.fold')].every(el => el.open)", timeout=5000)
