"""Exports for coordinators: the municipalities with their indicative targets, and the coverage matrix.

Both go through the exports package like the offer export. Their columns depend on the data
(one per target with numbers, one per supporter), so each export builds its specification from
a few queries before the first row, and the number of queries stays fixed whatever the rows.
"""

from collections import Counter
from operator import attrgetter

from django.db.models import Prefetch
from django.utils.text import slugify

from exports.columns import Column, ColumnType
from exports.responses import Export
from gemeenten.pact import target_line
from offers.models import Supporter
from werven.models import Target
from werven.shares import ROUNDING_RULE

MUNICIPALITY_COLUMNS = (
    Column("nis_code", "nis_code", attrgetter("nis_code"), ColumnType.TEXT, 10),
    Column("naam", "naam", attrgetter("name"), ColumnType.TEXT, 24),
    Column("provincie", "provincie", lambda municipality: municipality.get_province_display(), ColumnType.TEXT, 16),
    Column("arrondissement", "arrondissement", attrgetter("arrondissement"), ColumnType.TEXT, 18),
    Column("inwoners", "inwoners", attrgetter("inhabitants"), ColumnType.NUMBER, 10),
    Column("inwoners_op", "inwoners_op", attrgetter("inhabitants_on"), ColumnType.DATE, 12),
    Column("wooneenheden", "wooneenheden", attrgetter("housing_units"), ColumnType.NUMBER, 13),
    Column("wooneenheden_op", "wooneenheden_op", attrgetter("housing_units_on"), ColumnType.DATE, 15),
    Column("ondersteuners", "ondersteuners", attrgetter("export_supporter_names"), ColumnType.LINES, 24),
)

# What a reader of the file needs to read the target columns right (the "Filters" sheet).
MUNICIPALITY_NOTES = [
    (
        "Doelstellingen",
        "Indicatief aandeel van de gemeente: hoeveelheid × inwoners (of wooneenheden) ÷ per hoeveel, "
        f"{ROUNDING_RULE}. Het pact telt op Vlaams niveau; deze cijfers zijn indicatief.",
    ),
    ("LEKP 2.0", "Enkel ingevuld voor gemeenten van een ondersteuner die die formulering overneemt."),
    ("Wooneenheden", "Doelstellingen per wooneenheid blijven leeg zolang het aantal wooneenheden onbekend is."),
]


def _target_header(target, with_werf):
    version = "LEKP 2.0, " if target.pact_version == Target.PactVersion.LEKP_2 else ""
    werf = f", werf {target.werf.number}" if with_werf else ""
    return f"{target.get_unit_display()}{werf} ({version}indicatief)"


def target_columns(targets):
    """One column per target with numbers: the municipality's indicative share, or empty.

    The header names the target by its unit ("bomen (indicatief)"), with its werf only where two
    targets of one pact version share a unit. A LEKP 2.0 target counts only for municipalities of
    a supporter stating it, as on the municipality's page (gemeenten.pact).
    """
    targets = [target for target in targets if target.can_be_shared]
    units = Counter((target.pact_version, target.unit) for target in targets)
    columns = []
    for target in targets:
        stating = None
        if target.pact_version == Target.PactVersion.LEKP_2:
            stating = {supporter.pk for supporter in target.stated_by.all()}

        def share(municipality, target=target, stating=stating):
            if stating is not None and not stating & municipality.export_supporter_ids:
                return None
            line = target_line(target, municipality, municipality.housing_units)
            return line.share.value if line.share else None

        header = _target_header(target, units[target.pact_version, target.unit] > 1)
        columns.append(Column(target.slug, header, share, ColumnType.NUMBER, max(14, len(header) + 2)))
    return columns


def municipality_rows(queryset):
    """The municipalities of ``queryset`` in its order, with their supporters read once per row."""
    supporters = Prefetch("supporters", queryset=Supporter.objects.order_by("name"))
    for municipality in queryset.prefetch_related(supporters).iterator(chunk_size=1000):
        serving = list(municipality.supporters.all())
        municipality.export_supporter_ids = {supporter.pk for supporter in serving}
        municipality.export_supporter_names = [supporter.name for supporter in serving]
        yield municipality


def municipality_export(queryset, *, filters=(), name_description=""):
    """The municipalities of ``queryset`` with their inhabitants, supporters and indicative targets."""
    targets = (
        Target.objects.select_related("werf")
        .prefetch_related("stated_by")
        .order_by("werf__number", "pact_version", "position", "pk")
    )
    return Export(
        (*MUNICIPALITY_COLUMNS, *target_columns(targets)),
        municipality_rows(queryset),
        name="-".join(part for part in ("lekp-gemeenten", name_description) if part),
        sheet_name="Gemeenten",
        title="Gemeenten van het LEKP-portaal met hun indicatieve doelstellingen",
        filters=[*filters, *MUNICIPALITY_NOTES],
    )


def describe_municipality_filter(filterset):
    """(label, value) pairs and a file name part for the filters of a gemeenten.filters.MunicipalityFilter."""
    filterset.is_valid()
    data = filterset.form.cleaned_data
    pairs, parts = [], []
    if data.get("provincie"):
        pairs.append(("Provincie", data["provincie"]))
        parts.append(slugify(f"provincie {data['provincie']}"))
    if data.get("q"):
        pairs.append(("Zoekterm", data["q"]))
        parts.append(slugify(f"zoek {data['q']}")[:60].strip("-"))
    return pairs or [("Filters", "geen: alle gemeenten")], "-".join(part for part in parts if part)


def coverage_export(result):
    """The matrix of /dekking/ (a gemeenten.coverage.Coverage): one row per werf and the general row."""
    columns = (
        Column("werf", "werf", attrgetter("title"), ColumnType.TEXT, 44),
        *(
            Column(supporter.slug, supporter.name, lambda row, i=index: row.cells[i].count, ColumnType.NUMBER, 16)
            for index, supporter in enumerate(result.supporters)
        ),
        Column("soorten", "soorten ondersteuning", attrgetter("kinds"), ColumnType.LINES, 30),
        Column(
            "gemeenten",
            "gemeenten met specifiek aanbod",
            lambda row: row.municipality_count if row.werf else None,
            ColumnType.NUMBER,
            18,
        ),
    )
    return Export(
        columns,
        [*result.rows, result.general],
        name="lekp-dekking",
        sheet_name="Dekking",
        title="Dekking: gepubliceerd aanbod per werf en per ondersteuner",
        filters=[
            (
                "Inhoud",
                "Per werf en per ondersteuner het aantal gepubliceerde vormen van ondersteuning specifiek voor "
                "die werf; algemene ondersteuning, die voor alle werven geldt, staat in een eigen rij.",
            ),
            ("Gemeenten in totaal", result.municipality_total),
        ],
    )
