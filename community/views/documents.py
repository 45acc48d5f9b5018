"""The public index of public documents (/dokumente/) and documents of events."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from projects.models import PublicationState

from .. import services
from ..forms import LibraryUploadForm
from ..models import Document, Event

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


@login_required
@require_http_methods(["GET", "POST"])
def event_documents(request, pk: int):
    """Attach documents to an event: the host partner's editors and the project office.

    A document of an event with a working group or a project belongs there too
    (and is readable as the group's or project's documents are); otherwise it
    is a hub-library document attached to the event. Public ones appear on the
    public event page and in /dokumente/.
    """
    event = get_object_or_404(Event.objects.select_related("host_partner"), pk=pk)
    if not request.user.has_perm("community.view_event", event):
        raise Http404
    if not request.user.has_perm("community.add_event_document", event):
        raise PermissionDenied
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.event = event
        document.working_group_id = event.working_group_id
        document.project_id = None if event.working_group_id else event.project_id
        document.save()
        services.add_version(
            document=document, file=form.cleaned_data["file"], acting_user=request.user
        )
        messages.success(request, _("The document has been uploaded."))
        return redirect("community_intern:event_documents", pk=event.pk)
    documents = event.documents.only("pk", "title", "is_public", "event_id").order_by("title")
    return render(
        request,
        "community/event_documents.html",
        {"event": event, "documents": documents, "form": form},
        status=400 if request.method == "POST" else 200,
    )
