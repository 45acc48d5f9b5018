from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: checks every checksum first, then replaces the "
        "database (DATABASE_URL) and the contents of MEDIA_ROOT and PRIVATE_MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup directory, e.g. backups/20261129T021500Z")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask."
        )

    def handle(self, *args, backup, interactive, **options):
        if interactive:
            answer = input(
                f"This replaces the database {connection.settings_dict['NAME']} and all files "
                f"in {settings.MEDIA_ROOT} and {settings.PRIVATE_MEDIA_ROOT}. "
                "Stop the app servers first. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore_backup(Path(backup), progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
