"""Real-browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download is impossible on these machines, so the browser is the one
Debian installs (``make test`` installs it when missing). The checkers (axe-core, the Nu HTML
Checker) come from npm (``package.json``); without them only those tests are skipped.
"""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from meldingen.models import Alert
from meldingen.tokens import CONFIRM, UNSUBSCRIBE, make_token
from offers.models import Offer, Project, Supporter

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = REPO / "test-artifacts"

DESKTOP = {"width": 1280, "height": 900}


def _missing_checkers():
    missing = [path.relative_to(REPO) for path in (AXE_JS, VNU_JAR) if not path.exists()]
    if missing:
        return f"{', '.join(map(str, missing))} ontbreekt: draai `npm ci` (of `make test`)"
    if not shutil.which("java"):
        return "java ontbreekt (nodig voor de Nu HTML Checker)"
    return None


def pytest_collection_modifyitems(config, items):
    no_browser = None if CHROMIUM.exists() else f"{CHROMIUM} ontbreekt: installeer chromium (of draai `make test`)"
    no_checkers = _missing_checkers()
    for item in items:
        if "browser" not in item.keywords:
            continue
        if no_browser:
            item.add_marker(pytest.mark.skip(reason=no_browser))
        elif no_checkers and "checkers" in item.fixturenames:
            item.add_marker(pytest.mark.skip(reason=no_checkers))


@pytest.fixture(scope="session", autouse=True)
def database_before_playwright(django_db_setup):
    """Create the test database before Playwright starts its event loop in this thread (see tests/conftest.py)."""


# DJANGO_ALLOW_ASYNC_UNSAFE for these tests is set and reset by tests/conftest.py (pytest_runtest_setup).


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative addresses in page.goto() go to the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "nl-BE"}


@pytest.fixture(scope="session")
def checkers():
    """Paths of the npm checkers; tests that use this fixture are skipped when they are missing."""
    return {"axe": AXE_JS, "vnu": VNU_JAR}


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def seed(transactional_db):
    """The portal's real seed data (fixtures/*.toml), so the pages show what an official sees.

    Function-scoped: the live server needs committed data, and transactional_db empties the
    database after each test.
    """
    call_command("load_seed", stdout=StringIO(), stderr=StringIO())
    # More than one page of offers, so the list shows its pagination.
    assert Offer.objects.published().count() > 20, "de startgegevens bevatten te weinig aanbod voor deze tests"
    return {
        "iok": Supporter.objects.get(slug="iok"),
        "offer": Offer.objects.published().select_related("supporter").filter(supporter__slug="iok").first(),
        "project": Project.objects.published().first(),
    }


@pytest.fixture
def page_types(seed):
    """One address per kind of public page, by a short name used for screenshot files."""
    offer, project = seed["offer"], seed["project"]
    alert = Alert.objects.create(email="ambtenaar@leuven.be", query="werf=2")
    return {
        "home": "/",
        "werf": "/werven/4/",
        # Werf 2 has LEKP 2.0 variants of its targets, labelled differently.
        "werf-lekp2": "/werven/2/",
        "ondersteuners": "/ondersteuners/",
        "ondersteuner": seed["iok"].get_absolute_url(),
        "aanbod": "/aanbod/",
        "aanbod-gefilterd": "/aanbod/?werf=4&ondersteuner=iok&kosten=niet-vermeld&q=water",
        "aanbod-leeg": "/aanbod/?q=bestaatnietxyz",
        "aanbod-foute-invoer": "/aanbod/?werf=9&ondersteuner=onbekend&pagina=999",
        "aanbod-detail": offer.get_absolute_url(),
        # Opened from a list for a Kempen municipality: back link and "Ander aanbod" for Geel.
        "aanbod-detail-uit-lijst": offer.get_absolute_url() + "?gemeente=13008&werf=4",
        "zoeken": "/zoeken/?q=bomen",
        "zoeken-soort": "/zoeken/?q=leuven&soort=gemeenten",
        "zoeken-leeg": "/zoeken/?q=bestaatnietxyz",
        "zoeken-foute-invoer": "/zoeken/?q=%26+%7C+%21&soort=onbekend",
        "projecten": "/projecten/",
        "project": project.get_absolute_url(),
        "404": "/bestaat-niet/",
        "nieuw": "/nieuw/",
        "melding-aanvragen": "/meldingen/?filters=werf%3D2%26gemeente%3D24062",
        "melding-verstuurd": "/meldingen/verstuurd/",
        "melding-bevestigen": f"/meldingen/bevestigen/{make_token(alert, CONFIRM)}/",
        "melding-uitschrijven": f"/meldingen/uitschrijven/{make_token(alert, UNSUBSCRIBE)}/",
    }


@pytest.fixture(autouse=True)
def csp_violations(page):
    """What the Content-Security-Policy refused on any page a browser test opened; none allowed.

    Both the console ("Refused to apply inline style …") and the page's securitypolicyviolation
    events are collected; a test that provokes a violation on purpose clears the list.
    """
    found = []
    page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.expose_function("__reportCspViolation", lambda violation: found.append(violation))
    page.add_init_script(
        """document.addEventListener('securitypolicyviolation', (e) => window.__reportCspViolation(
            `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} on ${e.documentURI} `
            + `(${e.sourceFile}:${e.lineNumber})`
        ));"""
    )
    yield found
    assert found == [], f"de Content-Security-Policy weigerde iets: {found}"
