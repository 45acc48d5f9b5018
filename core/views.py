from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import jsonld
from .pagecache import query_params
from .permissions import permission_required, public
from .slots import home_figures, home_hero, home_sections, panels, todos


@public
@query_params()
@require_safe
def home(request):
    """The public start page: the hub in a few words, then what the apps contribute."""
    figures = [figure for group in home_figures.fill(request) for figure in group]
    context = {
        "figures": figures,
        "sections": home_sections.fill(request),
        "hero": home_hero.fill(request),
        # The showcase's search until the site search (/suche/) exists.
        "json_ld": [jsonld.website(reverse("projects:list")), jsonld.hub()],
    }
    return render(request, "core/home.html", context)


@public
@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database error means "not ready"
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


@public
@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /intern/",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@permission_required()  # logged in; which start page, the rules decide below
@require_safe
def dashboard(request):
    """The start page of the internal area, assembled from the apps' panels.

    Network members have no staff area: their start is their own expert entry
    (a person with neither gets 403).
    """
    user = request.user
    if user.has_perm("core.access_intern"):
        # What needs doing first (deadlines first), then the panels.
        context = {"todos": todos.fill(request), "panels": panels.fill(request)}
        return render(request, "core/dashboard.html", context)
    if user.has_perm("community.keep_own_expert_entry"):
        return redirect("community_intern:own_expert_entry")
    raise PermissionDenied
