"""The offer list as an official uses it: by keyboard only, opening an offer, printing a filtered list."""

from urllib.parse import parse_qs, urlsplit

import pytest
from test_browser_checkers import screenshot

from offers.models import Offer

pytestmark = pytest.mark.browser


def tab_to(page, condition, limit=120):
    """Press Tab until ``condition`` (a JS function of the focused element) holds; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({condition})(document.activeElement)"):
            return
    pytest.fail(f"na {limit} keer Tab nog steeds geen element waarvoor {condition} geldt")


def has_visible_focus(page):
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""
    )


def test_filter_on_werf_4_and_a_supporter_with_the_keyboard_only(page, live_server, seed):
    expected = list(Offer.objects.published().serving_werven([4]).filter(supporter__slug="iok").order_by("title", "pk"))
    assert 1 < len(expected) < 20, "de test verwacht één pagina met enkele resultaten"
    page.goto(live_server.url + "/aanbod/")

    # The first Tab reaches the skip link, the way past the header for keyboard users.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Naar de inhoud"
    assert has_visible_focus(page)

    tab_to(page, "el => el.name === 'werf' && el.value === '4'")
    assert has_visible_focus(page)
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")

    tab_to(page, "el => el.name === 'ondersteuner' && el.value === 'iok'")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked")

    tab_to(page, "el => el.type === 'submit' && el.form !== null && el.form.method === 'get'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    query = parse_qs(urlsplit(page.url).query)
    assert query["werf"] == ["4"]
    assert query["ondersteuner"] == ["iok"]

    count = page.locator("#resultaten-aantal")
    assert count.get_attribute("role") == "status", "het aantal resultaten wordt aangekondigd"
    assert count.inner_text().startswith(f"{len(expected)} resultaten")

    cards = page.locator(".offer-card")
    assert cards.locator(".card__title").all_inner_texts() == [offer.title for offer in expected]
    # Filtered on IOK: whom to call is said once above the list, not "Door IOK" on every card.
    assert page.locator(".supporter-contact h3").inner_text() == "Contact bij IOK"
    for card in cards.all():
        assert card.locator(".card__meta").count() == 0
        assert card.locator(".card__title a").get_attribute("href").startswith("/aanbod/iok/")
        tags = card.locator(".tag").all_inner_texts()
        assert "Werf 4" in tags or "Algemene ondersteuning: alle werven" in tags, tags

    # The form shows the chosen filters again, so the next change starts from them.
    assert page.locator("input[name=werf][value='4']").is_checked()
    assert page.locator("input[name=ondersteuner][value=iok]").is_checked()
    assert not page.locator("input[name=ondersteuner][value=interleuven]").is_checked()


def test_open_an_offer_from_the_list_and_go_back(page, live_server, seed):
    list_url = live_server.url + "/aanbod/?werf=4&ondersteuner=iok"
    offer = Offer.objects.published().serving_werven([4]).filter(supporter__slug="iok").order_by("title").last()
    page.goto(list_url)

    page.get_by_role("link", name=offer.title, exact=True).click()
    # The offer page knows the list it came from.
    page.wait_for_url(live_server.url + offer.get_absolute_url() + "?werf=4&ondersteuner=iok")
    assert page.locator("h1").inner_text() == offer.title
    assert page.title().startswith(offer.title)
    assert offer.summary in page.locator("main").inner_text()
    assert page.locator("main a[href='/ondersteuners/iok/']").first.is_visible()

    # Back to the list: the filters are in the address, so nothing is lost.
    page.go_back()
    assert page.url == list_url
    assert page.locator("input[name=werf][value='4']").is_checked()


def test_print_stylesheet_keeps_only_the_filtered_list(page, live_server, seed, artifacts):
    page.goto(live_server.url + "/aanbod/?werf=4&ondersteuner=iok")
    on_screen = page.locator(".offer-card").count()
    assert on_screen > 1
    page.emulate_media(media="print")

    def display(selector):
        return page.locator(selector).first.evaluate("el => getComputedStyle(el).display")

    for selector in [".site-header nav", "form.filters", ".site-footer", ".skip-link", ".export-links", ".js-print"]:
        assert page.locator(selector).count() > 0, f"{selector} staat niet op de pagina"
        assert display(selector) == "none", f"{selector} wordt mee afgedrukt"

    assert display(".results") != "none"
    assert page.locator(".offer-card:visible").count() == on_screen
    assert page.locator("#resultaten-aantal").is_visible()
    # On paper the active filters and the address tell what the list is.
    assert page.locator(".chips").is_visible()
    assert page.locator(".results > .print-only").is_visible()
    assert "werf=4" in page.locator(".results > .print-only").inner_text()

    screenshot(page, artifacts / "aanbod-gefilterd-afdruk.png")
    page.pdf(path=artifacts / "aanbod-gefilterd-afdruk.pdf", format="A4")
