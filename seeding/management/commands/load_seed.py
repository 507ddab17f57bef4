"""Load the portal's seed data (fixtures/*.toml) without ever overwriting what staff changed.

Every record ever loaded is remembered in SeedRecord under its natural key. A later run skips
those records, whether staff edited them (the edit stays) or deleted them (they stay deleted,
unless --herstel-verwijderde asks for them back). Everything is read and checked before anything
is written, and the whole load is one transaction: a broken file loads nothing.
"""

import datetime
import re
import tomllib
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from offers.history import one_history_row
from offers.models import Offer, Project, PublicationStatus, Supporter
from seeding.models import SeedRecord
from werven.models import Target, Werf

CHANGE_REASON = "startgegevens geladen"

# Value kinds a fixture key may have.
STR, INT, NUMBER, BOOL, DATE = "str", "int", "number", "bool", "date"
INT_LIST, STR_LIST, LINES = "ints", "strs", "lines"  # LINES: a text, or a list stored one item per line

TYPE_NAMES = {
    STR: "tekst",
    INT: "geheel getal",
    NUMBER: "getal",
    BOOL: "true of false",
    DATE: "datum (JJJJ-MM-DD)",
    INT_LIST: "lijst van gehele getallen",
    STR_LIST: "lijst van teksten",
    LINES: "tekst of lijst van teksten",
}


@dataclass(frozen=True)
class Key:
    kind: str
    required: bool = False
    choices: type | None = None  # a TextChoices class


def choice(choices, required=True):
    return Key(STR, required=required, choices=choices)


WERF_KEYS = {
    "number": Key(INT, True),
    "name": Key(STR, True),
    "theme": Key(STR, True),
    "description": Key(STR),
}
TARGET_KEYS = {
    "slug": Key(STR, True),
    "werf": Key(INT, True),
    "text": Key(STR, True),
    "quantity": Key(NUMBER),
    "unit": choice(Target.Unit, required=False),
    "basis": choice(Target.Basis, required=False),
    "per_count": Key(INT),
    "flemish_total": Key(STR),
    "horizon": choice(Target.Horizon),
    "pact_version": choice(Target.PactVersion),
    "stated_by": Key(STR_LIST, True),
    "variant_of": Key(STR),
    "position": Key(INT),
}
SUPPORTER_KEYS = {
    "slug": Key(STR, True),
    "name": Key(STR, True),
    "kind": choice(Supporter.Kind),
    "short_explanation": Key(STR, True),
    "website": Key(STR),
    "contact_person": Key(STR),
    "phone": Key(STR),
    "email": Key(STR),
    "region": Key(STR),
}
OFFER_KEYS = {
    "slug": Key(STR, True),
    "title": Key(STR, True),
    "summary": Key(STR, True),
    "description": Key(STR, True),
    "werven": Key(INT_LIST, True),
    "is_general": Key(BOOL),
    "concerns_patrimony": Key(BOOL),
    "kind": choice(Offer.Kind),
    "cost": choice(Offer.Cost, required=False),
    "partners": Key(LINES),
    "source": Key(STR),
    "status": choice(PublicationStatus, required=False),
    "notes": Key(STR),  # the transcriber's justification, for the reader of the fixture only
}
PROJECT_KEYS = {
    "slug": Key(STR, True),
    "title": Key(STR, True),
    "lead_supporter": Key(STR, True),
    "werven": Key(INT_LIST),
    "short_description": Key(STR, True),
    "themes": Key(LINES),
    "reason": Key(STR),
    "start_date": Key(DATE),
    "investment": Key(STR),
    "financing": Key(STR),
    "hiring": Key(STR),
    "municipality": Key(STR),
    "contact_person": Key(STR),
    "email": Key(STR),
    "website": Key(STR),
    "departments": Key(LINES),
    "collaborating_governments": Key(LINES),
    "collaboration_note": Key(STR),
    "external_partners": Key(LINES),
    "partners_note": Key(STR),
    "success_factors": Key(LINES),
    "pitfalls": Key(LINES),
    "challenges": Key(LINES),
    "status": choice(PublicationStatus, required=False),
    "notes": Key(STR),
}

