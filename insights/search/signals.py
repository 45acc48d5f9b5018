"""Keep the SQLite search index in step with every write of a searched model.

Signals on purpose, as for the page cache (core.pagecache): the index is
search infrastructure that must see every save wherever it happens (views,
services, the admin, commands), not a business side effect. On PostgreSQL
the handlers return at once: the database searches the tables themselves.
"""

from django.db import connections
from django.db.models.signals import post_delete, post_save

from . import sqlite
from .sources import SOURCES, Source


def _saved(source: Source):
    def handler(sender, instance, raw=False, using=None, **kwargs):
        connection = connections[using]
        if raw or not sqlite.in_use(connection):
            return
        sqlite.index_object(source, instance, using=connection)

    return handler


def _deleted(source: Source):
    def handler(sender, instance, using=None, **kwargs):
        connection = connections[using]
        if not sqlite.in_use(connection):
            return
        sqlite.remove_object(source, instance.pk, using=connection)

    return handler


def connect() -> None:
    for source in SOURCES:
        post_save.connect(
            _saved(source), sender=source.model, weak=False, dispatch_uid=f"search-{source.key}"
        )
        post_delete.connect(
            _deleted(source),
            sender=source.model,
            weak=False,
            dispatch_uid=f"search-delete-{source.key}",
        )
