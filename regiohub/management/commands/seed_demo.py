from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

# Demo content for `make run` only, clearly marked as demo in the data itself.
# Each loader takes the command (for output and options) and is idempotent.
DEMO_LOADERS: list[str] = [
    "partners.demo.load_demo_staff",
    "projects.demo.load_demo_projects",
    "regiohub.legal_demo.load_example_legal_texts",
    "community.demo.load_demo",
]


class Command(BaseCommand):
    help = "Create clearly marked demo content for local trials (`make run`). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--projects",
            type=int,
            default=0,
            help="Also create this many generated published projects (benchmarks).",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Allow demo content with DJANGO_DEBUG off (throwaway benchmark databases only).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError("Demo content is for local trials only (DJANGO_DEBUG=1).")
        for path in DEMO_LOADERS:
            import_string(path)(self, **options)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
