"""The coordinator's task of issue 16, played at 375 and 1280 px: "an Excel of all werf-2 offers that
are free or partly paid", from the home page to the downloaded file.

With the seed data no werf-2 offer states that it is free or partly paid (nearly every offer states
no cost at all), so the task cannot end in that list. What the portal must do then is warn before
the coordinator asks: the cost options show their counts under werf 2, 0 for "Gratis" and "Deels
betalend"; and when the coordinator ticks them anyway, the empty list names the filter that emptied
it, offers to drop it and says how many offers state no cost. Dropping it gives every werf-2 offer,
whose Excel file the test then opens and reads. Each click is counted, as in the official's task.
"""

import re
from collections import Counter

import pytest
from openpyxl import load_workbook
from test_browser_official_task import DESKTOP, PHONE, Clicks, query_of

from offers.models import Offer

pytestmark = pytest.mark.browser

WERF = 2
WANTED = [Offer.Cost.GRATIS, Offer.Cost.DEELS_BETALEND]
SNAKE_CASE = re.compile(r"^[a-z]+(_[a-z]+)+$")


def werf_offers():
    """The published offers of werf 2 in the list's order, asked of the database without the list's filter code.

    General support is linked to every werf, so it is among them.
    """
    return Offer.objects.published().filter(werven__number=WERF).distinct().order_by("title", "pk")


def shown_counts(page, name):
    """{option value: the count shown next to it} for one checkbox group of the filters."""
    counts = {}
    for option in page.locator(f".filters .checkbox:has(input[name={name}])").all():
        value = option.locator("input").get_attribute("value")
        counts[value] = int(re.search(r"\d+", option.locator(".checkbox__count").inner_text()).group())
    return counts


def open_filters(page, clicks, viewport):
    """On a phone the filters are folded behind one button, results first; on a desk they are open."""
    panel = page.locator("details.filters-panel")
    if viewport is PHONE:
        assert not panel.evaluate("el => el.open")
        clicks.click(panel.locator("summary"), navigates=False)
    assert panel.evaluate("el => el.open")


