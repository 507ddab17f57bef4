"""Exports of the offer list for coordinators: CSV, Excel (.xlsx) and JSON.

One set of columns serves all three formats, so a coordinator gets the same facts whichever
file they pick. The public exports take the list's own FilterSet (offers/filters.py); the admin
action "Exporteer selectie" takes the rows ticked in the admin. Both go through OfferExport.

Memory stays flat whatever the number of rows: rows are read from the database in chunks and
written out one by one (CSV and JSON as a streaming response, Excel through openpyxl's
write-only mode into a temporary file), and nothing holds the whole list.
"""

import csv
import json
import tempfile
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from offers.models import Offer
from werven.models import Werf

# The portal is Flemish: dates in the files are Belgian local time, whatever the server runs in.
BRUSSELS = ZoneInfo("Europe/Brussels")

# Rows fetched per database round trip; bounds memory, and the query count grows only by one
# fetch per chunk, never by one query per row.
CHUNK_SIZE = 1000

# Text that a spreadsheet would read as a formula (OWASP "CSV injection"). Tab and carriage
# return are included because Excel strips them before looking for a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = "".join(map(chr, range(32)))

# Belgian (and Dutch) Excel uses ";" as list separator, because "," is the decimal comma.
CSV_DELIMITER = ";"

# Excel refuses longer cell texts and reports the whole file as damaged.
EXCEL_MAX_CELL_LENGTH = 32767
EXCEL_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# CSV chunks handed to the web server: one row per chunk would make 20,000 tiny writes.
STREAM_BUFFER_CHARS = 64 * 1024

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# File names stay readable in a download folder; very long filter combinations are cut.
MAX_FILENAME_DESCRIPTION = 120


@dataclass(frozen=True)
class Column:
    name: str  # header in CSV and Excel, key in JSON
    width: int  # Excel column width, in characters


COLUMNS = (
    Column("titel", 40),
    Column("ondersteuner", 24),
    Column("werven", 10),
    Column("algemeen", 11),
    Column("patrimonium", 13),
    Column("soort", 28),
    Column("kosten", 14),
    Column("samenvatting", 50),
    Column("beschrijving", 80),
    Column("partners", 30),
    Column("contactpersoon", 24),
    Column("email", 30),
    Column("telefoon", 18),
    Column("url", 50),
    Column("laatst_bijgewerkt", 18),
)
HEADERS = [column.name for column in COLUMNS]


# --- rows ------------------------------------------------------------------------------------


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


def rows(queryset, absolute_url):
    """Yield one dict per offer (JSON-ready types), in the queryset's own order.

    Two queries whatever the number of rows: prefetching werven while iterating would add a
    query per chunk, so membership of each werf (there are four) is read in the main query.
    """
    numbers = list(Werf.objects.order_by("number").values_list("number", flat=True))
    through = Offer.werven.through
    queryset = (
        queryset.select_related("supporter")
        .prefetch_related(None)
        .annotate(
            **{
                _werf_flag(number): Exists(through.objects.filter(offer=OuterRef("pk"), werf__number=number))
                for number in numbers
            }
        )
    )
    offer_url = _offer_url_builder(absolute_url)
    kind_labels, cost_labels = dict(Offer.Kind.choices), dict(Offer.Cost.choices)
    for offer in queryset.iterator(chunk_size=CHUNK_SIZE):
        supporter = offer.supporter
        yield {
            "titel": offer.title,
            "ondersteuner": supporter.name,
            "werven": [number for number in numbers if getattr(offer, _werf_flag(number))],
            "algemeen": offer.is_general,
            "patrimonium": offer.concerns_patrimony,
            "soort": kind_labels.get(offer.kind, offer.kind),
            "kosten": cost_labels.get(offer.cost, offer.cost),
            "samenvatting": offer.summary,
            "beschrijving": offer.description,
            "partners": offer.partner_list,
            "contactpersoon": supporter.contact_person,
            "email": supporter.email,
            "telefoon": supporter.phone,
            "url": offer_url(supporter.slug, offer.slug),
            "laatst_bijgewerkt": offer.updated_at.astimezone(BRUSSELS).replace(microsecond=0),
        }


