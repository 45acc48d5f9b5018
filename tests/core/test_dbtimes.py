"""PostgreSQL's timestamps read by Python's ISO parser (core/dbtimes.py)."""

from datetime import UTC, datetime

import pytest
from django.db import DataError, connection
from psycopg.pq import Format

from core.dbtimes import UtcTimestamptzLoader

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a loader of psycopg's"),
]

TIMESTAMPTZ = 1184


def read(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_every_connection_reads_timestamps_with_it():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert loader is UtcTimestamptzLoader


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("2026-12-08 07:35:56.390397+00", datetime(2026, 12, 8, 7, 35, 56, 390397, tzinfo=UTC)),
        ("2026-12-08 07:35:56.39+00", datetime(2026, 12, 8, 7, 35, 56, 390000, tzinfo=UTC)),
        ("2026-03-29 02:30:00+02", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
        ("0001-01-01 00:00:00+00", datetime(1, 1, 1, tzinfo=UTC)),
        ("9999-12-31 23:59:59.999999+00", datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_it_reads_the_same_moment_in_utc(literal, expected):
    moment = read(f"SELECT '{literal}'::timestamptz")
    assert moment == expected
    assert moment.tzinfo is UTC


def test_what_python_cannot_hold_fails_as_before():
    with pytest.raises(DataError, match="after year 10K"):
        read("SELECT 'infinity'::timestamptz")
    with pytest.raises(DataError, match="before year 1"):
        read("SELECT '0044-03-15 12:00:00 BC'::timestamptz")


def test_a_session_in_another_time_zone_still_gets_utc():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL TIME ZONE 'Europe/Berlin'")
        cursor.execute("SELECT '2026-07-01 12:00:00+00'::timestamptz")
        moment = cursor.fetchone()[0]
    assert moment == datetime(2026, 7, 1, 12, tzinfo=UTC)
    assert moment.tzinfo is UTC
