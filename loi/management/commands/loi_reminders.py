from django.core.management.base import BaseCommand

from loi import services


class Command(BaseCommand):
    help = (
        "Daily: mark accessions of ended agreements as expired, and e-mail partner admins "
        "and the project office 60 and 14 days before an agreement ends (once each)."
    )

    def handle(self, *args, **options):
        expired = services.expire_accessions()
        sent = services.send_reminders()
        self.stdout.write(f"Accessions marked as expired: {expired}; reminders sent: {sent}")