def titles_on(page):
    return page.locator(".offer-card .card__title").all_inner_texts()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_an_excel_of_the_free_or_partly_paid_offers_of_werf_2(page, live_server, seed, artifacts, viewport):
    width = viewport["width"]
    expected = werf_offers()
    costs = Counter(expected.values_list("cost", flat=True))
    wanted = list(expected.filter(cost__in=WANTED).values_list("title", flat=True))
    # What the seed data gives, so the test plays the task the seed allows (see the module's doc).
    assert wanted == [], "er is nu gratis of deels betalend aanbod voor werf 2: speel de taak tot die lijst"

    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    clicks = Clicks(page)
    clicks.click(page.locator(".main-nav").get_by_role("link", name="Aanbod", exact=True))
    assert page.url == live_server.url + "/aanbod/"

    open_filters(page, clicks, viewport)
    clicks.click(page.locator(f"input[name=werf][value='{WERF}']"), navigates=False)
    clicks.click(page.get_by_role("button", name="Toon resultaten"))
    assert query_of(page.url) == [("werf", str(WERF))], page.url
    assert page.locator("#resultaten-aantal").inner_text().startswith(f"{expected.count()} resultaten")

    # The warning before asking: each cost option shows what it gives under werf 2, as the database counts.
    open_filters(page, clicks, viewport)
    shown = shown_counts(page, "kosten")
    assert shown == {cost: costs.get(cost, 0) for cost in Offer.Cost.values}
    for cost in WANTED:
        assert shown[cost] == 0
        assert "checkbox--empty" in page.locator(f".checkbox:has(input[name=kosten][value='{cost}'])").get_attribute(
            "class"
        )
    clicks_to_warning = clicks.count
    page.locator("fieldset:has(input[name=kosten])").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"taak-coordinator-kosten-tellingen-{width}.png")

    # Ticked anyway: the list is empty, and says why and what to do, at the top of the results.
    for cost in WANTED:
        clicks.click(page.locator(f"input[name=kosten][value='{cost}']"), navigates=False)
    clicks.click(page.get_by_role("button", name="Toon resultaten"))
    assert titles_on(page) == wanted
    empty = page.locator(".empty-state")
    assert empty.is_visible()
    assert empty.bounding_box()["y"] < PHONE["height"], "'Geen aanbod gevonden' staat niet op het eerste scherm"
    total, unstated = expected.count(), costs[Offer.Cost.NIET_VERMELD]
    way_out = empty.get_by_role("link", name=f"Verwijder „Kosten: Gratis; Deels betalend” ({total} resultaten)")
    assert (
        f"van de {total} aanbiedingen die aan de andere filters voldoen, vermelden er {unstated} hun kosten niet"
        in empty.locator(".cost-note").inner_text()
    )
    # Nothing to print or export from an empty list.
    assert page.locator(".export-links").count() == 0
    page.screenshot(path=artifacts / f"taak-coordinator-leeg-{width}.png")

    # Dropping the cost filter: every werf-2 offer, cost column included, in a file.
    clicks.click(way_out)
    assert query_of(page.url) == [("werf", str(WERF))], page.url
    page_titles = titles_on(page)
    assert page_titles == list(expected.values_list("title", flat=True)[: len(page_titles)])
    download_link = page.get_by_role("link", name="Exporteer als Excel")
    assert "Download deze lijst" in page.locator(".export-links__intro").inner_text()
    page.screenshot(path=artifacts / f"taak-coordinator-werf-{WERF}-{width}.png")
    jump = page.get_by_role("link", name="Download, deel of druk deze lijst af")
    if width == PHONE["width"]:
        # On a phone the buttons follow the results: a link on the first screen leads there.
        # Seen where the filtering lands (#resultaten), without scrolling.
        top, bottom = jump.evaluate("el => [el.getBoundingClientRect().top, el.getBoundingClientRect().bottom]")
        assert 0 <= top and bottom <= PHONE["height"], (top, bottom)
        clicks.click(jump, navigates=False)
        page.wait_for_function(
            "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
            arg=download_link.element_handle(),
        )
    else:
        assert not jump.is_visible()
    # How far down the button is (on a phone the results come first, the buttons after them).
    download_at = round(download_link.evaluate("el => el.getBoundingClientRect().top + window.scrollY"))
    with page.expect_download() as download:
        clicks.click(download_link, navigates=False)
    path = artifacts / f"taak-coordinator-werf-{WERF}-{width}.xlsx"
    download.value.save_as(path)
    clicks_to_file, pages_to_file = clicks.count, len(clicks.pages) + 1  # and the home page

    # As a viewer shows it (the cached result of each formula); the formulas are read below.
    sheet = load_workbook(path, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows())
    headers = [cell.value for cell in rows[0]]
    assert {"Titel", "Kosten", "Webadres", "Laatst bijgewerkt"} <= set(headers), headers
    assert not [header for header in headers if SNAKE_CASE.match(header)], headers
    column = {header: index for index, header in enumerate(headers)}
    records = rows[1:]
    # The same offers in the same order as the list (all of them, not one page of it).
    assert [row[column["Titel"]].value for row in records] == list(expected.values_list("title", flat=True))
    all_on_one_page = f"{live_server.url}/aanbod/?werf={WERF}&pagina=alle"
    page.goto(all_on_one_page)
    assert [row[column["Titel"]].value for row in records] == titles_on(page)
    assert Counter(row[column["Kosten"]].value for row in records) == Counter(
        dict(Offer.Cost.choices)[cost] for cost in expected.values_list("cost", flat=True)
    )
    formulas = list(load_workbook(path).worksheets[0].iter_rows(min_row=2))
    for row, formula_row in zip(records, formulas, strict=True):
        address = row[column["Webadres"]].value
        assert address.startswith(live_server.url + "/aanbod/"), address
        assert formula_row[column["Webadres"]].value == f'=HYPERLINK("{address}")'  # a link Excel follows

    # The figures for the report.
    (artifacts / f"taak-coordinator-klikken-{width}.txt").write_text(
        f"{clicks_to_warning} klikken tot de tellingen per kostenkeuze onder werf {WERF} (gratis 0, deels betalend 0); "
        f"{clicks_to_file} klikken, {pages_to_file} pagina's tot het Excel-bestand "
        f"(via gratis + deels betalend, de lege lijst en „Verwijder”); de Excel-knop staat {download_at} px diep\n"
    )
    # On a phone the filters fold away and the buttons follow the results (one click jumps there).
    assert clicks_to_file == (11 if viewport is PHONE else 8)
