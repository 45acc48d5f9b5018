"""Settings for the SQLite search test (tests/insights/test_search_sqlite.py).

The embedded SQLite database of `make run`, built quickly: the apps' tables
are created from the models (no migrations), except insights, whose migration
creates the search index as `make run` does.
"""

from regiohub.settings import *  # noqa: F403

# Every app label with migrations, but insights.
MIGRATION_MODULES = dict.fromkeys(
    [
        *["admin", "auth", "contenttypes", "sessions", "account", "mfa", "usersessions"],
        *["django_tasks_database", "core", "notifications", "partners", "projects"],
        *["exchange", "loi", "community", "office", "legal", "ops"],
    ]
)
