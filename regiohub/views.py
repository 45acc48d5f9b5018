from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partners.models import Partner

from .dashboard import panels_for


@require_GET
def home(request):
    partners = list(Partner.objects.active().only("name", "slug", "kind", "federal_state"))
    context = {
        "partners": partners,
        "partner_count": len(partners),
        "kind_counts": Partner.objects.active()
        .values("kind")
        .annotate(count=Count("id"))
        .order_by("-count"),
        "state_count": len({partner.federal_state for partner in partners}),
    }
    return render(request, "regiohub/home.html", context)


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database error means "not ready"
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /intern/",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def dashboard(request):
    """The start page of the internal area, assembled from the apps' panels."""
    if not request.user.has_perm("regiohub.access_intern"):
        if request.user.has_perm("community.keep_own_expert_entry"):
            # Network members have no staff area; their start is their expert entry.
            return redirect("community:own_expert_entry")
        raise PermissionDenied
    return render(request, "regiohub/dashboard.html", {"panels": panels_for(request)})
