"""The three file formats, for any column specification and any iterable of row objects.

Memory stays flat whatever the number of rows: rows are written out one by one (CSV and JSON
as pieces of text for a streaming response, Excel through openpyxl's write-only mode into a
file), and nothing holds the whole list.
"""

import csv
import json
from decimal import Decimal
from numbers import Number
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from exports.columns import ColumnType

# The portal is Flemish: dates in the files are Belgian local time, whatever the server runs in.
BRUSSELS = ZoneInfo("Europe/Brussels")

# Text that a spreadsheet would read as a formula (OWASP "CSV injection"). Tab and carriage
# return are included because Excel strips them before looking for a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CONTROL_CHARACTERS = "".join(map(chr, range(32)))

# Belgian (and Dutch) Excel uses ";" as list separator, because "," is the decimal comma.
CSV_DELIMITER = ";"
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Excel refuses longer cell texts and reports the whole file as damaged.
EXCEL_MAX_CELL_LENGTH = 32767
EXCEL_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
EXCEL_DATE_FORMAT = "dd/mm/yyyy"
# The header row: filled so it stands out on screen and on paper (the portal's light green).
EXCEL_HEADER_FILL = PatternFill("solid", start_color="DCEFD9", end_color="DCEFD9")
EXCEL_A4 = "9"  # openpyxl's paperSize code for A4

# Chunks handed to the web server: one row per chunk would make 20,000 tiny writes.
STREAM_BUFFER_CHARS = 64 * 1024


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


# --- values per column type --------------------------------------------------------------------
# A writer looks up one function per column before the first row; None never reaches them.

# Shared by CSV and Excel: everything that ends up as text in a cell passes neutralise().
CELL_TEXT = {
    ColumnType.TEXT: lambda value: neutralise(str(value)),
    ColumnType.URL: lambda value: neutralise(str(value)),
    ColumnType.LINES: lambda values: neutralise("\n".join(map(str, values))),  # as staff enter them
    ColumnType.NUMBERS: lambda values: neutralise(", ".join(map(str, values))),
    ColumnType.BOOLEAN: lambda value: "ja" if value else "nee",
}


# A number stays a number: no formula hides in it, and -3 must not become the text '-3.
# Anything else in a number column is text, and neutralised like text.
def _csv_number(value):
    # Belgian Excel reads "1,5" as a number and "1.5" as text or a date.
    return str(value).replace(".", ",") if isinstance(value, Number) else neutralise(str(value))


def _excel_number(value):
    return value if isinstance(value, Number) else excel_text(neutralise(str(value)))


def excel_text(value):
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters make the file unreadable
    return value[:EXCEL_MAX_CELL_LENGTH]


def excel_datetime(value):
    return value.astimezone(BRUSSELS).replace(tzinfo=None, microsecond=0)  # Excel has no time zones


CSV_VALUE = {
    **CELL_TEXT,
    ColumnType.DATETIME: lambda value: value.astimezone(BRUSSELS).strftime(CSV_DATETIME_FORMAT),
    ColumnType.DATE: lambda value: value.isoformat(),
    ColumnType.NUMBER: _csv_number,
}

EXCEL_VALUE = {
    **{column_type: lambda value, text=text: excel_text(text(value)) for column_type, text in CELL_TEXT.items()},
    ColumnType.DATETIME: excel_datetime,
    ColumnType.DATE: lambda value: value,
    ColumnType.NUMBER: _excel_number,
}

JSON_VALUE = {
    ColumnType.TEXT: str,
    ColumnType.URL: str,
    ColumnType.LINES: lambda values: [str(value) for value in values],
    ColumnType.NUMBERS: list,
    ColumnType.BOOLEAN: bool,
    # ISO 8601 with the +01:00/+02:00 offset of Brussels.
    ColumnType.DATETIME: lambda value: value.astimezone(BRUSSELS).replace(microsecond=0).isoformat(),
    ColumnType.DATE: lambda value: value.isoformat(),
    ColumnType.NUMBER: lambda value: value,  # a Decimal goes through _json_default
}


def _json_default(value):
    # Decimal fields (amounts, targets) are numbers to a JSON reader, not strings.
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} kan niet in JSON")


# --- CSV and JSON ------------------------------------------------------------------------------


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


