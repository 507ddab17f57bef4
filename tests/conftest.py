"""Shared fixtures: small, explicit data built through the real models and database."""

import itertools

import pytest

from offers.models import Offer, Project, PublicationStatus, Supporter
from werven.models import Werf

WERVEN = [
    (1, "Laten we een boom opzetten", "vergroening"),
    (2, "Verrijk je wijk", "energiebesparende renovatie en coöperatieve energieprojecten"),
    (3, "Elke buurt deelt en is duurzaam bereikbaar", "elektrische deelwagens, laadpunten en fietspaden"),
    (4, "Water is het nieuwe goud", "ontharding en opvang- en infiltratiecapaciteit"),
]


@pytest.fixture
def werven(db):
    return {number: Werf.objects.create(number=number, name=name, theme=theme) for number, name, theme in WERVEN}


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
        offer.werven.set(werven)
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
