"""The export of the offer list for coordinators: CSV, Excel (.xlsx) and JSON.

One column specification serves all three formats, so a coordinator gets the same facts
whichever file they pick; the files themselves are written by the exports package. The public
exports take the list's own FilterSet (offers/filters.py); the admin actions "Exporteer
selectie" (offers/admin.py) take the rows ticked in the admin. Both go through OfferExport.
"""

from operator import attrgetter

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from exports.columns import Column, ColumnType
from exports.responses import CHUNK_SIZE, Export
from offers.models import Offer
from werven.models import Werf

KIND_LABELS = dict(Offer.Kind.choices)
COST_LABELS = dict(Offer.Cost.choices)

# JSON keys for programs (they stay as they are); readable Dutch headers for CSV and Excel.
COLUMNS = (
    Column("titel", "Titel", attrgetter("title"), ColumnType.TEXT, 40),
    Column("ondersteuner", "Ondersteuner", attrgetter("supporter.name"), ColumnType.TEXT, 24),
    Column("werven", "Werven", attrgetter("export_werven"), ColumnType.NUMBERS, 10),
    Column("algemeen", "Algemene ondersteuning", attrgetter("is_general"), ColumnType.BOOLEAN, 13),
    Column("patrimonium", "Gemeentelijk patrimonium", attrgetter("concerns_patrimony"), ColumnType.BOOLEAN, 14),
    Column("soort", "Soort ondersteuning", lambda offer: KIND_LABELS.get(offer.kind, offer.kind), ColumnType.TEXT, 28),
    Column("kosten", "Kosten", lambda offer: COST_LABELS.get(offer.cost, offer.cost), ColumnType.TEXT, 14),
    Column("samenvatting", "Samenvatting", attrgetter("summary"), ColumnType.TEXT, 50),
    Column("beschrijving", "Beschrijving", attrgetter("description"), ColumnType.TEXT, 80),
    Column("partners", "Partners", attrgetter("partner_list"), ColumnType.LINES, 30),
    Column("contactpersoon", "Contactpersoon", attrgetter("supporter.contact_person"), ColumnType.TEXT, 24),
    Column("email", "E-mail", attrgetter("supporter.email"), ColumnType.TEXT, 30),
    Column("telefoon", "Telefoon", attrgetter("supporter.phone"), ColumnType.TEXT, 18),
    Column("url", "Webadres", attrgetter("export_url"), ColumnType.URL, 50),
    Column("laatst_bijgewerkt", "Laatst bijgewerkt", attrgetter("updated_at"), ColumnType.DATETIME, 18),
)

# File names stay readable in a download folder; very long filter combinations are cut.
MAX_FILENAME_DESCRIPTION = 120


def filename_description(data, names=()):
    """ "werf-2-kosten-gratis" for the cleaned filter parameters ``data`` (a QueryDict).

    ``names`` are the choice parameters that say what the file holds, in the order they appear
    in its name (the filter's ``choice_labels``, so a filter added by a subclass is named too);
    a search comes last.
    """
    parts = []
    for name in names:
        values = data.getlist(name)
        if values:
            parts.append(slugify(f"{name} {' '.join(values)}"))
    if data.get("q"):
        parts.append(slugify(f"zoek {data['q']}"))
    description = "-".join(part for part in parts if part)
    return description[:MAX_FILENAME_DESCRIPTION].strip("-")


def _werf_flag(number):
    return f"export_in_werf_{number}"


def _offer_url_builder(absolute_url):
    """A function (supporter slug, offer slug) -> absolute URL of the offer page.

    reverse() per row cost more than the rest of a row together; the URL pattern is reversed
    once with markers and filled in (slugs never need escaping).
    """
    marker = "lekp-export-marker"
    path = reverse("offers:offer-detail", args=[marker, marker])
    start, middle, end = path.split(marker)
    origin = absolute_url("/").removesuffix("/")
    return lambda supporter_slug, offer_slug: f"{origin}{start}{supporter_slug}{middle}{offer_slug}{end}"


class OfferExport:
    """The offers of one queryset, in its order, ready to be sent as CSV, Excel or JSON."""

    def __init__(self, queryset, *, filters, name_description="", request=None):
        self.queryset = queryset
        self.filters = list(filters)
        self.name = "-".join(part for part in ("lekp-aanbod", name_description) if part)
        self.exported_at = timezone.now()
        if request is not None:
            self.absolute_url = request.build_absolute_uri
        else:
            site = settings.SITE_URL.rstrip("/")
            self.absolute_url = lambda path: site + path

    @classmethod
    def from_filterset(cls, filterset, request=None):
        """The public list with the filters of ``filterset`` (an OfferFilter), all pages."""
        filters = list(filterset.describe()) or [("Filters", "geen: al het gepubliceerde aanbod")]
        filters += [("Opmerking", notice) for notice in filterset.notices]
        return cls(
            filterset.qs,
            filters=filters,
            name_description=filename_description(filterset.kept_params, filterset.choice_labels),
            request=request,
        )

    @classmethod
    def from_selection(cls, queryset, request=None):
        """Offers ticked in the admin (already limited to what the user may see)."""
        return cls(
            queryset,
            filters=[("Bron", "selectie in het beheer")],
            name_description="selectie",
            request=request,
        )

    def rows(self):
        """Yield the offers in the queryset's order, with ``export_werven`` and ``export_url`` set.

        Two queries whatever the number of rows: prefetching werven while iterating would add a
        query per chunk, so membership of each werf (there are four) is read in the main query.
        """
        numbers = list(Werf.objects.order_by("number").values_list("number", flat=True))
        through = Offer.werven.through
        queryset = (
            self.queryset.select_related("supporter")
            .prefetch_related(None)
            .annotate(
                **{
                    _werf_flag(number): Exists(through.objects.filter(offer=OuterRef("pk"), werf__number=number))
                    for number in numbers
                }
            )
        )
        offer_url = _offer_url_builder(self.absolute_url)
        for offer in queryset.iterator(chunk_size=CHUNK_SIZE):
            # Like the annotations: values that depend on this export (its werven, its site address).
            offer.export_werven = [number for number in numbers if getattr(offer, _werf_flag(number))]
            offer.export_url = offer_url(offer.supporter.slug, offer.slug)
            yield offer

    def response(self, export_format):
        export = Export(
            COLUMNS,
            self.rows(),
            name=self.name,
            sheet_name="Aanbod",
            title="Aanbod van het LEKP-portaal",
            filters=self.filters,
            exported_at=self.exported_at,
        )
        return export.response(export_format)
