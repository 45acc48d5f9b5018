"""The projects panel of the /intern/ dashboard."""

from django.db.models import Count

from core.slots import panels
from partners.rules import is_office_or_superuser, partner_roles

from .models import Participation, Project, PublicationState


@panels.register(order=20)
def projects_panel(request) -> dict | None:
    user = request.user
    office = is_office_or_superuser(user)
    if office:
        projects = Project.objects.all()
    else:
        partner_ids = list(partner_roles(user))
        if not partner_ids:
            return None
        projects = Project.objects.filter(
            pk__in=Participation.objects.accepted()
            .filter(partner_id__in=partner_ids)
            .values("project_id")
        )
    counts = dict(projects.values_list("publication_state").annotate(n=Count("pk")).order_by())
    return {
        "template": "projects/includes/_panel_projects.html",
        "office": office,
        "states": [(label, counts.get(value, 0)) for value, label in PublicationState.choices],
        "in_review": counts.get(PublicationState.IN_REVIEW, 0),
        "can_create": user.has_perm("projects.create_project"),
    }


@panels.register(order=21)
def invitations_panel(request) -> dict | None:
    """Open invitations to take part in (or lead) another partner's project."""
    invitations = list(
        Participation.objects.answerable_by(request.user)
        .select_related("project", "partner")
        .order_by("-invited_at", "-pk")[:10]
    )
    if not invitations:
        return None
    return {"template": "projects/includes/_panel_invitations.html", "invitations": invitations}
