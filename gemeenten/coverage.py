"""Where the gaps are: published offers per werf and supporter, and the municipalities they reach.

Every figure is aggregated in the database (four queries whatever the number of offers, the
map's outlines included), and each count is defined so that the offer list it links to shows the
same rows: a werf cell counts the offers *specific* to that werf (general support has its own row).
"""

from dataclasses import dataclass, field

from gemeenten.models import Municipality
from offers.models import Offer, Supporter
from werven.models import Werf


@dataclass
class Cell:
    supporter: Supporter
    count: int
    query: str  # the /aanbod/ parameters that list exactly these offers


@dataclass
class Row:
    title: str
    werf: Werf = None
    cells: list = field(default_factory=list)
    kinds: list = field(default_factory=list)  # Dutch labels of the kinds of support on offer
    municipality_count: int = 0

    @property
    def total(self):
        return sum(cell.count for cell in self.cells)


@dataclass
class Coverage:
    supporters: list
    rows: list
    general: Row
    municipality_total: int
    covered: dict  # werf number -> set of municipality ids with a specific offer for it
    areas: list = field(default_factory=list)  # with_map: the municipalities with an outline, by name


def coverage(with_map=False):
    """The matrix of /dekking/; ``with_map`` adds the outlines its map draws (the export needs none)."""
    werven = list(Werf.objects.order_by("number"))
    supporters = list(Supporter.objects.order_by("name").with_offer_counts_per_werf(werven))
    kind_labels = dict(Offer.Kind.choices)
    kinds = {}
    specific = Offer.objects.published().filter(is_general=False)
    for number, kind in specific.values_list("werven__number", "kind").distinct().order_by("kind"):
        kinds.setdefault(number, []).append(kind_labels.get(kind, kind))

    def count(supporter, werf):
        return getattr(supporter, f"werf_{werf.number}_offer_count")

    # A municipality is covered for a werf when a supporter serving it has a specific offer there:
    # from the counts above and the services, not from a join of services, offers and werven.
    offering = {werf.number: [s for s in supporters if count(s, werf)] for werf in werven}
    municipalities = Municipality.objects.with_coverage(offering).order_by("name")
    if with_map:
        municipalities = municipalities.select_related("outline").only("nis_code", "name", "outline__path")
    else:
        municipalities = municipalities.only("pk")
    municipalities = list(municipalities)
    covered = {
        number: {area.pk for area in municipalities if getattr(area, f"covered_{number}")} for number in offering
    }

    rows = []
    for werf in werven:
        row = Row(
            str(werf), werf, kinds=kinds.get(werf.number, []), municipality_count=len(covered.get(werf.number, ()))
        )
        for supporter in supporters:
            query = f"werf={werf.number}&ondersteuner={supporter.slug}&algemeen=nee"
            row.cells.append(Cell(supporter, count(supporter, werf), query))
        rows.append(row)
    general = Row("Algemene ondersteuning (voor alle werven)")
    for supporter in supporters:
        general.cells.append(
            Cell(supporter, supporter.general_offer_count, f"ondersteuner={supporter.slug}&algemeen=ja")
        )
    # A municipality without an outline has no place on the map (hasattr: the join found none).
    areas = [area for area in municipalities if hasattr(area, "outline")] if with_map else []
    return Coverage(supporters, rows, general, len(municipalities), covered, areas)