# TOML table name -> (Dutch label used in messages, allowed keys, natural-key field).
TABLES = {
    "werf": ("werf", WERF_KEYS, "number"),
    "target": ("doelstelling", TARGET_KEYS, "slug"),
    "supporter": ("ondersteuner", SUPPORTER_KEYS, "slug"),
    "offer": ("aanbod", OFFER_KEYS, "slug"),
    "project": ("project", PROJECT_KEYS, "slug"),
}


@dataclass
class Item:
    """One validated fixture record, with where it came from for error messages."""

    table: str
    data: dict
    file: str
    label: str
    supporter: str = ""  # offers only: the slug from the file's top-level `supporter`

    @property
    def key(self):
        natural = self.data[TABLES[self.table][2]]
        return f"{self.supporter}/{natural}" if self.table == "offer" else str(natural)


@dataclass
class Tally:
    title: str
    added: list = field(default_factory=list)
    restored: list = field(default_factory=list)
    skipped: int = 0


class FixtureError(Exception):
    pass


def check_value(name, value, spec):
    """Return the value in the form the model wants, or raise FixtureError in Dutch."""
    kind = spec.kind
    ok = {
        STR: isinstance(value, str),
        INT: isinstance(value, int) and not isinstance(value, bool),
        NUMBER: isinstance(value, int | float) and not isinstance(value, bool),
        BOOL: isinstance(value, bool),
        DATE: isinstance(value, datetime.date) and not isinstance(value, datetime.datetime),
        INT_LIST: isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value),
        STR_LIST: isinstance(value, list) and all(isinstance(v, str) for v in value),
        LINES: isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)),
    }[kind]
    if not ok:
        raise FixtureError(f"veld “{name}” moet een {TYPE_NAMES[kind]} zijn, niet {value!r}")
    if kind == STR:
        value = value.strip()
        if spec.required and not value:
            raise FixtureError(f"veld “{name}” is leeg")
        if spec.choices is not None and value not in spec.choices.values:
            allowed = ", ".join(spec.choices.values)
            raise FixtureError(f"onbekende waarde “{value}” voor “{name}” (kies uit: {allowed})")
    if kind == NUMBER:
        value = Decimal(str(value))
    if kind == LINES and isinstance(value, list):
        value = "\n".join(line.strip() for line in value)
    elif kind == LINES:
        value = value.strip()
    return value


def check_record(raw, keys):
    if not isinstance(raw, dict):
        raise FixtureError("geen tabel met velden")
    unknown = sorted(set(raw) - set(keys))
    if unknown:
        raise FixtureError(f"onbekend veld “{unknown[0]}”")
    missing = [name for name, spec in keys.items() if spec.required and name not in raw]
    if missing:
        raise FixtureError(f"verplicht veld “{missing[0]}” ontbreekt")
    return {name: check_value(name, value, keys[name]) for name, value in raw.items()}


def record_label(table, raw, index):
    label, _, natural = TABLES[table]
    value = raw.get(natural) if isinstance(raw, dict) else None
    if table == "werf" and isinstance(value, int):
        return f"werf {value}"
    if isinstance(value, str) and value:
        return f"{label} “{value}”"
    return f"{label} nr. {index}"


def syntax_error_place(text, error):
    """Name the line and, where it can be told, the record a TOML syntax error is in."""
    match = re.search(r"at line (\d+)", str(error))
    if not match:
        return ""
    line_no = int(match.group(1))
    lines = text.splitlines()[:line_no]
    for i in range(len(lines) - 1, -1, -1):
        header = re.match(r"\s*\[\[(\w+)\]\]", lines[i])
        if header and header.group(1) in TABLES:
            table = header.group(1)
            for line in lines[i + 1 :]:
                natural = re.match(rf'\s*{TABLES[table][2]}\s*=\s*"?([^"\s]+)', line)
                if natural:
                    value = natural.group(1)
                    raw = {TABLES[table][2]: int(value) if value.isdigit() else value}
                    return f", regel {line_no} (in {record_label(table, raw, 0)})"
            return f", regel {line_no} (in een {TABLES[table][0]} vanaf regel {i + 1})"
    return f", regel {line_no}"


