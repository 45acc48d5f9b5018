from django import template
from django.db.models import Exists, OuterRef

from ..models import Participation, Project

register = template.Library()


@register.inclusion_tag("projects/includes/_partner_projects.html")
def partner_projects(partner):
    """The published projects a partner leads or takes part in (two queries)."""
    projects = list(
        Project.objects.published()
        .filter(
            Exists(
                Participation.objects.accepted().filter(
                    project_id=OuterRef("pk"), partner_id=partner.pk
                )
            )
        )
        .select_related("lead_partner")
        .order_by("-published_at", "-pk")[:50]
    )
    return {
        "partner": partner,
        "led": [p for p in projects if p.lead_partner_id == partner.pk],
        "joined": [p for p in projects if p.lead_partner_id != partner.pk],
    }
