from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """The transfer marketplace: partners' needs matched to proven solutions."""

    name = "exchange"
    verbose_name = _("Transfer marketplace")
    public_content = True  # core.pagecache

    def ready(self) -> None:
        # Connects the receivers that keep the matching index up to date.
        import_module(f"{self.name}.signals")
        # Adds the condition that a joint draft goes to review only when every
        # co-initiator has confirmed it (projects.services.SUBMIT_CHECKS).
        import_module(f"{self.name}.coinit.services")
