"""Generated data at Flanders scale for `make bench` (``manage.py generate_bench_data``).

On top of the real seed (the 285 municipalities, the werven, the real supporters and their
offers): generated supporters that each serve a realistic region (a province serves its
province, an intercommunale one or two arrondissements), offers whose texts are variations on
the seed offers (most words from one seed offer, the rest from all, each with its real
frequency, so a search meets common and rare words as in real offers), projects, the real
Leuven plan imported for other municipalities, and staff accounts.

Everything is written with bulk_create; the search index is rebuilt once at the end. A
database that holds anything not generated here is refused: the marker row
(``SeedRecord(kind=MARKER_KIND)``) says a database is a benchmark's.
"""

import datetime
import random
import re
import tomllib
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.utils import timezone

from gemeenten.models import Municipality, Service
from offers.models import Membership, Offer, Project, PublicationStatus, Supporter
from offers.permissions import COORDINATOR, REDACTEUR, sync_roles
from plannen.importer import import_plan_bytes
from plannen.models import PolicyPlan
from seeding.models import SeedRecord
from werven.models import Werf
from zoeken.registry import paused, reindex

MARKER_KIND = "benchmark"
MARKER_KEY = "generate_bench_data"
PLAN_FILE = "bestuursnota-leuven-2019-2024.txt"
LEUVEN = "24062"
# One password for every generated account: the benchmark logs in with it, nobody else should.
BENCH_PASSWORD = "lekp-bench"
COORDINATOR_USERNAME = "bench-coordinator"


class NotABenchDatabase(Exception):
    """The database holds data that generate_bench_data did not write (message in Dutch)."""


@dataclass
class Sizes:
    supporters: int = 40  # the seed's real supporters included
    offers: int = 20_000  # the seed's offers included
    projects: int = 2_000
    plans: int = 20
    staff: int = 30


def seed_topics(fixtures):
    """The words of each seed offer, in order and with repeats (their frequencies)."""
    topics = []
    for path in sorted(Path(fixtures).glob("aanbod-*.toml")):
        for offer in tomllib.loads(path.read_text(encoding="utf-8")).get("offer", []):
            text = f"{offer.get('title', '')} {offer.get('summary', '')} {offer.get('description', '')}"
            topics.append(re.findall(r"[^\W\d_]{2,}", text.lower()))
    return topics


TOPICS = seed_topics(settings.BASE_DIR / "fixtures")
WORDS = [word for topic in TOPICS for word in topic]
ON_TOPIC = 0.8


def sentence(rng, count, topic=None):
    """``count`` words, most from ``topic`` (a seed offer's words) if given, as a sentence."""
    chosen = (rng.choice(topic) if topic and rng.random() < ON_TOPIC else rng.choice(WORDS) for _ in range(count))
    return " ".join(chosen).capitalize() + "."


def paragraphs(rng, topic, low, high):
    return "\n\n".join(sentence(rng, rng.randint(20, 60), topic) for _ in range(rng.randint(low, high)))


def check_empty_or_generated():
    """Refuse a database with data of its own; a generated one is emptied to be filled anew."""
    if SeedRecord.objects.filter(kind=MARKER_KIND, key=MARKER_KEY).exists():
        call_command("flush", interactive=False, verbosity=0)
        return
    models = [Supporter, Offer, Municipality, SeedRecord, get_user_model(), PolicyPlan, Werf]
    holding = [model._meta.verbose_name_plural for model in models if model.objects.exists()]
    if holding:
        raise NotABenchDatabase(
            f"Deze databank bevat gegevens die niet door generate_bench_data gemaakt zijn ({', '.join(holding)}). "
            "Ze wordt niet aangeraakt: geef een lege databank op (PORTAL_BENCH_DATABASE_URL of DATABASE_URL)."
        )


def generate(sizes, rng=None, log=print):
    """Fill an empty database (or a generated one, emptied first); returns {what: count}."""
    rng = rng or random.Random(2026)
    check_empty_or_generated()
    SeedRecord.objects.create(kind=MARKER_KIND, key=MARKER_KEY)
    with paused():
        call_command("load_seed", verbosity=0, stdout=StringIO())
        log("startgegevens geladen")
        supporters = _supporters(rng, sizes.supporters)
        _offers(rng, sizes.offers, supporters)
        log(f"{Offer.objects.count()} aanbiedingen")
        _projects(rng, sizes.projects, supporters)
        _staff(rng, sizes.staff, supporters)
        _plans(sizes.plans)
        log(f"{PolicyPlan.objects.count()} beleidsplannen")
    reindex()
    return {
        "ondersteuners": Supporter.objects.count(),
        "aanbod": Offer.objects.count(),
        "projecten": Project.objects.count(),
        "beleidsplannen": PolicyPlan.objects.count(),
        "medewerkers": get_user_model().objects.filter(is_staff=True).count(),
    }


