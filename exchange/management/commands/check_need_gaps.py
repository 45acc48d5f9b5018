"""Check which open needs the matching has no project for (the office cockpit's gap list).

    python manage.py check_need_gaps [--all]

Only the needs whose stored answer is stale are matched (new or changed needs,
or all of them after the matching index changed); run it from cron, e.g. every
15 minutes, so the cockpit stays current.
"""

import time

from django.core.management.base import BaseCommand

from exchange.gaps import refresh_gaps


class Command(BaseCommand):
    help = "Check which open needs have no project suggestion (the office cockpit's gap list)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Check every open need, not only the stale ones."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        checked, gaps = refresh_gaps(everything=options["all"])
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{checked} open needs checked in {seconds:.1f} s, {gaps} of them without a "
            "project suggestion."
        )
