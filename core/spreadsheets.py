"""CSV and XLSX cells that stay data when a spreadsheet program opens them.

Excel and LibreOffice run a cell that starts with "=", "+", "-" or "@" as a
formula, and some skip a leading tab or carriage return before they look. Text
people typed (a project title, a partner's name, a council body) would then
fetch a URL or run a command when the office opens an export: CSV/formula
injection. Every file the portal writes for a spreadsheet goes through this
module:

- CSV: `csv_writer()` is `csv.writer` with every text cell that starts with one
  of those characters prefixed by an apostrophe, which the programs show as text
  (the OWASP advice). Numbers the code produced stay numbers.
- XLSX: `xlsx_append()` writes numbers and dates the code produced as numbers
  and dates, and everything else as a text cell (never a formula); a text cell
  that starts with one of those characters also gets the "quote prefix" style,
  so it stays text when someone edits it in Excel.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .text import strip_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBERS = (int, float, Decimal)


def is_number(value: Any) -> bool:
    """A number the code produced (a bool is a flag, not a number)."""
    return isinstance(value, _NUMBERS) and not isinstance(value, bool)


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def safe_text(value: Any) -> str:
    """The value as text a spreadsheet program shows and never runs."""
    text = strip_control_characters("" if value is None else str(value))
    return f"'{text}" if starts_like_formula(text) else text


def csv_cell(value: Any) -> Any:
    """One CSV cell: numbers as they are, everything else as safe text."""
    return value if is_number(value) else safe_text(value)


class SafeCSVWriter:
    """`csv.writer` whose every cell passes through `csv_cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> SafeCSVWriter:
    """A CSV writer for files people open in a spreadsheet program (options as csv.writer)."""
    return SafeCSVWriter(out, **options)


def xlsx_append(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to an openpyxl worksheet, every cell typed by the code, not by its text.

    None is an empty cell; numbers, dates and flags stay what they are; any
    other value becomes a text cell, whatever it starts with.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell  # type: ignore[import-untyped]

    cells = []
    for value in values:
        cell = Cell(sheet)
        if value is None:
            pass
        elif is_number(value) or isinstance(value, (bool, datetime.date, datetime.time)):
            cell.value = value
        else:
            # XML cannot carry most control characters; openpyxl would refuse the
            # whole workbook for one of them. An old row may hold some (models
            # refuse them since core/validators.py); whatever remains is replaced.
            text = strip_control_characters(str(value))
            text = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", text)
            cell.value = text
            cell.data_type = "s"  # openpyxl reads a leading "=" as a formula
            if starts_like_formula(text):
                cell.quotePrefix = True
        cells.append(cell)
    sheet.append(cells)
