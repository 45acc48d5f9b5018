"""The projects panel of the /intern/ dashboard."""

from django.db.models import CharField, Count, Value
from django.urls import reverse
from django.utils.translation import ngettext

from core.slots import Todo, once_per_request, panels, todos
from partners.rules import is_office_or_superuser, partner_roles

from .models import Participation, Project, PublicationState

# The key under which the panel's one query counts open invitations (no publication state).
INVITATIONS = "invitations"


def _counts(request) -> dict | None:
    """{publication state or INVITATIONS: number}, read once per request (None: no projects)."""
    return once_per_request(request, "projects.counts", lambda: _count(request.user))


def _count(user) -> dict | None:
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
    return dict(by_state.union(invitations, all=True))


@todos.register(order=20)
def projects_todos(request) -> list[Todo] | None:
    """Invitations of the user's partners to take part in a project, waiting for an answer."""
    counts = _counts(request)
    waiting = counts.get(INVITATIONS, 0) if counts else 0
    if not waiting:
        return None
    text = ngettext(
        "%(counter)s invitation to a project waits for your answer",
        "%(counter)s invitations to projects wait for your answer",
        waiting,
    ) % {"counter": waiting}
    return [Todo(text=text, url=reverse("projects_intern:invitations"), urgency=20)]


@panels.register(order=20)
def projects_panel(request) -> dict | None:
    """Counts per publication state (the invitations are on top: `projects_todos`)."""
    counts = _counts(request)
    if counts is None:
        return None
    user = request.user
    office = is_office_or_superuser(user)
    return {
        "template": "projects/includes/_panel_projects.html",
        "office": office,
        "states": [(label, counts.get(value, 0)) for value, label in PublicationState.choices],
        "can_create": user.has_perm("projects.create_project"),
    }
