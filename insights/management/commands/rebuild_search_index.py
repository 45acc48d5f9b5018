from django.core.management.base import BaseCommand

from insights.search import sqlite


class Command(BaseCommand):
    help = (
        "Rebuild the site search's stemmed index of the SQLite database "
        "(after bulk imports; nothing to do on PostgreSQL)."
    )

    def handle(self, *args, **options):
        if not sqlite.in_use():
            self.stdout.write(
                "PostgreSQL searches its tables directly; there is no index to build."
            )
            return
        written = sqlite.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {written} entries."))
