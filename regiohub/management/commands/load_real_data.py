from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# The real data of the hub, loaded everywhere (production, `make run`, tests that
# need it), in dependency order. Each loader is idempotent and returns a summary.
LOADERS = [
    "partners.seed.load_partners",
    "projects.seed.load_fields_of_action",
    "projects.seed.load_innovationsmobil",
    "loi.seed.load_agreements",
]


class Command(BaseCommand):
    help = "Load the real Regio.hub data (partners, fields of action, agreements). Idempotent."

    def handle(self, *args, **options):
        for path in LOADERS:
            result = import_string(path)()
            self.stdout.write(f"{path}: {result}")
        self.stdout.write(self.style.SUCCESS("Real data is up to date."))