def neutralise(text):
    """Make text that a spreadsheet would run as a formula read as plain text.

    A leading apostrophe is the convention Excel and LibreOffice users know (typing '=1+1 shows
    the text); it survives a round trip through CSV, which a cell style would not.
    """
    # Control characters in front would hide the trigger from this check, and the Excel writer
    # strips them afterwards, which would leave a live formula.
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip(CONTROL_CHARACTERS).startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _spreadsheet_value(name, value):
    """Shared by CSV and Excel: lists become text, booleans ja/nee, text is neutralised."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if name == "werven":
        return ", ".join(str(number) for number in value)
    if isinstance(value, list):
        value = "\n".join(value)  # partners one per line, as staff enter them
    if isinstance(value, str):
        return neutralise(value)
    return value


def csv_row(row):
    return [
        value.strftime(CSV_DATETIME_FORMAT) if isinstance(value, datetime) else _spreadsheet_value(name, value)
        for name, value in row.items()
    ]


def json_row(row):
    return {
        key: value.isoformat() if isinstance(value, datetime) else value  # ISO 8601 with the +01:00/+02:00 offset
        for key, value in row.items()
    }


# --- files -----------------------------------------------------------------------------------


class _Echo:
    """csv.writer needs a file; this one hands each written line back instead of storing it."""

    def write(self, value):
        return value


def _buffered(pieces):
    """Join small pieces into chunks of about STREAM_BUFFER_CHARS for the web server."""
    buffer, size = [], 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= STREAM_BUFFER_CHARS:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def iter_csv(row_iter):
    # The BOM makes Excel read the file as UTF-8 (without it, "coöperatie" shows as "coÃ¶peratie").
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(HEADERS)
    yield from _buffered(writer.writerow(csv_row(row)) for row in row_iter)


def iter_json(row_iter):
    # A bare list of objects: the client has nothing to strip or unwrap.
    def pieces():
        separator = "\n"
        for row in row_iter:
            yield separator + json.dumps(json_row(row), ensure_ascii=False)
            separator = ",\n"

    yield "["
    yield from _buffered(pieces())
    yield "\n]\n"


def _excel_text(value):
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters make the file unreadable
    return value[:EXCEL_MAX_CELL_LENGTH]


def write_xlsx(row_iter, fileobj, *, filters, exported_at):
    """Write the rows and a "Filters" sheet as .xlsx into ``fileobj``; return the number of rows.

    ``filters`` is a list of (label, value) pairs saying what produced the list.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Aanbod")
    filters_sheet = workbook.create_sheet("Filters")

    # Named styles are looked up by name; setting font or alignment per cell hashes the style
    # objects for every cell and made the export several times slower.
    header_style = NamedStyle("LEKP kop", font=Font(bold=True))
    text_style = NamedStyle("LEKP tekst", alignment=Alignment(wrap_text=True, vertical="top"))
    date_style = NamedStyle("LEKP datum", number_format=EXCEL_DATETIME_FORMAT, alignment=Alignment(vertical="top"))
    for style in (header_style, text_style, date_style):
        workbook.add_named_style(style)

    def cell(on, value, style):
        result = WriteOnlyCell(on, value=value)
        result.style = style.name
        return result

    # Write-only sheets take column widths and panes only before the first row.
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([cell(sheet, name, header_style) for name in HEADERS])

    count = 0
    for row in row_iter:
        cells = []
        for name, value in row.items():
            if isinstance(value, datetime):
                cells.append(cell(sheet, value.replace(tzinfo=None), date_style))  # Excel has no time zones
                continue
            value = _spreadsheet_value(name, value)
            if isinstance(value, str):
                value = _excel_text(value)
            cells.append(cell(sheet, value, text_style) if value != "" else None)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"

    filters_sheet.column_dimensions["A"].width = 24
    filters_sheet.column_dimensions["B"].width = 80
    filters_sheet.append([cell(filters_sheet, "Aanbod van het LEKP-portaal", header_style)])
    filters_sheet.append([])
    exported = exported_at.astimezone(BRUSSELS).replace(tzinfo=None, microsecond=0)
    filters_sheet.append(["Geëxporteerd op", cell(filters_sheet, exported, date_style)])
    filters_sheet.append(["Aantal rijen", count])
    filters_sheet.append([])
    filters_sheet.append([cell(filters_sheet, "Filter", header_style), cell(filters_sheet, "Waarde", header_style)])
    for label, value in filters:
        filters_sheet.append([_excel_text(neutralise(str(label))), _excel_text(neutralise(str(value)))])

    workbook.save(fileobj)
    return count