class Command(BaseCommand):
    help = (
        "Laadt de startgegevens uit fixtures/ (werven, ondersteuners, doelstellingen, aanbod en "
        "inspiratieprojecten) in één transactie. Wat al eens geladen werd, wordt overgeslagen: "
        "aanpassingen van medewerkers blijven behouden en wat zij verwijderden komt niet terug, "
        "tenzij met --herstel-verwijderde."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon wat toegevoegd zou worden, zonder iets op te slaan.",
        )
        parser.add_argument(
            "--herstel-verwijderde",
            action="store_true",
            dest="restore_deleted",
            help="Maak startgegevens die medewerkers verwijderden opnieuw aan (hun aanpassingen blijven ongemoeid).",
        )
        parser.add_argument(
            "--fixtures-dir",
            default=str(settings.BASE_DIR / "fixtures"),
            help="Map met de TOML-bestanden (standaard: fixtures/ in het project).",
        )

    def handle(self, *args, dry_run=False, restore_deleted=False, fixtures_dir=None, **options):
        self.verbosity = options.get("verbosity", 1)
        self.dry_run = dry_run
        self.restore_deleted = restore_deleted
        items = self.read_fixtures(Path(fixtures_dir))
        with transaction.atomic():
            tallies = self.load(items)
            if dry_run:
                transaction.set_rollback(True)
        self.report(tallies)

    # -- reading and checking: nothing is written until every file passed -------------------

    def display(self, path):
        try:
            return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
        except ValueError:
            return str(path)

    def read_toml(self, path):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{self.display(path)}: geen geldige UTF-8-tekst ({error}).") from error
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            place = syntax_error_place(text, error)
            raise CommandError(f"{self.display(path)}{place}: geen geldige TOML ({error}).") from error

    def read_file(self, path, tables, offers=False):
        document = self.read_toml(path)
        allowed = set(tables) | ({"supporter"} if offers else set())
        unknown = sorted(set(document) - allowed)
        if unknown:
            raise CommandError(f"{self.display(path)}: onbekend onderdeel “{unknown[0]}”.")
        supporter = ""
        if offers:
            # An offer file belongs to one supporter, named once at the top.
            supporter = document.get("supporter")
            if not isinstance(supporter, str) or not supporter.strip():
                raise CommandError(
                    f'{self.display(path)}: bovenaan ontbreekt `supporter = "<sleutel van de ondersteuner>"`.'
                )
        items = []
        for table in tables:
            records = document.get(table, [])
            if not isinstance(records, list):
                raise CommandError(f"{self.display(path)}: “{table}” moet een lijst van tabellen [[{table}]] zijn.")
            for index, raw in enumerate(records, start=1):
                label = record_label(table, raw, index)
                try:
                    data = check_record(raw, TABLES[table][1])
                except FixtureError as error:
                    raise CommandError(f"{self.display(path)}, {label}: {error}.") from error
                items.append(Item(table, data, self.display(path), label, supporter.strip()))
        return items

    def read_fixtures(self, directory):
        if not directory.is_dir():
            raise CommandError(f"De map met startgegevens bestaat niet: {directory}.")
        for required in ("werven.toml", "ondersteuners.toml"):
            if not (directory / required).is_file():
                raise CommandError(f"{self.display(directory / required)} ontbreekt.")
        items = self.read_file(directory / "werven.toml", ["werf", "target"])
        items += self.read_file(directory / "ondersteuners.toml", ["supporter"])
        for path in sorted(directory.glob("aanbod-*.toml")):
            items += self.read_file(path, ["offer"], offers=True)
        if (directory / "projecten.toml").is_file():
            items += self.read_file(directory / "projecten.toml", ["project"])
        known = {"werven.toml", "ondersteuners.toml", "projecten.toml"}
        for path in sorted(directory.glob("*.toml")):
            if path.name not in known and not path.name.startswith("aanbod-"):
                self.stderr.write(f"Let op: {self.display(path)} wordt niet geladen (onbekende bestandsnaam).")
        self.check_references(items)
        return items

    def check_references(self, items):
        """Every werf, supporter and target a record names must exist in the files or the database."""
        werven = {i.data["number"] for i in items if i.table == "werf"} | set(
            Werf.objects.values_list("number", flat=True)
        )
        supporters = {i.data["slug"] for i in items if i.table == "supporter"} | set(
            Supporter.objects.values_list("slug", flat=True)
        )
        # A variant points at a target that is itself no variant, so one pass in order can link them.
        file_targets = {i.data["slug"] for i in items if i.table == "target"}
        base_targets = {i.data["slug"] for i in items if i.table == "target" and "variant_of" not in i.data}
        db_targets = set(Target.objects.filter(variant_of__isnull=True).values_list("slug", flat=True))
        seen = {}
        for item in items:
            where = f"{item.file}, {item.label}"
            if (item.table, item.key) in seen:
                raise CommandError(f"{where}: komt twee keer voor (ook in {seen[item.table, item.key]}).")
            seen[item.table, item.key] = item.file
            data = item.data

            def need(ok, message, where=where):
                if not ok:
                    raise CommandError(f"{where}: {message}.")

            if item.table == "target":
                need(data["werf"] in werven, f"onbekende werf {data['werf']}")
                for slug in data["stated_by"]:
                    need(slug in supporters, f"onbekende ondersteuner “{slug}” in stated_by")
                if "variant_of" in data:
                    need(data["variant_of"] != data["slug"], "een doelstelling kan geen variant van zichzelf zijn")
                    need(
                        data["variant_of"] in base_targets or data["variant_of"] in db_targets - file_targets,
                        f"onbekende LEKP 1.0-doelstelling “{data['variant_of']}” in variant_of",
                    )
            if item.table == "offer":
                need(item.supporter in supporters, f"onbekende ondersteuner “{item.supporter}”")
            if item.table == "project":
                need(data["lead_supporter"] in supporters, f"onbekende ondersteuner “{data['lead_supporter']}”")
            if item.table in ("offer", "project"):
                for number in data.get("werven", []):
                    need(number in werven, f"onbekende werf {number}")
            if item.table == "offer":
                if data.get("is_general"):
                    need(
                        set(data["werven"]) == werven,
                        f"algemene ondersteuning (is_general) draagt alle werven: werven = {sorted(werven)}",
                    )
                need(data["werven"], "geen enkele werf")

    # -- writing ------------------------------------------------------------------------------

    def load(self, items):
        self.recorded = set(SeedRecord.objects.values_list("kind", "key"))
        self.found = {}
        tallies = {
            "werf": Tally("Werven"),
            "supporter": Tally("Ondersteuners"),
            "target": Tally("Doelstellingen"),
            "offer": Tally("Aanbod"),
            "project": Tally("Inspiratieprojecten"),
        }
        existing = {
            "werf": lambda item: Werf.objects.filter(number=item.data["number"]),
            "supporter": lambda item: Supporter.objects.filter(slug=item.data["slug"]),
            "target": lambda item: Target.objects.filter(slug=item.data["slug"]),
            "offer": lambda item: Offer.objects.filter(supporter__slug=item.supporter, slug=item.data["slug"]),
            "project": lambda item: Project.objects.filter(slug=item.data["slug"]),
        }
        build = {
            "werf": self.build_werf,
            "supporter": self.build_supporter,
            "target": self.build_target,
            "offer": self.build_offer,
            "project": self.build_project,
        }
        for table in tallies:  # dependency order: werven, supporters, targets, offers, projects
            # A variant can only point at its LEKP 1.0 target once that one exists.
            records = sorted((i for i in items if i.table == table), key=lambda i: "variant_of" in i.data)
            for item in records:
                self.load_item(item, tallies[table], existing[table](item), build[table])
        return list(tallies.values())

    def load_item(self, item, tally, existing, build):
        kind = TABLES[item.table][0]
        is_recorded = (kind, item.key) in self.recorded
        if existing.exists():
            if not is_recorded:
                # Made by hand before the seed got to it: staff's version wins, and from now on
                # it counts as loaded so a later run leaves it alone too.
                self.remember(kind, item.key)
                self.stdout.write(f"  {item.label} bestaat al (niet door het laden aangemaakt): ongemoeid gelaten.")
            tally.skipped += 1
            return
        if is_recorded and not self.restore_deleted:
            if self.verbosity >= 2:
                self.stdout.write(f"  {item.label} werd door een medewerker verwijderd: niet opnieuw aangemaakt.")
            tally.skipped += 1
            return
        try:
            instance, set_relations = build(item)
            instance.full_clean()
            instance._change_reason = CHANGE_REASON
            # Offers and projects get one history row with their werven, not one per signal.
            recording = one_history_row(instance, "+") if hasattr(instance, "record_history") else nullcontext()
            with recording:
                instance.save()
                if set_relations:
                    set_relations(instance)
        except ValidationError as error:
            raise CommandError(f"{item.file}, {item.label}: {describe(error, type(instance))}") from error
        except MissingReference as error:
            raise CommandError(f"{item.file}, {item.label}: {error}") from error
        if is_recorded:
            tally.restored.append(item)
        else:
            self.remember(kind, item.key)
            tally.added.append(item)

    def lookup(self, model, **natural_key):
        """The werf, supporter or target a record points at; a load only ever adds these."""
        ((name, value),) = natural_key.items()
        if (model, value) not in self.found:
            try:
                self.found[model, value] = model.objects.get(**natural_key)
            except model.DoesNotExist:
                raise MissingReference(
                    f"{model._meta.verbose_name} met {name} “{value}” staat niet (meer) in de databank; "
                    "herstel die eerst, bv. met --herstel-verwijderde."
                ) from None
        return self.found[model, value]

    def remember(self, kind, key):
        SeedRecord.objects.create(kind=kind, key=key)
        self.recorded.add((kind, key))

    def build_werf(self, item):
        return Werf(**item.data), None

    def build_supporter(self, item):
        return Supporter(**item.data), None

    def build_target(self, item):
        data = dict(item.data)
        stated_by = data.pop("stated_by")
        werf = self.lookup(Werf, number=data.pop("werf"))
        variant_of = self.lookup(Target, slug=data.pop("variant_of")) if "variant_of" in data else None
        supporters = [self.lookup(Supporter, slug=slug) for slug in stated_by]
        target = Target(werf=werf, variant_of=variant_of, **data)
        return target, lambda saved: saved.stated_by.set(supporters)

    def build_offer(self, item):
        data = dict(item.data)
        data.pop("notes", None)
        werven = [self.lookup(Werf, number=number) for number in data.pop("werven")]
        data.setdefault("status", PublicationStatus.PUBLISHED)
        offer = Offer(supporter=self.lookup(Supporter, slug=item.supporter), **data)
        return offer, lambda saved: saved.werven.set(werven)

    def build_project(self, item):
        data = dict(item.data)
        data.pop("notes", None)
        werven = [self.lookup(Werf, number=number) for number in data.pop("werven", [])]
        data.setdefault("status", PublicationStatus.PUBLISHED)
        project = Project(lead_supporter=self.lookup(Supporter, slug=data.pop("lead_supporter")), **data)
        return project, lambda saved: saved.werven.set(werven)

    # -- output -------------------------------------------------------------------------------

    def report(self, tallies):
        if self.dry_run:
            self.stdout.write("Proefdraai (--dry-run): er werd niets opgeslagen.")
        verb = "toe te voegen" if self.dry_run else "toegevoegd"
        for tally in tallies:
            if self.dry_run or self.verbosity >= 2:
                for item in tally.added:
                    self.stdout.write(f"  + {item.label} ({item.file})")
            line = f"{tally.title}: {len(tally.added)} {verb}, {tally.skipped} overgeslagen"
            if tally.restored:
                line += f", {len(tally.restored)} {'te herstellen' if self.dry_run else 'hersteld'}"
            self.stdout.write(line)


class MissingReference(Exception):
    pass


def describe(error, model):
    """A ValidationError as one Dutch sentence, fields named as the admin names them."""
    parts = []
    for name, messages in error.message_dict.items():
        try:
            prefix = f"{model._meta.get_field(name).verbose_name}: "
        except FieldDoesNotExist:
            prefix = ""
        parts.extend(prefix + message for message in messages)
    return " ".join(parts)
