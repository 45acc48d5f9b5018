from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Legal pages")
    public_content = True  # core.pagecache
    private_models = ("barrierreport",)
