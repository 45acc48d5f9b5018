"""The projects on the home page: their number and the latest three (core.slots)."""

from django.utils.translation import gettext as _

from core.slots import home_figures, home_sections

from .models import Project

LATEST = 3


@home_figures.register(order=20)
def project_figures(request) -> list[dict]:
    return [{"label": _("Published projects"), "value": Project.objects.published().count()}]


@home_sections.register(order=10)
def latest_projects(request) -> dict:
    latest = Project.objects.published().for_list().order_by("-published_at", "-pk")[:LATEST]
    return {"template": "projects/includes/_latest.html", "projects": list(latest)}
