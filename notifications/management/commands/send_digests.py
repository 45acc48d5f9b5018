from django.core.management.base import BaseCommand

from notifications.services import iso_week, send_digests


class Command(BaseCommand):
    help = (
        "Queue the weekly digest e-mail for every user with pending notifications. "
        "Idempotent per ISO week: run it from cron once a week (running it again sends nothing)."
    )

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(f"{iso_week()}: {count} digest(s) queued for the task worker.")
