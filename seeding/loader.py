"""Load the seed files (fixtures/*.toml) without ever overwriting what staff changed.

Every record ever loaded is remembered in SeedRecord under its natural key. A later run skips
those records, whether staff edited them (the edit stays) or deleted them (they stay deleted,
unless restoring is asked). One exception brings corrections of the files to the database: a
row with a history (offers, projects) that only the loader ever wrote, and that still is what
the loader last wrote, takes the record's new values, with one history row of its own.

Every file is read and its shape checked before anything is written; each new record is then
checked by its table's form just before it is saved, so a reference to a row written earlier in
the same load is found. It all happens in one transaction: one error loads nothing.
"""

import tomllib
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction

from offers.history import one_history_row
from seeding.models import SeedRecord
from seeding.tables import TABLES, Table
from zoeken import registry as search_index

CHANGE_REASON = "startgegevens geladen"
UPDATE_REASON = "startgegevens bijgewerkt"
LOADER_REASONS = (CHANGE_REASON, UPDATE_REASON)


class FixtureError(Exception):
    """A mistake in the seed files, in Dutch, naming the file and the record."""


@dataclass
class Record:
    table: Table
    data: dict
    file: str
    label: str

    @property
    def natural_key(self):
        return tuple(self.data[name] for name in self.table.natural_key)

    @property
    def key(self):
        """As SeedRecord stores it: "3", "iok", "iok/energiehuis-kempen"."""
        return "/".join(str(part) for part in self.natural_key)

    def error(self, message):
        return FixtureError(f"{self.file}, {self.label}: {message}")


@dataclass
class Fixtures:
    tables: list
    records: list
    unknown_files: list


@dataclass
class Tally:
    table: Table
    added: list = field(default_factory=list)
    restored: list = field(default_factory=list)
    updated: list = field(default_factory=list)  # never edited by staff: brought to the file's values
    hand_made: list = field(default_factory=list)  # found in the database: left alone, remembered
    deleted: list = field(default_factory=list)  # deleted by staff: not made again
    skipped: int = 0

    def summary(self, dry_run=False):
        """“Werven: 4 toegevoegd, 0 overgeslagen”, and how many were updated or restored if any."""
        added, updated, restored = (
            ("toe te voegen", "bij te werken", "te herstellen") if dry_run else ("toegevoegd", "bijgewerkt", "hersteld")
        )
        line = f"{self.table.title}: {len(self.added)} {added}, {self.skipped} overgeslagen"
        line += f", {len(self.updated)} {updated}" if self.updated else ""
        return line + (f", {len(self.restored)} {restored}" if self.restored else "")


# The curated werf tags of a municipality's plan: read by `manage.py import_plan --werven`, after
# the plan itself, not by load_seed.
READ_ELSEWHERE = ("plan-*.toml",)


def display(path):
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def read_fixtures(directory, tables=TABLES):
    """Every record of the files in ``directory``, in the order they are to be written."""
    if not directory.is_dir():
        raise FixtureError(f"De map met startgegevens bestaat niet: {directory}.")
    paths = {table: sorted(directory.glob(table.files)) for table in tables}
    for table, found in paths.items():
        if not found and "*" not in table.files:
            raise FixtureError(f"{display(directory / table.files)} ontbreekt.")
    files = {}  # werven.toml holds two tables
    for table, found in paths.items():
        for path in found:
            if table.reader is None:
                files.setdefault(path, []).append(table)
    documents = {path: read_document(path, its_tables) for path, its_tables in files.items()}
    records = []
    for table in tables:
        if table.reader is None:
            in_files = [record for path in paths[table] for record in table_records(table, path, documents[path])]
        else:
            in_files = [record for path in paths[table] for record in read_records(table, path)]
        records += sorted(in_files, key=lambda record: table.self_reference in record.data)
    seen = {}
    for record in records:
        if (record.table, record.key) in seen:
            raise record.error(f"komt twee keer voor (ook in {seen[record.table, record.key]}).")
        seen[record.table, record.key] = record.file
    unknown = [
        display(path)
        for path in sorted(directory.glob("*.toml"))
        if path not in documents and not any(path.match(pattern) for pattern in READ_ELSEWHERE)
    ]
    return Fixtures(tables, records, unknown)


def read_document(path, tables):
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise FixtureError(f"{display(path)}: geen geldige UTF-8-tekst ({error}).") from error
    except tomllib.TOMLDecodeError as error:
        raise FixtureError(f"{display(path)}: geen geldige TOML ({error}).") from error
    header = [key for table in tables for key in table.header]
    unknown = sorted(set(document) - {table.name for table in tables} - set(header))
    if unknown:
        raise FixtureError(f"{display(path)}: onbekend onderdeel “{unknown[0]}”.")
    for key in header:
        if key not in document:
            raise FixtureError(f'{display(path)}: bovenaan ontbreekt `{key} = "…"`.')
    return document


def table_records(table, path, document):
    raw_records = document.get(table.name, [])
    if not isinstance(raw_records, list):
        raise FixtureError(f"{display(path)}: “{table.name}” moet een lijst van tabellen [[{table.name}]] zijn.")
    header = {key: document[key] for key in table.header}
    known = set(table.form.base_fields) - set(header) | set(table.documentation)
    for index, raw in enumerate(raw_records, start=1):
        record = Record(table, {**table.defaults, **header}, display(path), record_label(table, raw, index))
        if not isinstance(raw, dict):
            raise record.error("geen tabel met velden.")
        if unknown := sorted(set(raw) - known):
            raise record.error(f"onbekend veld “{unknown[0]}”.")
        for name, value in raw.items():
            if name in table.lines and isinstance(value, list):
                value = "\n".join(str(line).strip() for line in value)
            if name not in table.documentation:
                record.data[name] = value
        for name in table.natural_key:
            if record.data.get(name) in (None, ""):
                raise record.error(f"{name}: {forms.Field.default_error_messages['required']}")
        yield record


