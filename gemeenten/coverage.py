"""Where the gaps are: published offers per werf and supporter, and the municipalities they reach.

Every figure is aggregated in the database (a handful of queries whatever the number of
offers), and each count is defined so that the offer list it links to shows the same rows:
a werf cell counts the offers *specific* to that werf (general support has its own row).
"""

from dataclasses import dataclass, field

from django.db.models import Count

from gemeenten.models import Municipality, Service
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


def coverage():
    supporters = list(Supporter.objects.order_by("name"))
    werven = list(Werf.objects.order_by("number"))
    specific = Offer.objects.published().filter(is_general=False)
    counts = {
        (row["werven__number"], row["supporter_id"]): row["count"]
        for row in specific.values("werven__number", "supporter_id").annotate(count=Count("pk", distinct=True))
    }
    general_counts = dict(
        Offer.objects.published()
        .filter(is_general=True)
        .values("supporter_id")
        .annotate(count=Count("pk"))
        .values_list("supporter_id", "count")
    )
    kind_labels = dict(Offer.Kind.choices)
    kinds = {}
    for number, kind in specific.values_list("werven__number", "kind").distinct().order_by("kind"):
        kinds.setdefault(number, []).append(kind_labels.get(kind, kind))
    # A municipality is covered for a werf when a supporter serving it has a specific offer there:
    # from the counts above and the services, not from a join of services, offers and werven.
    served = {}
    for supporter_id, municipality_id in Service.objects.values_list("supporter_id", "municipality_id"):
        served.setdefault(supporter_id, set()).add(municipality_id)
    covered = {}
    for number, supporter_id in counts:
        covered.setdefault(number, set()).update(served.get(supporter_id, ()))

    rows = []
    for werf in werven:
        row = Row(
            str(werf), werf, kinds=kinds.get(werf.number, []), municipality_count=len(covered.get(werf.number, ()))
        )
        for supporter in supporters:
            count = counts.get((werf.number, supporter.pk), 0)
            row.cells.append(Cell(supporter, count, f"werf={werf.number}&ondersteuner={supporter.slug}&algemeen=nee"))
        rows.append(row)
    general = Row("Algemene ondersteuning (voor alle werven)")
    for supporter in supporters:
        count = general_counts.get(supporter.pk, 0)
        general.cells.append(Cell(supporter, count, f"ondersteuner={supporter.slug}&algemeen=ja"))
    return Coverage(supporters, rows, general, Municipality.objects.count(), covered)
