from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Load the real Regio.hub data (partners, fields of action, agreements). Idempotent."

    def handle(self, *args, **options):
        # The real data of the hub, loaded everywhere (production, `make run`, tests
        # that need it). Each app that has some keeps it in `<app>/realdata.py`, whose
        # LOADERS run in the order of INSTALLED_APPS (bottom up, so partners come
        # before the projects and accessions that name them). Each loader is
        # idempotent and returns a summary.
        for loader in real_data_loaders():
            result = loader()
            self.stdout.write(f"{loader.__module__}.{loader.__name__}: {result}")
        self.stdout.write(self.style.SUCCESS("Real data is up to date."))


def real_data_loaders() -> list:
    loaders = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "realdata"):
            loaders.extend(import_module(f"{config.name}.realdata").LOADERS)
    return loaders
