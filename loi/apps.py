from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoiConfig(AppConfig):
    name = "loi"
    verbose_name = _("Letter of Intent")
    public_content = True  # core.pagecache
    # The OParl bookkeeping (loi/oparl/) is on no public page; the register shows the
    # deliberations the sync writes, which do count.
    private_models = (
        "reminderlog",
        "oparlconnection",
        "historicaloparlconnection",
        "councilpaper",
        "historicalcouncilpaper",
        "councilmeeting",
    )
