"""The projects panel of the /intern/ dashboard."""

from django.db.models import CharField, Count, Value

from core.slots import panels
from partners.rules import is_office_or_superuser, partner_roles

from .models import Participation, Project, PublicationState

# The key under which the panel's one query counts open invitations (no publication state).
INVITATIONS = "invitations"


@panels.register(order=20)
def projects_panel(request) -> dict | None:
    """Counts per publication state and the open invitations to answer, in one query."""
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
    by_state = projects.values_list("publication_state").annotate(n=Count("pk")).order_by()
    invitations = (
        Participation.objects.answerable_by(user)
        .annotate(key=Value(INVITATIONS, output_field=CharField()))
        .values_list("key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict(by_state.union(invitations, all=True))
    return {
        "template": "projects/includes/_panel_projects.html",
        "office": office,
        "states": [(label, counts.get(value, 0)) for value, label in PublicationState.choices],
        "in_review": counts.get(PublicationState.IN_REVIEW, 0),
        "invitations": counts.get(INVITATIONS, 0),
        "can_create": user.has_perm("projects.create_project"),
    }
