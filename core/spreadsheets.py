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
- Two CSV dialects, one for people and one for programs, so every export of
  one kind reads the same:
  - `people_csv_writer()` / `people_csv_response()` (figures, funder report,
    Letter of Intent register): ";" as separator and UTF-8 with a byte-order
    mark, so German Excel and LibreOffice split the columns and keep the
    umlauts; flags as "ja"/"nein" ("yes"/"no" in English), dates as "31.12.2026", times as
    "31.12.2026 14:30" (Europe/Berlin), decimals with a comma.
  - `machine_csv_writer()` (the open-data export /projekte/export.csv): ";" as
    separator, UTF-8 with a byte-order mark, ISO 8601 dates and times, flags as
    "true"/"false", decimals with a point, CRLF line ends (RFC 4180).
- XLSX: `xlsx_append()` writes numbers and dates the code produced as numbers
  and dates, and everything else as a text cell (never a formula); a text cell
  that starts with one of those characters also gets the "quote prefix" style,
  so it stays text when someone edits it in Excel.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext

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
    """`csv.writer` whose every cell passes through `csv_cell` (after `formatter`, if any).

    `formatter` turns the code's values (flags, dates, decimals) into the text a
    dialect writes; what it returns for people's text is still escaped.
    """

    def __init__(self, out: Any, formatter: Callable[[Any], Any] | None = None, **options: Any):
        self._writer = csv.writer(out, **options)
        self._format = formatter

    def _cell(self, value: Any) -> Any:
        if self._format is not None:
            if is_number(value):
                return self._format(value)  # a number the code produced: never escaped
            value = self._format(value)
        return csv_cell(value)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([self._cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> SafeCSVWriter:
    """A CSV writer for files people open in a spreadsheet program (options as csv.writer)."""
    return SafeCSVWriter(out, **options)


BOM = "\ufeff"
DIALECT_OPTIONS = {"delimiter": ";", "lineterminator": "\r\n"}


def people_cell(value: Any) -> Any:
    """A value as a German spreadsheet user reads it: ja/nein, 31.12.2026, 1234,5.

    Flags follow the language of the request (the column headers do too); dates
    and decimals are always written the German way, as German Excel reads them.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")  # German: ja/nein
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, (float, Decimal)):
        return str(value).replace(".", ",")
    return value


def machine_cell(value: Any) -> Any:
    """A value as a program reads it: true/false, ISO 8601 dates, decimals with a point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):
        return str(value)
    return value


def people_csv_writer(out: Any) -> SafeCSVWriter:
    """A CSV writer in the people dialect (the caller writes `BOM` first)."""
    return SafeCSVWriter(out, people_cell, **DIALECT_OPTIONS)


def machine_csv_writer(out: Any) -> SafeCSVWriter:
    """A CSV writer in the machine dialect (the caller writes `BOM` first)."""
    return SafeCSVWriter(out, machine_cell, **DIALECT_OPTIONS)


def people_csv_response(filename: str) -> tuple[HttpResponse, SafeCSVWriter]:
    """A CSV download in the people dialect: the response (BOM written) and its writer."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    return response, people_csv_writer(response)


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
