"""`{% office_cockpit %}`: the project office's cockpit above the admin's app list."""

from django import template

from office.cockpit import cockpit_context
from partners.rules import is_office_or_superuser

register = template.Library()


@register.inclusion_tag("office/_admin_cockpit.html", takes_context=True)
def office_cockpit(context) -> dict:
    request = context["request"]
    if not is_office_or_superuser(request.user):
        return {"show": False}
    return {"show": True, "cockpit": cockpit_context()}
