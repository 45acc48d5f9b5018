from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")
    # Public pages show these models: a change invalidates the page cache (core.pagecache).
    public_content = True
    private_models = ("invitation",)
