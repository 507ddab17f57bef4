"""The three file formats, for any column specification and any iterable of row objects.

Memory stays flat whatever the number of rows: rows are written out one by one (CSV and JSON
as pieces of text for a streaming response, Excel through XlsxWriter's constant_memory mode
into a file), and nothing holds the whole list.
"""

import csv
import json
import re
from decimal import Decimal
from numbers import Number
from zoneinfo import ZoneInfo

from xlsxwriter import Workbook

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
# Control characters other than tab and line breaks make Excel report the file as damaged.
EXCEL_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The header row: filled so it stands out on screen and on paper (the portal's light green).
EXCEL_HEADER_COLOR = "#DCEFD9"
EXCEL_LINK_COLOR = "#0563C1"
EXCEL_A4 = 9  # the paper size code of A4 in the file format
# A text inside a formula (the address in HYPERLINK) may be at most this long; a longer address
# stays plain text.
EXCEL_MAX_LINK_LENGTH = 255

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
    value = EXCEL_ILLEGAL_CHARACTERS.sub("", value)  # control characters make the file unreadable
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
# XlsxWriter, because it writes each finished row straight to a temporary file as XML text
# (constant_memory): openpyxl built cell and style objects per cell and took three times as long.
# Every text is written with write_string, so nothing in a cell is ever read as a formula; the
# only formulas are the HYPERLINKs this module builds around a web address (see _ExcelCellWriters.link).


def write_xlsx(columns, rows, fileobj, *, sheet_name, title, filters, exported_at):
    """Write ``rows`` and a "Filters" sheet as .xlsx into ``fileobj``; return the number of rows.

    ``title`` heads the Filters sheet; ``filters`` is a list of (label, value) pairs saying what
    produced the list.
    """
    workbook = Workbook(fileobj, {"constant_memory": True})
    sheet = workbook.add_worksheet(sheet_name)
    filters_sheet = workbook.add_worksheet("Filters")
    formats = _ExcelFormats(workbook)
    writers = _ExcelCellWriters(sheet, formats)
    plan = [(column.value, EXCEL_VALUE[column.type], writers.for_type(column.type)) for column in columns]

    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    print_landscape_fit_to_width(sheet)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, excel_text(neutralise(column.header)), formats.header)

    count = 0
    for count, row in enumerate(rows, start=1):
        for index, (get, render, write) in enumerate(plan):
            value = get(row)
            if value is not None and (value := render(value)) != "":
                write(count, index, value)
    sheet.autofilter(0, 0, count, len(columns) - 1)

    filters_sheet.set_column(0, 0, 24)
    filters_sheet.set_column(1, 1, 80)
    filters_sheet.write_string(0, 0, excel_text(neutralise(title)), formats.header)
    filters_sheet.write_string(2, 0, "Geëxporteerd op")
    filters_sheet.write_datetime(2, 1, excel_datetime(exported_at), formats.datetime)
    filters_sheet.write_string(3, 0, "Aantal rijen")
    filters_sheet.write_number(3, 1, count)
    filters_sheet.write_string(5, 0, "Filter", formats.header)
    filters_sheet.write_string(5, 1, "Waarde", formats.header)
    for row_number, (label, value) in enumerate(filters, start=6):
        filters_sheet.write_string(row_number, 0, excel_text(neutralise(str(label))))
        filters_sheet.write_string(row_number, 1, excel_text(neutralise(str(value))))

    workbook.close()
    return count


class _ExcelFormats:
    """The cell formats of an export, made once per workbook: one per column type, not per cell."""

    def __init__(self, workbook):
        self.header = workbook.add_format(
            {"bold": True, "pattern": 1, "bg_color": EXCEL_HEADER_COLOR, "text_wrap": True, "valign": "top"}
        )
        self.link = workbook.add_format({"font_color": EXCEL_LINK_COLOR, "underline": 1, "valign": "top"})
        self.text = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.datetime = workbook.add_format({"num_format": EXCEL_DATETIME_FORMAT, "valign": "top"})
        self.date = workbook.add_format({"num_format": EXCEL_DATE_FORMAT, "valign": "top"})
        self.number = workbook.add_format({"valign": "top"})


class _ExcelCellWriters:
    """One function (row, column, value) per column type, each writing a rendered value typed."""

    def __init__(self, sheet, formats):
        self.sheet = sheet
        self.formats = formats

    def for_type(self, column_type):
        sheet, formats = self.sheet, self.formats
        if column_type == ColumnType.URL:
            return self.link
        if column_type == ColumnType.NUMBER:
            return self.number
        if column_type == ColumnType.DATETIME:
            return lambda row, column, value: sheet.write_datetime(row, column, value, formats.datetime)
        if column_type == ColumnType.DATE:
            return lambda row, column, value: sheet.write_datetime(row, column, value, formats.date)
        return lambda row, column, value: sheet.write_string(row, column, value, formats.text)

    def number(self, row, column, value):
        if isinstance(value, Number):
            self.sheet.write_number(row, column, value, self.formats.number)
        else:  # already neutralised text (EXCEL_VALUE)
            self.sheet.write_string(row, column, value, self.formats.number)

    def link(self, row, column, value):
        # A HYPERLINK formula, not a hyperlink record (write_url): the records come after all rows in
        # the file, so XlsxWriter would keep one per row in memory until the end (about 0.6 MiB per
        # 1,000 rows), and Excel accepts at most 65,530 of them per sheet. A formula is written with
        # its row and has no such limit. Its cached result is the address, so a reader that does not
        # calculate (a viewer, openpyxl with data_only) still shows it.
        # Only web addresses become links (a "javascript:" text stays text).
        if value.startswith(("https://", "http://")) and len(value) <= EXCEL_MAX_LINK_LENGTH:
            quoted = value.replace('"', '""')
            self.sheet.write_formula(row, column, f'=HYPERLINK("{quoted}")', self.formats.link, value)
        else:
            self.sheet.write_string(row, column, value, self.formats.link)


def print_landscape_fit_to_width(sheet):
    """Print on A4 landscape, all columns on the width of one page, the header row on every page."""
    sheet.set_landscape()
    sheet.set_paper(EXCEL_A4)
    sheet.fit_to_pages(1, 0)  # as many pages down as the rows need
    sheet.repeat_rows(0)
