"""core.spreadsheets: what people typed never becomes a formula in a CSV or XLSX file."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core import spreadsheets
from tests.utils import FORMULA_PAYLOADS, runnable_cells


def written_csv(rows, **options) -> list[list[str]]:
    out = io.StringIO()
    spreadsheets.csv_writer(out, **options).writerows(rows)
    return list(csv.reader(io.StringIO(out.getvalue()), **options))


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_a_csv_cell_that_starts_like_a_formula_is_shown_as_text(payload):
    rows = written_csv([["Titel", payload]], delimiter=";")
    assert rows == [["Titel", f"'{payload}"]]
    assert runnable_cells(rows) == []


def test_csv_keeps_ordinary_text_numbers_and_empty_cells():
    rows = written_csv([["Läuft – gut", "a=b", 12500, Decimal("-3.50"), -2, None, ""]])
    assert rows == [["Läuft – gut", "a=b", "12500", "-3.50", "-2", "", ""]]


def test_csv_writerow_returns_what_the_underlying_writer_returns():
    class Echo:
        def write(self, value):
            return value

    line = spreadsheets.csv_writer(Echo(), lineterminator="\n").writerow(["=1", 2])
    assert line == "'=1,2\n"


def read_back(sheet_rows) -> list:
    workbook = Workbook()
    sheet = workbook.active
    for row in sheet_rows:
        spreadsheets.xlsx_append(sheet, row)
    out = io.BytesIO()
    workbook.save(out)
    return list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_an_xlsx_cell_that_starts_like_a_formula_stays_text(payload):
    [[header, cell]] = read_back([["Titel", payload]])
    assert cell.data_type == "s"
    # An XML reader turns a carriage return into a line feed; the text is the same.
    assert cell.value == payload.replace("\r", "\n")
    assert cell.quotePrefix  # Excel keeps it text when someone edits the cell
    assert header.value == "Titel" and not header.quotePrefix


def test_xlsx_numbers_dates_and_flags_the_code_produced_keep_their_type():
    day = datetime.date(2025, 3, 3)
    [cells] = read_back([[12500, Decimal("12.5"), -2, day, True, None, "Text"]])
    assert [cell.value for cell in cells] == [
        12500,
        12.5,
        -2,
        datetime.datetime(2025, 3, 3),
        True,
        None,
        "Text",
    ]
    assert [cell.data_type for cell in cells[:3]] == ["n", "n", "n"]
    assert cells[3].is_date


def test_xlsx_text_that_looks_like_a_number_stays_text():
    [[cell]] = read_back([["0815"]])
    assert (cell.value, cell.data_type) == ("0815", "s")


def test_xlsx_drops_control_characters_an_old_row_may_hold_instead_of_failing():
    [[cell]] = read_back([["Titel\x0bmit\x00 Steuerzeichen"]])
    assert cell.value == "Titel mit Steuerzeichen"


def test_csv_drops_control_characters_an_old_row_may_hold():
    assert written_csv([["Titel\x0bmit\x07 Steuerzeichen"]]) == [["Titel mit Steuerzeichen"]]


# --- The two CSV dialects -----------------------------------------------------

CELLS = [
    "Läuft",
    True,
    False,
    datetime.date(2026, 12, 15),
    datetime.datetime(2026, 12, 15, 9, 30, tzinfo=datetime.UTC),
    Decimal("125000.50"),
    Decimal("-3.5"),
    7,
    None,
    "=1+2",
]


def dialect_rows(make_writer) -> list[list[str]]:
    out = io.StringIO()
    make_writer(out).writerow(CELLS)
    assert out.getvalue().endswith("\r\n")
    return list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))


def test_the_people_dialect_writes_ja_nein_german_dates_and_decimal_commas():
    with translation.override("de"):
        rows = dialect_rows(spreadsheets.people_csv_writer)
    assert rows == [
        [
            "Läuft",
            "ja",
            "nein",
            "15.12.2026",
            "15.12.2026 10:30",  # Europe/Berlin
            "125000,50",
            "-3,5",  # a number the code produced: no apostrophe
            "7",
            "",
            "'=1+2",
        ]
    ]


def test_the_machine_dialect_writes_true_false_and_iso_dates():
    rows = dialect_rows(spreadsheets.machine_csv_writer)
    assert rows == [
        [
            "Läuft",
            "true",
            "false",
            "2026-12-15",
            "2026-12-15T09:30:00+00:00",
            "125000.50",
            "-3.5",
            "7",
            "",
            "'=1+2",
        ]
    ]


def test_the_people_response_starts_with_a_byte_order_mark():
    response, writer = spreadsheets.people_csv_response("zahlen.csv")
    writer.writerow(["Mobilität", 3])
    assert response.content.decode("utf-8") == "\ufeffMobilität;3\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="zahlen.csv"'
