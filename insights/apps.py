from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Map and figures")
    # API tokens are no content of public pages (core.pagecache), should insights get any.
    private_models = ("apitoken",)
