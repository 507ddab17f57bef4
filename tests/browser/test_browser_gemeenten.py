"""The municipality pages in chromium: axe-core, the Nu HTML Checker and a 375 px phone (the maps
scale, the coverage matrix scrolls inside its own region), the keyboard past the map, finding a
municipality by a former name, and printing a municipality's page."""

from urllib.parse import parse_qs, urlsplit

import pytest
from test_browser_checkers import html_errors, page_problems, screenshot
from test_browser_offer_list import has_visible_focus, tab_to

pytestmark = pytest.mark.browser

HASSELT = "/gemeenten/71072/"
PAGES = {
    "gemeenten": "/gemeenten/",
    "gemeenten-gezocht": "/gemeenten/?q=Kortessem&provincie=Henegouwen",
    "gemeente-leuven": "/gemeenten/24062/",
    "gemeente-kempen-wooneenheden": "/gemeenten/13040/?wooneenheden=20000",
    "gemeente-foute-wooneenheden": "/gemeenten/24062/?wooneenheden=-3",
    "gemeente-zonder-ondersteuner": "/gemeenten/24135/",  # Tielt-Winge
    "dekking": "/dekking/",
    "dekking-foute-kaart": "/dekking/?kaart=9",
}


def test_municipality_pages_are_accessible_valid_and_fit_a_phone(
    page, live_server, seed, checkers, artifacts, tmp_path
):
    # One test for all pages: the seed (285 outlines) is loaded once.
    problems, files = {}, []
    for name, path in PAGES.items():
        found = page_problems(page, live_server.url + path, name, checkers, artifacts)
        # Still at 375 px: every map is drawn within the screen, not cut off or shrunk to nothing.
        for width in page.locator("svg.map__svg").evaluate_all(
            "svgs => svgs.map(s => s.getBoundingClientRect().width)"
        ):
            if not 200 < width <= 375:
                found.append(f"kaart van {width} px breed op een telefoon")
        if found:
            problems[f"{name} ({path})"] = found
        # The HTML exactly as the server sent it, not the DOM after the browser repaired it.
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(page.request.get(live_server.url + path).body())
    assert problems == {}
    assert html_errors(checkers["vnu"], files) == []


def test_skip_the_map_by_keyboard_and_find_hasselt_by_its_former_name(page, live_server, seed):
    page.goto(live_server.url + "/gemeenten/")
    # The skip link comes before the 285 links of the map and puts the focus on the list.
    tab_to(page, "el => el.classList.contains('skip-map')")
    assert has_visible_focus(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "gemeenten-lijst"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('[aria-labelledby=gemeenten-lijst]') !== null")
    assert page.evaluate("() => document.activeElement.closest('svg') === null")

    page.goto(live_server.url + "/gemeenten/")
    # The list's own search field, not the site-wide one in the header.
    tab_to(page, "el => el.name === 'q' && !el.closest('.site-header')")
    page.keyboard.type("Kortessem")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    url = urlsplit(page.url)
    assert parse_qs(url.query)["q"] == ["Kortessem"]
    assert url.fragment == "gemeenten-lijst"  # straight to the result, past the map

    results = page.locator("[aria-labelledby=gemeenten-lijst] tbody th a")
    assert results.all_inner_texts() == ["Hasselt"]
    assert (
        page.locator("[aria-labelledby=gemeenten-lijst] tbody th").inner_text()
        == "Hasselt\nfusie van Hasselt en Kortessem"
    )
    results.first.click()
    page.wait_for_url(live_server.url + HASSELT)
    assert page.locator("h1").inner_text() == "Hasselt"
    assert "Kortessem (NIS-code 73040)" in page.locator("dl.facts").inner_text()


def test_choose_a_municipality_from_the_home_page(page, live_server, seed):
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Kies je gemeente").fill("BORGLOON")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoek gemeente").click()
    assert parse_qs(urlsplit(page.url).query)["q"] == ["BORGLOON"]
    page.locator("[aria-labelledby=gemeenten-lijst] tbody th a").get_by_text("Tongeren-Borgloon").click()
    page.wait_for_url(live_server.url + "/gemeenten/73111/")
    assert page.locator("h1").inner_text() == "Tongeren-Borgloon"


def test_a_municipality_prints_as_text_with_a_small_locator_map(page, live_server, seed, artifacts):
    page.goto(live_server.url + "/gemeenten/24062/")
    assert page.locator(".js-print").inner_text() == "Pagina afdrukken"
    page.emulate_media(media="print")

    def display(selector):
        return page.locator(selector).first.evaluate("el => getComputedStyle(el).display")

    for selector in [".site-header nav", ".housing-form", ".export-links", ".js-print", ".site-footer"]:
        assert display(selector) == "none", f"{selector} wordt mee afgedrukt"
    assert page.locator(".print-only").inner_text() == f"Afgedrukt van {live_server.url}/gemeenten/24062/"
    assert page.locator(".target__formula").first.is_visible()
    assert "102.275 inwoners op 1 januari 2020" in page.locator("dl.facts").inner_text()
    # The locator map stays, small: about 6 cm.
    assert page.locator(".map--locator svg").evaluate("el => el.getBoundingClientRect().width") < 240

    screenshot(page, artifacts / "gemeente-leuven-afdruk.png")
    page.pdf(path=artifacts / "gemeente-leuven-afdruk.pdf", format="A4")
