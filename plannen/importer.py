"""Writing a parsed plan to the database: all or nothing, and a second run changes nothing.

An action is known by (programme number, action number). Importing a corrected file updates the
texts of the actions it still has, keeps their confirmed and rejected werf tags, brings the
suggested tags in line with the keyword rules, and removes what the file no longer has.
"""

from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from paginacache.version import bump_on_commit
from plannen.confirmed import apply_entries
from plannen.models import ACTION_SEARCH_KIND, Action, ActionProgramme, ActionWerf, PolicyPlan, Programme
from plannen.parser import decode, parse
from plannen.rules import WERF_KEYWORDS, suggested_werven
from werven.models import Werf
from zoeken.registry import KINDS, refresh


class PlanImportError(ValueError):
    """Something the database cannot take (no werven loaded, ...), in Dutch."""


@dataclass
class ImportReport:
    counts: dict  # programme number -> number of actions in the file
    titles: dict  # programme number -> title
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    suggestions_added: int = 0
    suggestions_removed: int = 0
    kept_by_people: int = 0  # confirmed or rejected tags of actions still in the file
    dry_run: bool = False
    plan: object = None
    confirmed: object = None  # a plannen.confirmed.ConfirmedReport when curated tags were loaded

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted or self.suggestions_added or self.suggestions_removed)

    def summary_lines(self):
        """The report in Dutch, one line each (for the command and the admin's confirmation page)."""
        lines = [f"Programma {number}: {count} acties" for number, count in self.counts.items()]
        lines.append(f"Totaal: {self.total} acties")
        lines.append(
            f"Nieuw: {self.created}, gewijzigd: {self.updated}, verwijderd: {self.deleted}, "
            f"ongewijzigd: {self.unchanged}"
        )
        lines.append(
            f"Voorgestelde werven: {self.suggestions_added} erbij, {self.suggestions_removed} weg; "
            f"{self.kept_by_people} bevestigde of afgewezen werven behouden"
        )
        if self.confirmed:
            lines.extend(self.confirmed.summary_lines())
        if self.dry_run:
            lines.append("Proefdraai: er is niets bewaard.")
        elif not self.changed:
            lines.append("Niets gewijzigd: dit plan was al zo ingelezen.")
        return lines


class _DryRun(Exception):
    pass


def import_plan_bytes(data, municipality, **options):
    """Read ``data`` (the file's bytes) and import it; raises PlanSyntaxError before writing anything."""
    return import_plan(parse(decode(data)), municipality, **options)


def import_plan(parsed, municipality, *, title, period, source, dry_run=False, confirmed=None):
    """Write ``parsed`` as ``municipality``'s plan, then the curated ``confirmed`` entries if given.

    Both in one transaction: a wrong entry (plannen.confirmed.ConfirmedTagsError) undoes the import
    too. With ``dry_run`` everything is rolled back after counting.
    """
    report = ImportReport(
        counts=parsed.counts(), titles={p.number: p.title for p in parsed.programmes}, dry_run=dry_run
    )
    werven = {werf.number: werf for werf in Werf.objects.all()}
    if set(WERF_KEYWORDS) - set(werven):
        raise PlanImportError("De werven ontbreken in de databank; laad eerst de startgegevens (manage.py load_seed).")
    try:
        with transaction.atomic():
            _write(parsed, municipality, report, werven, title=title, period=period, source=source)
            if confirmed is not None:
                report.confirmed = apply_entries(report.plan, confirmed, werven)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.plan = None
    return report


def _changed(obj, **values):
    """Set ``values`` on ``obj``; whether any differed."""
    differs = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            differs = True
    return differs


