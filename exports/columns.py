"""What an export holds: one Column per column, in order, shared by CSV, Excel and JSON."""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class ColumnType(enum.Enum):
    """How a value is shown; the writers render by type, never by column name."""

    TEXT = "text"
    LINES = "lines"  # a list of texts: one per line in a cell, a list in JSON
    NUMBERS = "numbers"  # a list of numbers: "1, 4" in a cell, a list in JSON
    BOOLEAN = "boolean"  # "ja" / "nee" in a cell, true / false in JSON
    DATETIME = "datetime"  # an aware datetime, shown in Brussels time
    DATE = "date"  # a calendar date: 2020-01-01 in CSV and JSON, a real date in Excel
    NUMBER = "number"  # a number cell, a decimal comma in CSV, a number in JSON
    URL = "url"  # a web address: text in CSV and JSON, a clickable link in Excel


@dataclass(frozen=True)
class Column:
    key: str  # key in JSON, for programs: stays as it is
    header: str  # header in CSV and Excel, for people: readable Dutch ("Laatst bijgewerkt")
    value: Callable[[Any], Any]  # row object -> value; None leaves the cell empty
    type: ColumnType = ColumnType.TEXT
    width: int = 20  # Excel column width, in characters
