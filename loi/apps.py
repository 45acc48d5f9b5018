from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoiConfig(AppConfig):
    name = "loi"
    verbose_name = _("Letter of Intent")
    public_content = True  # core.pagecache
    private_models = ("reminderlog",)
