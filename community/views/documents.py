"""The public index of public documents (/dokumente/) and documents of events."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import once
from core.pagecache import query_params
from core.permissions import objectgetter, permission_required, public
from projects.models import PublicationState

from .. import services
from ..forms import DocumentUploadForm, LibraryUploadForm
from ..models import Document, Event

PAGE_SIZE = 20

event_by_pk = objectgetter(Event.objects.select_related("host_partner"))


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


def upload_from_form(request, form: DocumentUploadForm) -> bool:
    """Save the form's document with its file as the first version, both or neither.

    The form's instance says where the document belongs (a working group, a
    project, an event, or none of them: the hub library). False when the form
    has errors, which it then shows with everything typed.
    """
    if not form.is_valid():
        return False

    def upload() -> str:
        services.upload_document(
            acting_user=request.user,
            document=form.save(commit=False),
            file=form.cleaned_data["file"],
        )
        return ""  # the caller's page lists the document

    try:
        # A double click uploads one document (core/once.py); a repeat lands on
        # the same page, which lists the document of the first sending.
        _url, first = once.submit_once(
            user=request.user, form=form, name="community.upload", perform=upload
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    if first:
        messages.success(request, _("The document has been uploaded."))
    else:
        messages.info(request, once.ALREADY_SENT)
    return True


@public
@query_params("seite")
@require_safe
def document_index(request):
    page = Paginator(public_documents(), PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "community/document_index.html", {"page": page})


@permission_required("community.add_event_document", fn=event_by_pk, visible="community.view_event")
@require_http_methods(["GET", "HEAD", "POST"])
def event_documents(request, event: Event, pk: int):
    """Attach documents to an event: the host partner's editors and the project office.

    A document of an event with a working group or a project belongs there too
    (and is readable as the group's or project's documents are); otherwise it
    is a hub-library document attached to the event. Public ones appear on the
    public event page and in /dokumente/.
    """
    document = Document(
        event=event,
        working_group_id=event.working_group_id,
        project_id=None if event.working_group_id else event.project_id,
    )
    form = LibraryUploadForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and upload_from_form(request, form):
        return redirect("community_intern:event_documents", pk=event.pk)
    documents = event.documents.only("pk", "title", "is_public", "event_id").order_by("title")
    return render(
        request,
        "community/event_documents.html",
        {"event": event, "documents": documents, "form": form},
        status=400 if request.method == "POST" else 200,
    )
