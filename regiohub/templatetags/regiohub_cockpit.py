"""`{% office_cockpit %}`: the project office's cockpit above the admin's app list."""

from django import template

from partners.rules import is_office_or_superuser
from regiohub.cockpit import cockpit_context

register = template.Library()


@register.inclusion_tag("regiohub/cockpit/_admin_cockpit.html", takes_context=True)
def office_cockpit(context) -> dict:
    request = context["request"]
    if not is_office_or_superuser(request.user):
        return {"show": False}
    return {"show": True, "cockpit": cockpit_context()}
