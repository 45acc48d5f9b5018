"""The public index of public documents (/dokumente/)."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from projects.models import PublicationState

from ..models import Document

PAGE_SIZE = 20


def public_documents():
    """Public documents of the hub library, of public events and of published projects.

    (Public documents of a working group or of an internal event stay there.)
    """
    return (
        Document.objects.public()
        .filter(
            Q(working_group__isnull=True, project__isnull=True, event__isnull=True)
            | Q(project__publication_state=PublicationState.PUBLISHED)
            | Q(working_group__isnull=True, project__isnull=True, event__is_public=True)
        )
        .select_related("project", "event")
        .only(
            "pk",
            "title",
            "description",
            "updated_at",
            "project__title",
            "project__slug",
            "event__title",
            "event__is_public",
        )
        .order_by("-updated_at", "pk")
    )


@require_GET
def document_index(request):
    page = Paginator(public_documents(), PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "community/document_index.html", {"page": page})
