from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class RegiohubConfig(AppConfig):
    name = "regiohub"
    verbose_name = _("Regio.hub")

    def ready(self):
        from .pagecache import connect_signals

        connect_signals()


class RegiohubAdminConfig(AdminConfig):
    default_site = "regiohub.admin_site.RegiohubAdminSite"
