"""The plan pages and the pages the plan adds to, in chromium: axe-core, the Nu HTML Checker, a 375 px
phone, and screenshots (test-artifacts/plan-*.png) to look at."""

from io import StringIO

import pytest
from django.core.management import call_command
from seed_facts import FIXTURES
from test_browser_checkers import html_errors, page_problems

from offers.models import Offer

pytestmark = pytest.mark.browser


@pytest.fixture
def plan_pages(seed):
    call_command(
        "import_plan",
        str(FIXTURES / "bestuursnota-leuven-2019-2024.txt"),
        "--gemeente=24062",
        "--titel=Bestuursnota 2019-2024",
        "--periode=2019-2024",
        "--bron=Stad Leuven",
        f"--werven={FIXTURES / 'plan-leuven-werven.toml'}",
        stdout=StringIO(),
    )
    # An offer of Interleuven (which serves Leuven) for werf 3, so its page shows Leuven's actions.
    offer = Offer.objects.published().filter(supporter__slug="interleuven", werven__number=3, is_general=False).first()
    return {
        "plan": "/gemeenten/24062/plan/",
        "plan-werf-3": "/gemeenten/24062/plan/?werf=3",
        "plan-foute-invoer": "/gemeenten/24062/plan/?werf=9&programma=abc&pagina=999&q=fietspad",
        "plan-leuven": "/gemeenten/24062/",
        "plan-aanbod": offer.get_absolute_url(),
    }


def test_plan_pages_are_accessible_and_fit_a_phone(page, live_server, plan_pages, checkers, artifacts):
    problems = {}
    for name, path in plan_pages.items():
        found = page_problems(page, live_server.url + path, name, checkers, artifacts)
        if name == "plan-leuven" and page.get_by_role("heading", name="Wat Leuven zelf plant").count() == 0:
            found.append("geen „Wat Leuven zelf plant”")
        if name == "plan-aanbod" and page.get_by_role("heading", name="Hier past dit aanbod bij").count() != 1:
            found.append("geen „Hier past dit aanbod bij”")
        if found:
            problems[f"{name} ({path})"] = found
    assert problems == {}


def test_plan_pages_have_no_html_errors(page, live_server, plan_pages, checkers, tmp_path):
    files = []
    for name, path in plan_pages.items():
        response = page.request.get(live_server.url + path)
        assert response.status == 200, name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.body())
    assert html_errors(checkers["vnu"], files) == []
