from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core.checks import Tags, register
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from . import checks, dbtimes, pagecache
from .validators import install_control_character_validators

# Modules that every app may have and core imports once at start-up, so the
# apps fill core's pages without core knowing them (docs/architecture.md).
CONTRIBUTION_MODULES = ("dashboard", "home", "sitemaps")


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Regio.hub")

    def ready(self):
        register(checks.proxy_count_check, Tags.security, deploy=True)
        pagecache.connect_signals()
        autodiscover_modules(*CONTRIBUTION_MODULES)
        # Every text field of the portal refuses control characters (core/validators.py).
        install_control_character_validators()
        # PostgreSQL's timestamps read by Python's ISO parser (core/dbtimes.py).
        connection_created.connect(dbtimes.use_fast_timestamps)


class AdminConfig(admin_apps.AdminConfig):
    """The admin with the project office's site (access by rule, allauth login)."""

    default = False  # INSTALLED_APPS names it; "core" itself means CoreConfig
    default_site = "core.admin_site.AdminSite"
