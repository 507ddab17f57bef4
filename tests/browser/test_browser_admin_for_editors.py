"""The editor's task of issue 16 in chromium, at 1280 and 375 px: the preview of a concept, the
offer list and the history with its marked words. axe-core finds nothing; screenshots go to
test-artifacts/."""

import pytest
from admin_forms import PASSWORD
from django.contrib.auth import get_user_model
from test_browser_admin_guards import log_in
from test_browser_checkers import DESKTOP, PHONE, html_errors, run_axe, screenshot

from offers.models import Offer, PublicationStatus
from offers.permissions import COORDINATOR, REDACTEUR

pytestmark = pytest.mark.browser


def fits(page):
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return width <= inner


@pytest.fixture
def editor_task(make_user, make_offer, iok, werven):
    """An IOK editor with a published offer (edited once, so its history has a change) and a concept."""
    editor = make_user("sverbeke", REDACTEUR, [iok], first_name="Sofie", last_name="Verbeke")
    offer = make_offer(
        iok,
        werven=[werven[2]],
        title="Warmtemakelaar Kempen",
        summary="IOK helpt de gemeenten bij de opmaak van warmteplannen.",
        kind=Offer.Kind.BEGELEIDING,
    )
    offer.summary = "IOK helpt alle Kempense gemeenten bij de opmaak en uitvoering van warmteplannen."
    offer._history_user = editor
    offer.save()
    concept = make_offer(
        iok, werven=[werven[4]], title="Onthardingsmanager (concept)", status=PublicationStatus.CONCEPT
    )
    return {"offer": offer, "concept": concept}


def test_an_editor_previews_a_concept_that_stays_a_404_for_a_visitor(
    page, live_server, editor_task, checkers, artifacts
):
    concept = editor_task["concept"]
    log_in(page, "sverbeke", PASSWORD)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        response = page.goto(concept.get_absolute_url())
        assert response.status == 200
        banner = page.locator(".notice--preview")
        assert banner.is_visible() and "Concept – niet openbaar" in banner.inner_text()
        assert fits(page)
        screenshot(page, artifacts / f"admin-preview-concept-{size['width']}.png")
        assert run_axe(page, checkers["axe"]) == []

    page.context.clear_cookies()
    assert page.goto(concept.get_absolute_url()).status == 404


@pytest.mark.parametrize("who", ["sverbeke", "coordinator"])
def test_the_offer_list_fits_a_desk_and_stacks_on_a_phone(page, live_server, editor_task, make_user, artifacts, who):
    if who == "coordinator":  # sees every supporter, so the list has a supporter column
        make_user(who, COORDINATOR)
    log_in(page, who, PASSWORD)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto("/admin/offers/offer/")
        assert fits(page), f"horizontaal scrollen op {size['width']} px"
        # Django scrolls a too wide table inside its box: every column must fit without that.
        inside = page.evaluate(
            "() => { const r = document.querySelector('.results'); return [r.scrollWidth, r.clientWidth]; }"
        )
        assert inside[0] <= inside[1], f"de tabel scrolt op {size['width']} px: {inside}"
        row = page.locator("#result_list tbody tr").first
        assert row.locator("td.field-state").is_visible() and row.locator("td.field-reviewed").is_visible()
        screenshot(page, artifacts / f"admin-aanbod-lijst-{who}-{size['width']}.png")


def test_the_history_marks_the_changed_words_on_a_desk_and_a_phone(page, live_server, editor_task, checkers, artifacts):
    offer = editor_task["offer"]
    log_in(page, "sverbeke", PASSWORD)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(f"/admin/offers/offer/{offer.pk}/history/")
        newest = page.locator("#change-history tbody tr").first
        assert newest.locator("ins").first.is_visible()
        assert "alle Kempense" in " ".join(newest.locator("ins").all_inner_texts())
        assert newest.locator('td[data-label="Door"]').inner_text().strip().endswith("Sofie Verbeke")
        assert fits(page), f"horizontaal scrollen op {size['width']} px"
        # Readable: the changes take most of a phone's width, not a column of a few letters a line.
        changes = newest.locator('td[data-label="Wijzigingen"]').bounding_box()
        assert changes["width"] >= size["width"] * (0.8 if size == PHONE else 0.4)
        screenshot(page, artifacts / f"admin-geschiedenis-{size['width']}.png")
        assert run_axe(page, checkers["axe"]) == []


def test_delete_sits_well_away_from_save_on_a_phone(page, live_server, editor_task, artifacts):
    offer = editor_task["offer"]
    log_in(page, "sverbeke", PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"/admin/offers/offer/{offer.pk}/change/")
    row = page.locator(".submit-row").last
    last_save = row.locator("input[type=submit]").last.bounding_box()
    delete = row.locator("a.deletelink").bounding_box()
    assert delete["y"] - (last_save["y"] + last_save["height"]) >= 32
    assert fits(page)
    screenshot(page, artifacts / "admin-aanbod-formulier-375.png")


def test_a_version_page_reads_as_read_only(page, live_server, editor_task, checkers, artifacts):
    offer = editor_task["offer"]
    version = offer.history.order_by("history_id").first()
    log_in(page, "sverbeke", PASSWORD)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(f"/admin/offers/offer/{offer.pk}/history/{version.history_id}/")
        assert page.locator("#id_summary").is_disabled()
        assert page.locator(".breadcrumbs").inner_text().startswith("Voorpagina")
        assert "Historical" not in page.content()
        assert fits(page)
        screenshot(page, artifacts / f"admin-versie-{size['width']}.png")


def test_the_editor_pages_have_no_html_errors(client, editor_task, checkers, tmp_path):
    # The HTML as the server sends it to an editor of one supporter (whose supporter is fixed).
    offer, concept = editor_task["offer"], editor_task["concept"]
    version = Offer.history.filter(id=offer.pk).order_by("history_id").first().history_id
    client.force_login(get_user_model().objects.get(username="sverbeke"))
    paths = {
        "start": "/admin/",
        "lijst": "/admin/offers/offer/",
        "nieuw": "/admin/offers/offer/add/",
        "wijzigen": f"/admin/offers/offer/{offer.pk}/change/",
        "geschiedenis": f"/admin/offers/offer/{offer.pk}/history/",
        "versie": f"/admin/offers/offer/{offer.pk}/history/{version}/",
        "voorbeeld": concept.get_absolute_url(),
    }
    files = []
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    assert html_errors(checkers["vnu"], files) == []
