from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Map and figures")
    # API tokens are no content of public pages (core.pagecache), should insights get any.
    private_models = ("apitoken",)

    def ready(self) -> None:
        # The SQLite search index follows every write (insights/search/signals.py);
        # imported by name once the models are ready, as Django's autodiscovery does.
        import_module(f"{self.name}.search.signals").connect()
