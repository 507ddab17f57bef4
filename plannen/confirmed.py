"""The curated werf tags of a plan (fixtures/plan-leuven-werven.toml): read, checked, then applied.

Each ``[[actie]]`` names an action by ``programma`` and ``nummer`` and gives its confirmed
``werven`` (may be empty), optionally ``patrimonium`` (default false) and ``reden``. An entry is
the curated answer for that action: its werven become confirmed, and a suggestion of another werf
is rejected. A tag a person set in the admin for an action the file does not list stays as it is.
One wrong entry and nothing is loaded.
"""

import tomllib
from dataclasses import dataclass

from django.db import transaction

from plannen.models import Action, ActionWerf

KNOWN_KEYS = {"programma", "nummer", "werven", "patrimonium", "reden"}


class ConfirmedTagsError(ValueError):
    pass


@dataclass(frozen=True)
class Entry:
    index: int  # 1-based, as a person counts the [[actie]] tables
    programme: int
    number: int
    werven: tuple
    patrimonium: bool
    reason: str

    def name(self):
        return f"[[actie]] nr. {self.index} (programma {self.programme}, actie {self.number})"


@dataclass
class ConfirmedReport:
    entries: int = 0
    confirmed: int = 0
    rejected: int = 0
    patrimonium_set: int = 0
    unchanged: int = 0

    def summary_lines(self):
        return [
            f"{self.entries} acties in het bestand met bevestigde werven",
            f"Bevestigd: {self.confirmed}, afgewezen voorstellen: {self.rejected}, "
            f"patrimonium aangepast: {self.patrimonium_set}, al zo: {self.unchanged}",
        ]


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def read_entries(data):
    """The entries of the file's bytes, or a ConfirmedTagsError in Dutch naming the wrong entry."""
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfirmedTagsError("Het bestand is geen geldige UTF-8.") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfirmedTagsError(f"Het bestand is geen geldige TOML: {error}.") from None
    tables = document.get("actie", [])
    if not isinstance(tables, list):
        raise ConfirmedTagsError("Verwacht worden tabellen [[actie]].")
    entries, seen = [], {}
    for index, table in enumerate(tables, 1):
        where = f"[[actie]] nr. {index}"
        unknown = set(table) - KNOWN_KEYS
        if unknown:
            raise ConfirmedTagsError(f"{where}: onbekende sleutel(s) {', '.join(sorted(unknown))}.")
        programme, number = table.get("programma"), table.get("nummer")
        if not (_is_int(programme) and _is_int(number)):
            raise ConfirmedTagsError(f"{where}: „programma” en „nummer” moeten gehele getallen zijn.")
        werven = table.get("werven", [])
        if not isinstance(werven, list) or not all(_is_int(w) and 1 <= w <= 4 for w in werven):
            raise ConfirmedTagsError(
                f"{where} (programma {programme}, actie {number}): werven zijn nummers van 1 tot 4."
            )
        patrimonium = table.get("patrimonium", False)
        reason = table.get("reden", "")
        if not isinstance(patrimonium, bool) or not isinstance(reason, str):
            raise ConfirmedTagsError(
                f"{where} (programma {programme}, actie {number}): „patrimonium” is true of false, „reden” een tekst."
            )
        if (programme, number) in seen:
            raise ConfirmedTagsError(
                f"{where}: programma {programme}, actie {number} staat er al in "
                f"als [[actie]] nr. {seen[programme, number]}."
            )
        seen[programme, number] = index
        entries.append(Entry(index, programme, number, tuple(sorted(set(werven))), patrimonium, reason.strip()))
    return entries


def apply_entries(plan, entries, werven):
    """Confirm the entries' werven on ``plan``'s actions, in one transaction; ``werven`` maps number -> Werf."""
    report = ConfirmedReport(entries=len(entries))
    actions = {
        (action.programme.number, action.number): action
        for action in Action.objects.filter(programme__plan=plan).select_related("programme").prefetch_related("tags")
    }
    missing = [entry for entry in entries if (entry.programme, entry.number) not in actions]
    if missing:
        raise ConfirmedTagsError(
            f"{missing[0].name()}: die actie bestaat niet in het plan van {plan.municipality.name}; "
            "er is niets geladen."
        )
    with transaction.atomic():
        for entry in entries:
            action = actions[entry.programme, entry.number]
            if action.patrimonium != entry.patrimonium:
                action.patrimonium = entry.patrimonium
                action.save()
                report.patrimonium_set += 1
            tags = {tag.werf_id: tag for tag in action.tags.all()}
            for number, werf in werven.items():
                tag = tags.get(werf.pk)
                if number in entry.werven:
                    wanted = (ActionWerf.Origin.CONFIRMED, entry.reason[:500])
                    if tag is None:
                        ActionWerf.objects.create(action=action, werf=werf, origin=wanted[0], reason=wanted[1])
                        report.confirmed += 1
                    elif (tag.origin, tag.reason) != wanted:
                        tag.origin, tag.reason = wanted
                        tag.save()
                        report.confirmed += 1
                    else:
                        report.unchanged += 1
                elif tag is not None and tag.origin == ActionWerf.Origin.SUGGESTED:
                    tag.origin = ActionWerf.Origin.REJECTED
                    tag.save()
                    report.rejected += 1
    return report
