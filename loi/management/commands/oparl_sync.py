"""Queue the daily synchronisation of every connected council information system."""

from django.core.management.base import BaseCommand

from loi.models import OParlConnection
from loi.oparl.sync import sync_partner_task


class Command(BaseCommand):
    help = (
        "Daily (cron): queue one synchronisation per partner with a council information "
        "system; the task worker (db_worker) runs them."
    )

    def handle(self, *args, **options):
        count = 0
        for partner_id in OParlConnection.objects.values_list("partner_id", flat=True):
            sync_partner_task.enqueue(partner_id)
            count += 1
        self.stdout.write(f"{count} synchronisations queued.")
