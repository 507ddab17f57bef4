"""The export of a plan page: /gemeenten/<nis>/plan/export.csv, .xlsx and .json, via the exports package."""

from operator import attrgetter

from django.utils.text import slugify

from exports.columns import Column, ColumnType
from exports.responses import Export

COLUMNS = (
    Column("programma", "programma", attrgetter("programme.number"), ColumnType.NUMBER, 10),
    Column(
        "actieprogramma",
        "actieprogramma",
        lambda action: action.action_programme.code if action.action_programme_id else None,
        ColumnType.TEXT,
        14,
    ),
    Column("nummer", "nummer", attrgetter("number"), ColumnType.NUMBER, 8),
    Column("tekst", "tekst", attrgetter("full_text"), ColumnType.TEXT, 90),
    Column("werven", "werven", attrgetter("confirmed_werven"), ColumnType.NUMBERS, 10),
    Column("voorgestelde_werven", "voorgestelde_werven", attrgetter("suggested_werven"), ColumnType.NUMBERS, 20),
    Column("patrimonium", "patrimonium", attrgetter("patrimonium"), ColumnType.BOOLEAN, 13),
)


def plan_export(filterset):
    """Exactly the actions of the plan page with the same parameters, in the page's order."""
    plan = filterset.plan
    filters = filterset.describe()
    parts = [f"lekp-plan-{plan.municipality.nis_code}"]
    for name in ("werf", "programma"):
        if values := filterset.kept_params.getlist(name):
            parts.append(f"{name}-{'-'.join(values)}")
    if q := filterset.kept_params.get("q"):
        parts.append(f"q-{slugify(q)[:40]}")
    return Export(
        columns=COLUMNS,
        rows=filterset.qs,
        name="-".join(parts),
        sheet_name="Acties",
        title=f"{plan.title} van {plan.municipality.name}",
        filters=[("Plan", f"{plan.title} ({plan.period})"), ("Bron", plan.source), *filters],
    )
