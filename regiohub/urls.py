"""The portal's URLs: every app's public and internal URLs, the accounts and the admin.

Configuration only: the apps are included by name, so this package imports no
app code (docs/architecture.md). Each app has `urls.py` (namespace `<app>`)
and, for its pages below /intern/, `urls_intern.py` (namespace `<app>_intern`).
"""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# A database outage answers 503 (friendly page, Retry-After), anything else the 500 page.
handler500 = "core.errors.server_error"
handler400 = "core.errors.bad_request"

urlpatterns = [
    path("", include("core.urls")),
    path("partner/", include("partners.urls")),
    path("projekte/", include("projects.urls")),
    path("intern/", include("projects.urls_intern")),
    path("gesucht/", include("exchange.urls")),
    path("intern/", include("exchange.urls_intern")),
    path("", include("insights.urls")),
    path("api/v1/", include("insights.api.urls")),
    path("intern/", include("insights.api.urls_intern")),
    path("intern/", include("office.urls_intern")),
    path("absichtserklaerung/", include("loi.urls")),
    path("", include("community.urls")),
    path("intern/", include("community.urls_intern")),
    path("intern/", include("notifications.urls_intern")),
    path("intern/absichtserklaerung/", include("loi.urls_intern")),
    path("intern/", include("partners.urls_intern")),
    path("", include("legal.urls")),
    # Before allauth's own: removing a passkey keeps an office member's last factor.
    path("accounts/", include("partners.urls_accounts")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