def _supporters(rng, total):
    """Provinces serve their province, intercommunales one or two neighbouring arrondissements."""
    municipalities = list(Municipality.objects.order_by("nis_code"))
    by_province, by_arrondissement = {}, {}
    for municipality in municipalities:
        by_province.setdefault(municipality.province, []).append(municipality)
        by_arrondissement.setdefault(municipality.arrondissement, []).append(municipality)
    arrondissements = sorted(by_arrondissement)
    provinces = sorted(by_province)
    existing = list(Supporter.objects.all())
    new = []
    for n in range(max(0, total - len(existing))):
        is_province = n < len(provinces)
        topic = rng.choice(TOPICS)
        new.append(
            Supporter(
                slug=f"bench-ondersteuner-{n + 1}",
                name=f"Provincie {provinces[n]} (gegenereerd)" if is_province else f"Intercommunale {n + 1}",
                kind=Supporter.Kind.PROVINCIE if is_province else Supporter.Kind.INTERCOMMUNALE,
                short_explanation=sentence(rng, rng.randint(15, 35), topic),
                website=f"https://ondersteuner-{n + 1}.example.be/",
                contact_person="An Peeters",
                phone="+32 16 00 00 00",
                email=f"klimaat@ondersteuner-{n + 1}.example.be",
                region=sentence(rng, 8, topic),
            )
        )
    Supporter.objects.bulk_create(new)
    new = list(Supporter.objects.filter(slug__startswith="bench-ondersteuner-").order_by("pk"))
    services = []
    for n, supporter in enumerate(new):
        if n < len(provinces):
            served = by_province[provinces[n]]
        else:
            start = rng.randrange(len(arrondissements))
            served = [m for name in arrondissements[start : start + rng.randint(1, 2)] for m in by_arrondissement[name]]
        services.extend(Service(supporter=supporter, municipality=m, source="gegenereerd") for m in served)
    Service.objects.bulk_create(services, batch_size=2000)
    return existing + new


# Realistic mixes: most offers concern one werf, some two, a tenth is general support.
COSTS = (
    ([Offer.Cost.GRATIS] * 50)
    + ([Offer.Cost.NIET_VERMELD] * 25)
    + ([Offer.Cost.BETALEND] * 15)
    + ([Offer.Cost.DEELS_BETALEND] * 10)
)
WERF_WEIGHTS = [35, 25, 20, 20]  # renovation and energy more often than mobility and nature


def _offers(rng, total, supporters):
    total -= Offer.objects.count()
    werven = list(Werf.objects.order_by("number"))
    kinds = Offer.Kind.values
    kind_weights = [rng.randint(1, 10) for _ in kinds]
    # A few big supporters, many small ones (weights 1 to 20).
    supporter_weights = [rng.choice([1, 2, 3, 5, 8, 20]) for _ in supporters]
    now = timezone.now()
    offers = []
    for n in range(total):
        topic = rng.choice(TOPICS)
        supporter = rng.choices(supporters, supporter_weights)[0]
        ends = rng.random() < 0.05
        status = rng.choices(
            [PublicationStatus.PUBLISHED, PublicationStatus.CONCEPT, PublicationStatus.EXPIRED], [90, 8, 2]
        )[0]
        published = now - datetime.timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1440))
        offers.append(
            Offer(
                supporter=supporter,
                title=f"{sentence(rng, rng.randint(4, 10), topic)[:180]} {n}",
                slug=f"bench-aanbod-{n}",
                summary=sentence(rng, rng.randint(12, 30), topic),
                description=paragraphs(rng, topic, 1, 6),
                partners="\n".join(sentence(rng, 2) for _ in range(rng.randint(0, 3))),
                source=sentence(rng, 4),
                is_general=rng.random() < 0.1,
                concerns_patrimony=rng.random() < 0.3,
                kind=rng.choices(kinds, kind_weights)[0],
                cost=rng.choice(COSTS),
                status=status,
                is_ongoing=not ends,
                ends_on=(now + datetime.timedelta(days=rng.randint(-30, 365))).date() if ends else None,
                reviewed_on=(now - datetime.timedelta(days=rng.randint(0, 500))).date(),
                published_at=published if status != PublicationStatus.CONCEPT else None,
                content_changed_at=published + datetime.timedelta(days=rng.randint(0, 60)),
            )
        )
    Offer.objects.bulk_create(offers, batch_size=1000)
    through = Offer.werven.through
    links = [
        through(offer_id=offer_id, werf_id=werf.pk)
        for offer_id, is_general in Offer.objects.filter(slug__startswith="bench-aanbod-").values_list(
            "pk", "is_general"
        )
        for werf in (werven if is_general else _some_werven(rng, werven))
    ]
    through.objects.bulk_create(links, batch_size=2000)


