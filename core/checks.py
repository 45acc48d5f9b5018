"""System checks of the portal's own settings (registered in CoreConfig.ready)."""

from django.conf import settings
from django.core.checks import Warning


def proxy_count_check(app_configs, **kwargs) -> list[Warning]:
    """Behind a reverse proxy, rate limits must see the client, not the proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXY_COUNT:
        return [
            Warning(
                "DJANGO_BEHIND_PROXY is on but TRUSTED_PROXY_COUNT is 0: every visitor "
                "shares the proxy's address, so a few failed logins lock everybody out.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (1 for one nginx).",
                id="core.W001",
            )
        ]
    return []