def _write(parsed, municipality, report, werven, *, title, period, source):
    # Bulk writes below send no signals: the plan page and the municipality page change anyway.
    bump_on_commit()
    plan = PolicyPlan.objects.filter(municipality=municipality).first()
    if plan is None:
        plan = PolicyPlan.objects.create(municipality=municipality, title=title, period=period, source=source)
    elif _changed(plan, title=title, period=period, source=source):
        plan.save()
    report.plan = plan

    programmes = {p.number: p for p in plan.programmes.all()}
    for parsed_programme in parsed.programmes:
        programme = programmes.get(parsed_programme.number)
        if programme is None:
            programmes[parsed_programme.number] = Programme.objects.create(
                plan=plan, number=parsed_programme.number, title=parsed_programme.title
            )
        elif _changed(programme, title=parsed_programme.title):
            programme.save()

    action_programmes = {
        (ap.programme.number, ap.number): ap
        for ap in ActionProgramme.objects.filter(programme__plan=plan).select_related("programme")
    }
    for parsed_ap in parsed.action_programmes:
        key = (parsed_ap.programme, parsed_ap.number)
        ap = action_programmes.get(key)
        if ap is None:
            action_programmes[key] = ActionProgramme.objects.create(
                programme=programmes[parsed_ap.programme], number=parsed_ap.number, title=parsed_ap.title
            )
        elif _changed(ap, title=parsed_ap.title):
            ap.save()

    existing = {
        (action.programme.number, action.number): action
        for action in Action.objects.filter(programme__plan=plan).select_related("programme").prefetch_related("tags")
    }
    new_actions, seen = [], set()
    for position, parsed_action in enumerate(parsed.actions, 1):
        key = (parsed_action.programme, parsed_action.number)
        seen.add(key)
        ap = action_programmes[(key[0], parsed_action.action_programme)] if parsed_action.action_programme else None
        values = {
            "action_programme": ap,
            "text": parsed_action.text,
            "items": list(parsed_action.items),
            "heading": parsed_action.heading[:500],
            "position": position,
            "first_line": parsed_action.first_line,
            "last_line": parsed_action.last_line,
        }
        action = existing.get(key)
        if action is None:
            action = Action(programme=programmes[key[0]], number=key[1], **values)
            new_actions.append(action)
        elif _changed(action, **values):
            action.save()
            report.updated += 1
        else:
            report.unchanged += 1

    gone = [action.pk for key, action in existing.items() if key not in seen]
    if gone:
        Action.objects.filter(pk__in=gone).delete()
    report.deleted = len(gone)
    # Programmes and action programmes the file no longer has (their actions went above).
    ActionProgramme.objects.filter(programme__plan=plan).exclude(
        pk__in=[action_programmes[(ap.programme, ap.number)].pk for ap in parsed.action_programmes]
    ).delete()
    plan.programmes.exclude(number__in=[p.number for p in parsed.programmes]).delete()

    created = bulk_create_with_history(new_actions, Action, batch_size=500)
    # bulk_create sends no post_save, so the search index learns of the new actions here.
    refresh(KINDS[ACTION_SEARCH_KIND], [action.pk for action in created])
    report.created = len(created)
    _suggest(plan, report, werven)


def _suggest(plan, report, werven):
    """Suggested tags follow the rules; a tag a person confirmed or rejected is left as it is."""
    new_tags, stale = [], []
    numbers = {werf.pk: werf.number for werf in werven.values()}
    actions = Action.objects.filter(programme__plan=plan).select_related("programme").prefetch_related("tags")
    for action in actions:
        wanted = set(suggested_werven(f"{action.text} {' '.join(action.items)}"))
        have = {numbers[tag.werf_id]: tag for tag in action.tags.all()}
        for number, tag in have.items():
            if tag.origin == ActionWerf.Origin.SUGGESTED:
                if number not in wanted:
                    stale.append(tag.pk)
            else:
                report.kept_by_people += 1
        for number in sorted(wanted - set(have)):
            new_tags.append(ActionWerf(action=action, werf=werven[number], origin=ActionWerf.Origin.SUGGESTED))
    if stale:
        ActionWerf.objects.filter(pk__in=stale).delete()
    bulk_create_with_history(new_tags, ActionWerf, batch_size=500)
    report.suggestions_added = len(new_tags)
    report.suggestions_removed = len(stale)