def iter_csv(columns, rows):
    """Yield the CSV text of ``rows``, one column per Column of ``columns``."""
    plan = [(column.value, CSV_VALUE[column.type]) for column in columns]
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    # The BOM makes Excel read the file as UTF-8 (without it, "coöperatie" shows as "coÃ¶peratie").
    yield "\ufeff" + writer.writerow([neutralise(column.header) for column in columns])
    lines = (
        writer.writerow(["" if (value := get(row)) is None else render(value) for get, render in plan]) for row in rows
    )
    yield from _buffered(lines)


def iter_json(columns, rows):
    """Yield ``rows`` as a JSON list of objects keyed by Column.key; text stays as it is."""
    plan = [(column.key, column.value, JSON_VALUE[column.type]) for column in columns]

    # A bare list of objects: the client has nothing to strip or unwrap.
    def pieces():
        separator = "\n"
        for row in rows:
            data = {key: None if (value := get(row)) is None else render(value) for key, get, render in plan}
            yield separator + json.dumps(data, ensure_ascii=False, default=_json_default)
            separator = ",\n"

    yield "["
    yield from _buffered(pieces())
    yield "\n]\n"


# --- Excel -------------------------------------------------------------------------------------


def write_xlsx(columns, rows, fileobj, *, sheet_name, title, filters, exported_at):
    """Write ``rows`` and a "Filters" sheet as .xlsx into ``fileobj``; return the number of rows.

    ``title`` heads the Filters sheet; ``filters`` is a list of (label, value) pairs saying what
    produced the list.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    filters_sheet = workbook.create_sheet("Filters")

    # Named styles are looked up by name; setting font or alignment per cell hashes the style
    # objects for every cell and made the export several times slower.
    header_style = NamedStyle(
        "LEKP kop", font=Font(bold=True), fill=EXCEL_HEADER_FILL, alignment=Alignment(wrap_text=True, vertical="top")
    )
    link_style = NamedStyle(
        "LEKP link", font=Font(color="0563C1", underline="single"), alignment=Alignment(vertical="top")
    )
    text_style = NamedStyle("LEKP tekst", alignment=Alignment(wrap_text=True, vertical="top"))
    date_style = NamedStyle("LEKP datum", number_format=EXCEL_DATETIME_FORMAT, alignment=Alignment(vertical="top"))
    day_style = NamedStyle("LEKP dag", number_format=EXCEL_DATE_FORMAT, alignment=Alignment(vertical="top"))
    number_style = NamedStyle("LEKP getal", alignment=Alignment(vertical="top"))
    for style in (header_style, link_style, text_style, date_style, day_style, number_style):
        workbook.add_named_style(style)

    def cell(on, value, style):
        result = WriteOnlyCell(on, value=value)
        result.style = style.name
        if style is link_style and value.startswith(("https://", "http://")):
            result.hyperlink = value
        return result

    styles = {
        ColumnType.DATETIME: date_style,
        ColumnType.DATE: day_style,
        ColumnType.NUMBER: number_style,
        ColumnType.URL: link_style,
    }
    plan = [(column.value, EXCEL_VALUE[column.type], styles.get(column.type, text_style)) for column in columns]

    # Write-only sheets take column widths and panes only before the first row.
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    print_landscape_fit_to_width(sheet)
    sheet.append([cell(sheet, excel_text(neutralise(column.header)), header_style) for column in columns])

    count = 0
    for row in rows:
        cells = []
        for get, render, style in plan:
            value = get(row)
            value = None if value is None else render(value)
            cells.append(None if value is None or value == "" else cell(sheet, value, style))
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"

    filters_sheet.column_dimensions["A"].width = 24
    filters_sheet.column_dimensions["B"].width = 80
    filters_sheet.append([cell(filters_sheet, excel_text(neutralise(title)), header_style)])
    filters_sheet.append([])
    filters_sheet.append(["Geëxporteerd op", cell(filters_sheet, excel_datetime(exported_at), date_style)])
    filters_sheet.append(["Aantal rijen", count])
    filters_sheet.append([])
    filters_sheet.append([cell(filters_sheet, "Filter", header_style), cell(filters_sheet, "Waarde", header_style)])
    for label, value in filters:
        filters_sheet.append([excel_text(neutralise(str(label))), excel_text(neutralise(str(value)))])

    workbook.save(fileobj)
    return count


def print_landscape_fit_to_width(sheet):
    """Print on A4 landscape, all columns on the width of one page, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = EXCEL_A4
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.print_title_rows = "1:1"
