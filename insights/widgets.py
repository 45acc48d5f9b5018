"""Widgets that partners frame on their own websites (/einbetten/…).

Minimal pages without header and footer: a partner's published projects or
upcoming public events, or the whole network's. They may be framed only by the
origins partners entered on their profile (`Partner.embed_origins`): a
partner's widgets by that partner's origins, the network's by any active
partner's. Everywhere else, and here while no origin is entered, the portal's
`frame-ancestors 'none'` and `X-Frame-Options: DENY` stay.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from community.models import Event
from core.permissions import public
from partners.models import Partner
from projects.models import Participation, Project

WIDGET_SIZE = 20


def _framed_by(response, origins: list[str]):
    """Open the response to being framed by exactly these origins (none: stays closed)."""
    if origins:
        # django-csp reads the per-response replacement from this attribute
        # (what its @csp_replace decorator sets); the origins are validated
        # (partners.models.parse_origins), so nothing else reaches the header.
        response._csp_replace = {"frame-ancestors": origins}
        response.xframe_options_exempt = True
    return response


def _projects(partner: Partner | None):
    projects = Project.objects.published().select_related("lead_partner")
    if partner is not None:
        projects = projects.filter(
            pk__in=Participation.objects.filter(partner=partner).values("project_id")
        )
    return list(
        projects.defer("description", "description_html", "search_vector").order_by(
            "-published_at", "-pk"
        )[:WIDGET_SIZE]
    )


def _events(partner: Partner | None):
    events = Event.objects.public().upcoming(timezone.now()).select_related("host_partner")
    if partner is not None:
        events = events.filter(host_partner=partner)
    return list(events[:WIDGET_SIZE])


def _partner(slug: str) -> Partner:
    return get_object_or_404(Partner.objects.active(), slug=slug)


@public
@require_safe
def network_projects(request):
    response = render(request, "insights/embed/projects.html", {"projects": _projects(None)})
    return _framed_by(response, Partner.objects.active().embed_origins())


@public
@require_safe
def network_events(request):
    response = render(request, "insights/embed/events.html", {"events": _events(None)})
    return _framed_by(response, Partner.objects.active().embed_origins())


@public
@require_safe
def partner_projects(request, slug: str):
    partner = _partner(slug)
    context = {"partner": partner, "projects": _projects(partner)}
    response = render(request, "insights/embed/projects.html", context)
    return _framed_by(response, partner.embed_origin_list)


@public
@require_safe
def partner_events(request, slug: str):
    partner = _partner(slug)
    context = {"partner": partner, "events": _events(partner)}
    response = render(request, "insights/embed/events.html", context)
    return _framed_by(response, partner.embed_origin_list)
