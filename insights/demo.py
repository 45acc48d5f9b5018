"""Demo data of insights: none of its own; the SQLite search index is rebuilt.

Runs last of the content apps (INSTALLED_APPS order), after the demo projects,
some of which are created with bulk_create, which bypasses the signals that
keep the index up to date.
"""

from insights.search import sqlite


def load_demo(command, **options) -> None:
    if sqlite.in_use():
        written = sqlite.rebuild()
        command.stdout.write(f"Search index rebuilt: {written} entries.")
