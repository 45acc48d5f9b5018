"""Cursor pagination in a stable order (keyset: every order ends with the primary key).

A cursor names the order it belongs to and the sort key of the last item of
the page before; the next page is what comes after that key. So a page is
one indexed range read at any depth, and items added or removed meanwhile
neither repeat nor go missing. The one order that has no stored key, the
full-text relevance, keeps an offset in its cursor instead.

The cursor is opaque to clients (URL-safe base64 of a small JSON array);
anything that does not decode to a cursor of the requested order is a
`CursorError`, which the API answers 400.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q, QuerySet

MAX_CURSOR_LENGTH = 500
# A list counts at most this many items: with more, `count` is this number and
# `count_capped` is true (an exact count of 100,000 projects costs more than the page).
COUNT_CAP = 1000


class CursorError(ValueError):
    pass


@dataclass(frozen=True)
class Key:
    """One column of an order: its lookup, its type, its direction and whether it may be NULL."""

    field: str
    kind: str = "int"  # "int", "str", "date", "datetime"
    descending: bool = False
    nullable: bool = False

    def value_of(self, obj) -> object:
        value = obj
        for part in self.field.split("__"):
            value = getattr(value, part)
        return value

    def dump(self, value) -> object:
        if value is None:
            return None
        if self.kind in ("date", "datetime"):
            return value.isoformat()
        return value

    def load(self, raw) -> object:
        if raw is None:
            if not self.nullable:
                raise CursorError("null in a column that has no nulls")
            return None
        try:
            if self.kind == "int" and isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if self.kind == "str" and isinstance(raw, str) and len(raw) <= MAX_CURSOR_LENGTH:
                return raw
            if self.kind == "date" and isinstance(raw, str):
                return datetime.date.fromisoformat(raw)
            if self.kind == "datetime" and isinstance(raw, str):
                value = datetime.datetime.fromisoformat(raw)
                if value.tzinfo is None:
                    raise CursorError("naive time")
                return value
        except ValueError as error:
            raise CursorError(str(error)) from error
        raise CursorError(f"not a {self.kind}")

    def order(self):
        # NULLs sort as the largest value (PostgreSQL's default, so the indexes serve
        # the order): last going up, first going down.
        expression = F(self.field)
        if self.descending:
            return expression.desc(nulls_first=True) if self.nullable else expression.desc()
        return expression.asc(nulls_last=True) if self.nullable else expression.asc()

    def after(self, value) -> Q:
        """Rows that come after `value` in this column alone."""
        isnull = f"{self.field}__isnull"
        if value is None:
            # NULLs are last going up (nothing after them), first going down.
            return Q(**{isnull: False}) if self.descending else Q(pk__in=[])
        condition = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        if self.nullable and not self.descending:
            condition |= Q(**{isnull: True})
        return condition

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.field}__isnull": True})
        return Q(**{self.field: value})


@dataclass(frozen=True)
class Ordering:
    """A named order; `keys` end with the primary key, so it is total and stable.

    An ordering without keys pages by offset (for the relevance order).
    """

    name: str
    keys: tuple[Key, ...] = ()

    @property
    def by_offset(self) -> bool:
        return not self.keys

    def order_by(self) -> list:
        return [key.order() for key in self.keys]

    def encode(self, last, offset: int) -> str:
        payload = [
            self.name,
            offset if self.by_offset else [k.dump(k.value_of(last)) for k in self.keys],
        ]
        raw = json.dumps(payload, separators=(",", ":"), default=_json_default).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, cursor: str) -> list | int:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise CursorError("too long")
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            payload = json.loads(raw)
        except (binascii.Error, ValueError, UnicodeDecodeError) as error:
            raise CursorError("not a cursor") from error
        if not (isinstance(payload, list) and len(payload) == 2 and payload[0] == self.name):
            raise CursorError("a cursor of another order")
        position = payload[1]
        if self.by_offset:
            if not isinstance(position, int) or isinstance(position, bool) or position < 0:
                raise CursorError("not an offset")
            return position
        if not isinstance(position, list) or len(position) != len(self.keys):
            raise CursorError("not a sort key")
        return [key.load(raw) for key, raw in zip(self.keys, position, strict=True)]

    def after(self, values: list) -> Q:
        """Keyset condition: (k1 after v1) or (k1 = v1 and k2 after v2) or …"""
        condition = Q(pk__in=[])
        equal = Q()
        for key, value in zip(self.keys, values, strict=True):
            condition |= equal & key.after(value)
            equal &= key.equal(value)
        return condition


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value).__name__)


@dataclass
class Page:
    items: list
    next_cursor: str | None
    count: int
    count_capped: bool = False


def paginate(queryset: QuerySet, ordering: Ordering, *, cursor: str | None, limit: int) -> Page:
    """One page of `queryset` in `ordering` after `cursor` (CursorError when malformed).

    Two things are read: the total up to COUNT_CAP (a count that stops after
    COUNT_CAP + 1 rows), and the page with one row more than asked for, to know
    whether there is a next page.
    """
    counted = queryset.order_by()[: COUNT_CAP + 1].count()
    offset = 0
    if ordering.by_offset:
        offset = ordering.decode(cursor) if cursor else 0
        rows = list(queryset[offset : offset + limit + 1])
    else:
        queryset = queryset.order_by(*ordering.order_by())
        if cursor:
            queryset = queryset.filter(ordering.after(ordering.decode(cursor)))
        rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = ordering.encode(rows[-1], offset + limit) if more and rows else None
    return Page(rows, next_cursor, min(counted, COUNT_CAP), counted > COUNT_CAP)
