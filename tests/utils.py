from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(action: Callable[[], object]) -> int:
    """Number of SQL queries `action` runs (use to compare two data sizes)."""
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)
