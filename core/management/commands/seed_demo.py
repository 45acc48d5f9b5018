from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule


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
        # Demo content for `make run` only, clearly marked as demo in the data itself.
        # Each app that has some keeps it in `<app>/demo.py`; its `load_demo(command,
        # **options)` runs in the order of INSTALLED_APPS and is idempotent.
        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "demo"):
                import_module(f"{config.name}.demo").load_demo(self, **options)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
