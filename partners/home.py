"""The partners on the home page: two figures and the list (one query, core.slots)."""

from django.utils.translation import gettext as _

from core.slots import home_figures, home_sections, once_per_request

from .models import Partner


def _active_partners(request) -> list[Partner]:
    return once_per_request(
        request,
        "partners.active",
        lambda: list(Partner.objects.active().only("name", "slug", "kind", "federal_state")),
    )


@home_figures.register(order=10)
def partner_figures(request) -> list[dict]:
    partners = _active_partners(request)
    return [
        {"label": _("Partners"), "value": len(partners)},
        {"label": _("Federal states"), "value": len({p.federal_state for p in partners})},
    ]


@home_sections.register(order=90)
def partner_list(request) -> dict:
    return {
        "template": "partners/includes/_home_partners.html",
        "partners": _active_partners(request),
    }
