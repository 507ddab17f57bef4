"""Shared fixtures: small, explicit data built through the real models and database."""

import datetime
import itertools
import os
import shutil

import pytest
from admin_forms import PASSWORD
from django.contrib.auth import get_user_model
from django.utils import timezone
from seed_facts import FIXTURES

from gemeenten.models import Municipality, Province
from offers.models import Membership, Offer, Project, PublicationStatus, Supporter
from offers.permissions import COORDINATOR, REDACTEUR, sync_roles
from werven.models import Werf

WERVEN = [
    (1, "Laten we een boom opzetten", "vergroening"),
    (2, "Verrijk je wijk", "energiebesparende renovatie en coöperatieve energieprojecten"),
    (3, "Elke buurt deelt en is duurzaam bereikbaar", "elektrische deelwagens, laadpunten en fietspaden"),
    (4, "Water is het nieuwe goud", "ontharding en opvang- en infiltratiecapaciteit"),
]


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests change data inside a transaction that never commits, so the content version (raised on
    commit) would not move: pages are not cached here. tests/test_page_cache.py turns it on."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def werven(db):
    return {number: Werf.objects.create(number=number, name=name, theme=theme) for number, name, theme in WERVEN}


@pytest.fixture
def leuven(db):
    """One municipality, as a beheerder edits it in the admin."""
    return Municipality.objects.create(
        nis_code="24062",
        name="Leuven",
        province=Province.VLAAMS_BRABANT,
        arrondissement="Leuven",
        inhabitants=102275,
        inhabitants_on=datetime.date(2020, 1, 1),
    )


@pytest.fixture
def make_supporter(db):
    counter = itertools.count(1)

    def make(slug=None, **fields):
        n = next(counter)
        slug = slug or f"ondersteuner-{n}"
        fields.setdefault("name", slug.replace("-", " ").title())
        return Supporter.objects.create(slug=slug, **fields)

    return make


@pytest.fixture
def make_offer(db):
    counter = itertools.count(1)

    def make(supporter, werven=(), **fields):
        n = next(counter)
        fields.setdefault("title", f"Aanbod {n}")
        fields.setdefault("slug", f"aanbod-{n}")
        fields.setdefault("summary", f"Samenvatting van aanbod {n}.")
        fields.setdefault("description", f"Beschrijving van aanbod {n}.")
        fields.setdefault("kind", Offer.Kind.BEGELEIDING)
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        offer = Offer.objects.create(supporter=supporter, **fields)
        # Through the one werf rule, as the admin and the loader do; tests that do not care
        # about werven may leave a non-general offer without any.
        if werven or offer.is_general:
            offer.set_werven(werven)
        return offer

    return make


@pytest.fixture
def make_project(db):
    counter = itertools.count(1)

    def make(lead_supporter, werven=(), **fields):
        n = next(counter)
        fields.setdefault("title", f"Project {n}")
        fields.setdefault("slug", f"project-{n}")
        fields.setdefault("short_description", f"Korte beschrijving van project {n}.")
        fields.setdefault("status", PublicationStatus.PUBLISHED)
        project = Project.objects.create(lead_supporter=lead_supporter, **fields)
        project.werven.set(werven)
        return project

    return make


# -- staff users for the admin tests: a redacteur of IOK, a coordinator, an outsider, a beheerder --


@pytest.fixture
def roles(db):
    return sync_roles()


@pytest.fixture
def make_user(db, roles):
    def make(username, role=None, supporters=(), **fields):
        fields.setdefault("is_staff", True)
        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
        if role:
            user.groups.add(roles[role])
        for supporter in supporters:
            Membership.objects.create(user=user, supporter=supporter)
        return user

    return make


@pytest.fixture
def iok(make_supporter):
    return make_supporter("iok", name="IOK")


@pytest.fixture
def interleuven(make_supporter):
    return make_supporter("interleuven", name="Interleuven")


@pytest.fixture
def redacteur(make_user, iok):
    return make_user("redacteur-iok", REDACTEUR, [iok])


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", COORDINATOR)


@pytest.fixture
def outsider(make_user):
    """Staff, logged in, but in no group and without membership."""
    return make_user("buitenstaander")


@pytest.fixture
def beheerder(make_user):
    return make_user("beheerder", is_superuser=True)


@pytest.fixture
def own_offer(make_offer, iok, werven):
    return make_offer(iok, werven=[werven[2]], title="Warmtemakelaar Kempen", slug="warmtemakelaar")


@pytest.fixture
def foreign_offer(make_offer, interleuven, werven):
    """A draft of Interleuven: an IOK redacteur must not even learn its title."""
    return make_offer(
        interleuven,
        werven=[werven[1]],
        title="Geheim concept Interleuven",
        slug="geheim-concept",
        description="Interne tekst van Interleuven.",
        status=PublicationStatus.CONCEPT,
    )


@pytest.fixture
def foreign_project(make_project, interleuven, werven):
    return make_project(
        interleuven, werven=[werven[1]], title="Geheim project Interleuven", slug="geheim-project", status="concept"
    )


@pytest.fixture
def broken_copy(tmp_path):
    """A private copy of fixtures/ that a test may break."""
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    return copy


@pytest.fixture
def clock(monkeypatch):
    """Freezes the time: ``clock(2026, 12, 31, 23, 30)`` is that moment in Brussels.

    Everything that asks ``timezone.now()`` or ``timezone.localdate()`` (querysets, views, commands,
    auto_now fields) sees it until the test ends or the clock is set again. Returns the aware moment.
    """

    def set_to(*parts):
        moment = timezone.make_aware(datetime.datetime(*parts))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


# Playwright's sync API runs an event loop in this thread, so Django refuses every query of the
# browser tests (loading data, flushing it afterwards) as "async unsafe" unless this is set; and
# pytest-django runs transactional tests last, after them, while that loop still runs. It is set
# from the setup to the end of the teardown of those tests only, not for the whole run: a
# subprocess started by another test (``manage.py check --deploy``) must not inherit it.
_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
_async_unsafe_before = pytest.StashKey[str | None]()


def _needs_async_unsafe(item):
    marker = item.get_closest_marker("django_db")
    return "browser" in item.keywords or (marker is not None and marker.kwargs.get("transaction", False))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    if _needs_async_unsafe(item):
        item.stash[_async_unsafe_before] = os.environ.get(_ASYNC_UNSAFE)
        os.environ[_ASYNC_UNSAFE] = "true"
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if _needs_async_unsafe(item):
            before = item.stash.get(_async_unsafe_before, None)
            if before is None:
                os.environ.pop(_ASYNC_UNSAFE, None)
            else:
                os.environ[_ASYNC_UNSAFE] = before