# --- naming ----------------------------------------------------------------------------------

# Filter parameters that say what a file holds, in the order they appear in its name.
NAMED_PARAMETERS = ("werf", "ondersteuner", "soort", "kosten")


def filename_description(data):
    """ "werf-2-kosten-gratis" for the cleaned filter parameters ``data`` (a QueryDict)."""
    parts = []
    for name in NAMED_PARAMETERS:
        values = data.getlist(name)
        if values:
            parts.append(slugify(f"{name} {' '.join(values)}"))
    if data.get("q"):
        parts.append(slugify(f"zoek {data['q']}"))
    description = "-".join(part for part in parts if part)
    return description[:MAX_FILENAME_DESCRIPTION].strip("-")


def export_filename(description, extension, today):
    stem = "-".join(part for part in ("lekp-aanbod", description, today.isoformat()) if part)
    return f"{stem}.{extension}"


# --- the export ------------------------------------------------------------------------------


class OfferExport:
    """The offers of one queryset, in its order, ready to be sent as CSV, Excel or JSON."""

    def __init__(self, queryset, *, filters, name_description="", request=None):
        self.queryset = queryset
        self.filters = list(filters)
        self.name_description = name_description
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
            name_description=filename_description(filterset.kept_params),
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
        return rows(self.queryset, self.absolute_url)

    def filename(self, extension):
        return export_filename(self.name_description, extension, self.exported_at.astimezone(BRUSSELS).date())

    def response(self, export_format):
        if export_format == "csv":
            return self._streaming(iter_csv(self.rows()), "csv")
        if export_format == "json":
            return self._streaming(iter_json(self.rows()), "json")
        if export_format == "xlsx":
            return self.xlsx_response()
        raise Http404("Dit exportformaat bestaat niet.")

    def _streaming(self, chunks, extension):
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[extension])
        response["Content-Disposition"] = content_disposition_header(True, self.filename(extension))
        response["X-Robots-Tag"] = "noindex"
        return response

    def xlsx_response(self):
        # On disk, not in memory: the workbook of a large list is several megabytes.
        # FileResponse closes the file when sent, which deletes it.
        fileobj = tempfile.TemporaryFile(suffix=".xlsx")
        write_xlsx(self.rows(), fileobj, filters=self.filters, exported_at=self.exported_at)
        fileobj.seek(0)
        response = FileResponse(
            fileobj, as_attachment=True, filename=self.filename("xlsx"), content_type=CONTENT_TYPES["xlsx"]
        )
        response["X-Robots-Tag"] = "noindex"
        return response


# --- admin -----------------------------------------------------------------------------------
# Imported by offers/admin.py (actions = [*admin_export_actions]). The admin's own queryset
# scoping decides which rows reach these actions, so a redacteur exports only their offers.


@admin.action(description="Exporteer selectie als CSV", permissions=["view"])
def export_selection_csv(modeladmin, request, queryset):
    return OfferExport.from_selection(queryset, request).response("csv")


@admin.action(description="Exporteer selectie als Excel", permissions=["view"])
def export_selection_xlsx(modeladmin, request, queryset):
    return OfferExport.from_selection(queryset, request).response("xlsx")


admin_export_actions = [export_selection_csv, export_selection_xlsx]
