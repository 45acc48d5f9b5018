from django.core.management.base import BaseCommand

from notifications.mail import requeue_mail


class Command(BaseCommand):
    help = (
        "Ask the task worker again to deliver every queued e-mail that is due. Run it when a "
        "worker starts (systemd ExecStartPre) and every few minutes from cron: a delivery whose "
        "worker was killed is otherwise never tried again. Sends nothing twice."
    )

    def handle(self, *args, **options):
        count = requeue_mail()
        self.stdout.write(f"{count} queued e-mail(s) handed to the task worker.")