def read_records(table, path):
    """The records of a file in another format than TOML, through the table's reader."""
    try:
        raws = list(table.reader(path))
    except UnicodeDecodeError as error:
        raise FixtureError(f"{display(path)}: geen geldige UTF-8-tekst ({error}).") from error
    except ValueError as error:
        raise FixtureError(f"{display(path)}: {error}.") from error
    for index, raw in enumerate(raws, start=1):
        record = Record(table, {**table.defaults, **raw}, display(path), record_label(table, raw, index))
        for name in table.natural_key:
            if record.data.get(name) in (None, ""):
                raise record.error(f"{name}: {forms.Field.default_error_messages['required']}")
        yield record


def record_label(table, raw, index):
    """“werf 3”, “aanbod “energiehuis-kempen””, or “aanbod nr. 4” when the record lacks its key."""
    named = raw.get(table.natural_key[-1]) if isinstance(raw, dict) else None
    if isinstance(named, int):
        return f"{table.label} {named}"
    if isinstance(named, str) and named:
        return f"{table.label} “{named}”"
    return f"{table.label} nr. {index}"


@transaction.atomic
def load(fixtures, restore_deleted=False):
    """Write what is new; return a Tally per table."""
    recorded = set(SeedRecord.objects.values_list("kind", "key"))
    tallies = {table: Tally(table) for table in fixtures.tables}
    # One rebuild of the search index at the end instead of one update per saved record.
    with search_index.paused():
        _load_records(fixtures, restore_deleted, recorded, tallies)
    if any(tally.added or tally.restored or tally.updated for tally in tallies.values()):
        search_index.reindex()
    return list(tallies.values())


def _load_records(fixtures, restore_deleted, recorded, tallies):
    for record in fixtures.records:
        tally = tallies[record.table]
        was_loaded = (record.table.label, record.key) in recorded
        if instance := existing(record):
            if was_loaded and untouched_by_staff(instance) and update(record, instance):
                tally.updated.append(record)
                continue
            tally.skipped += 1
            if not was_loaded:
                # Made by hand before the seed got to it: staff's version wins, and from now on
                # it counts as loaded so a later run leaves it alone too.
                SeedRecord.objects.create(kind=record.table.label, key=record.key)
                tally.hand_made.append(record)
        elif was_loaded and not restore_deleted:
            tally.skipped += 1
            tally.deleted.append(record)
        else:
            save(record)
            if was_loaded:
                tally.restored.append(record)
            else:
                SeedRecord.objects.create(kind=record.table.label, key=record.key)
                tally.added.append(record)


def existing(record):
    """The row the record names, or None."""
    model = record.table.model
    try:
        return model._default_manager.get_by_natural_key(*record.natural_key)
    except (model.DoesNotExist, ValueError, TypeError):  # a key of the wrong type: the form says so
        return None


def untouched_by_staff(instance):
    """Whether only the loader ever wrote this row: its history says so, and the row still matches it.

    A table without a history (werven, supporters) cannot tell, so its rows count as edited. The
    comparison with the newest history row catches a change that wrote no history (an update()).
    """
    if not hasattr(instance, "record_history"):
        return False
    history = list(instance.history.order_by("-history_id"))
    if not history or any(row.history_user_id or row.history_change_reason not in LOADER_REASONS for row in history):
        return False
    last = history[0].instance
    fields = type(instance)._meta.concrete_fields
    return all(getattr(last, field.attname) == getattr(instance, field.attname) for field in fields)


def update(record, instance):
    """Give the row the record's values if any differ; return whether it changed."""
    form = checked(record, instance)
    model = record.table.model
    current = model._default_manager.get(pk=instance.pk)
    changed = [
        field.name
        for field in model._meta.concrete_fields
        if field.name in form.cleaned_data and getattr(form.instance, field.attname) != getattr(current, field.attname)
    ] + [
        field.name
        for field in model._meta.many_to_many
        if field.name in form.cleaned_data
        and {row.pk for row in form.cleaned_data[field.name]} != related_pks(current, field)
    ]
    if changed:
        write(form, UPDATE_REASON, "~")
    return bool(changed)


def related_pks(instance, field):
    return set(getattr(instance, field.name).values_list("pk", flat=True))


def save(record):
    write(checked(record), CHANGE_REASON, "+")


def checked(record, instance=None):
    form = record.table.form(data=record.data, instance=instance)
    if not form.is_valid():
        raise record.error(" ".join(describe(name, messages) for name, messages in form.errors.items()))
    return form


def write(form, reason, history_type):
    form.instance._change_reason = reason
    # Offers and projects get one history row with their werven, not one per signal.
    keeping_history = hasattr(form.instance, "record_history")
    with one_history_row(form.instance, history_type) if keeping_history else nullcontext():
        form.save()


def describe(name, messages):
    """A form error, its field named as in the file."""
    text = " ".join(messages)
    return text if name == NON_FIELD_ERRORS else f"{name}: {text}"