def _some_werven(rng, werven):
    first = rng.choices(werven, WERF_WEIGHTS)[0]
    if rng.random() < 0.2:
        return {first, rng.choice(werven)}
    return {first}


def _projects(rng, total, supporters):
    total -= Project.objects.count()
    werven = list(Werf.objects.order_by("number"))
    municipalities = list(Municipality.objects.values_list("name", flat=True))
    projects = []
    for n in range(total):
        topic = rng.choice(TOPICS)
        projects.append(
            Project(
                slug=f"bench-project-{n}",
                title=f"{sentence(rng, rng.randint(3, 8), topic)[:180]} {n}",
                lead_supporter=rng.choice(supporters),
                themes="\n".join(sentence(rng, 2, topic) for _ in range(rng.randint(1, 4))),
                short_description=paragraphs(rng, topic, 1, 2),
                reason=paragraphs(rng, topic, 0, 2),
                start_date=(timezone.now() - datetime.timedelta(days=rng.randint(0, 1500))).date(),
                municipality=rng.choice(municipalities),
                success_factors="\n".join(sentence(rng, 6, topic) for _ in range(rng.randint(0, 3))),
                status=PublicationStatus.PUBLISHED if rng.random() < 0.9 else PublicationStatus.CONCEPT,
            )
        )
    Project.objects.bulk_create(projects, batch_size=1000)
    through = Project.werven.through
    links = [
        through(project_id=pk, werf_id=werf.pk)
        for pk in Project.objects.filter(slug__startswith="bench-project-").values_list("pk", flat=True)
        for werf in _some_werven(rng, werven)
    ]
    through.objects.bulk_create(links, batch_size=2000)


def _staff(rng, total, supporters):
    """A superuser, coordinators (a tenth) and redacteurs of one or two supporters each."""
    groups = sync_roles()
    password = make_password(BENCH_PASSWORD)
    coordinators = max(1, total // 10)
    users = [
        get_user_model()(username="bench-beheerder", is_staff=True, is_superuser=True, password=password),
        *(
            get_user_model()(username=COORDINATOR_USERNAME if n == 0 else f"bench-coordinator-{n}", password=password)
            for n in range(coordinators)
        ),
        *(
            get_user_model()(username=f"bench-redacteur-{n}", password=password)
            for n in range(total - coordinators - 1)
        ),
    ]
    for user in users:
        user.is_staff = True
        user.email = f"{user.username}@lekp-bench.invalid"
    get_user_model().objects.bulk_create(users)
    memberships = []
    for user in get_user_model().objects.filter(username__startswith="bench-").exclude(is_superuser=True):
        if user.username.startswith("bench-coordinator"):
            user.groups.add(groups[COORDINATOR])
            continue
        user.groups.add(groups[REDACTEUR])
        memberships.extend(Membership(user=user, supporter=s) for s in rng.sample(supporters, rng.randint(1, 2)))
    Membership.objects.bulk_create(memberships)


def _plans(total):
    """The real Leuven plan (about 1,300 actions) for Leuven and the next municipalities with supporters."""
    data = (settings.BASE_DIR / "fixtures" / PLAN_FILE).read_bytes()
    served = (
        Municipality.objects.filter(services__isnull=False).exclude(nis_code=LEUVEN).distinct().order_by("nis_code")
    )
    municipalities = [*Municipality.objects.filter(nis_code=LEUVEN), *served][:total]
    for municipality in municipalities:
        import_plan_bytes(
            data,
            municipality,
            title="Bestuursnota 2019-2024",
            period="2019-2024",
            source=f"Gegenereerd voor de benchmark uit fixtures/{PLAN_FILE}",
        )
