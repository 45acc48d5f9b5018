from django import template
from django.db.models import Exists, OuterRef

from ..models import Participation, Project

register = template.Library()


@register.filter
def kern_widget(field):
    """Render a form field's input with the KERN class and its hint/error ids."""
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    css = "kern-form-input__input"
    if field.errors:
        css += " kern-form-input__input--error"
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("projects/includes/_partner_projects.html")
def partner_projects(partner):
    """The published projects a partner leads or takes part in (two queries)."""
    projects = list(
        Project.objects.published()
        .filter(
            Exists(Participation.objects.filter(project_id=OuterRef("pk"), partner_id=partner.pk))
        )
        .select_related("lead_partner")
        .order_by("-published_at", "-pk")[:50]
    )
    return {
        "partner": partner,
        "led": [p for p in projects if p.lead_partner_id == partner.pk],
        "joined": [p for p in projects if p.lead_partner_id != partner.pk],
    }
