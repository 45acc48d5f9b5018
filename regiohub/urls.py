from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views, views_cockpit, views_figures, views_import, views_map

# A database outage answers 503 (friendly page, Retry-After), anything else the 500 page.
handler500 = "regiohub.errors.server_error"
handler400 = "regiohub.errors.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("partner/", include("partners.urls")),
    path("projekte/", include("projects.urls")),
    path("intern/projekte/", include("projects.staff_urls")),
    path("", include("regiohub.sitemaps")),
    path("karte/", views_map.corridor_map, name="corridor_map"),
    path("zahlen/", views_figures.figures_page, name="figures"),
    path("zahlen/<slug:slug>.csv", views_figures.figure_csv, name="figure_csv"),
    path("intern/bericht/", views_cockpit.funder_report, name="funder_report"),
    path("intern/projekte-import/", views_import.project_import_view, name="project_import"),
    path(
        "intern/projekte-import/<int:pk>/",
        views_import.project_import_status,
        name="project_import_status",
    ),
    path(
        "intern/projekte-import/<int:pk>/erneut/",
        views_import.project_import_retry,
        name="project_import_retry",
    ),
    path("absichtserklaerung/", include("loi.urls")),
    path("intern/", views.dashboard, name="dashboard"),
    path("", include("community.urls")),
    path("intern/absichtserklaerung/", include("loi.urls_intern")),
    path("intern/", include("partners.intern_urls")),
    path("", include("regiohub.urls_legal")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
