from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the uploaded files into backups/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.BASE_DIR) / "backups"),
            help="Directory that receives the new backup directory (default: ./backups).",
        )

    def handle(self, *args, output_dir, **options):
        try:
            target = create_backup(Path(output_dir), progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(target))
