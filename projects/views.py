"""The public showcase: list, detail, open-data exports and feed."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partners.models import Partner
from partners.rules import partner_roles

from .filters import filter_ignoring_invalid
from .forms import TransferInterestForm
from .models import Participation, Project
from .rules import participant_ids

PAGE_SIZE = 20
FILTER_NAMES = ("q", "handlungsfeld", "partner", "status", "richtung", "art")


def showcase_queryset():
    return Project.objects.published().for_cards()


def detail_url_prefix() -> str:
    """The detail URL without the slug: one reverse() per page instead of one per card."""
    return reverse("projects:detail", kwargs={"slug": "_"}).removesuffix("_/")


@require_GET
def project_list(request):
    project_filter, ignored = filter_ignoring_invalid(request.GET, showcase_queryset())
    page = Paginator(project_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": project_filter,
        "page": page,
        "projects": page.object_list,
        "detail_prefix": detail_url_prefix(),
        "ignored": [project_filter.form.fields[name].label for name in ignored],
        "filtered": any(project_filter.form.cleaned_data.get(name) for name in FILTER_NAMES),
    }
    if request.htmx:
        return render(request, "projects/includes/_showcase_swap.html", context)
    return render(request, "projects/project_list.html", context)


@require_GET
def project_detail(request, slug: str):
    project = get_object_or_404(
        Project.objects.published()
        .select_related("lead_partner", "adopted_from__lead_partner")
        .prefetch_related(
            "fields_of_action",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("partner").order_by(
                    "role", "partner__name"
                ),
            ),
            Prefetch(
                "adoptions",
                queryset=Project.objects.published().select_related("lead_partner"),
                to_attr="published_adoptions",
            ),
        ),
        slug=slug,
    )
    adopted_from = project.adopted_from if project.adopted_from_id else None
    if adopted_from is not None and not adopted_from.is_published:
        adopted_from = None
    field_ids = [field.pk for field in project.fields_of_action.all()]
    # Exists instead of a join: no DISTINCT over thousands of rows, and the
    # newest-first index answers the LIMIT.
    related = (
        Project.objects.published()
        .filter(
            Exists(
                Project.fields_of_action.through.objects.filter(
                    project_id=OuterRef("pk"), fieldofaction_id__in=field_ids
                )
            )
        )
        .exclude(pk=project.pk)
        .select_related("lead_partner")
        .defer("description", "description_html", "search_vector")
        .order_by("-published_at", "-pk")[:4]
        if field_ids
        else []
    )
    context = {
        "project": project,
        "adopted_from": adopted_from,
        "related": related,
        "interest_form": _interest_form(request, project),
    }
    return render(request, "projects/project_detail.html", context)


def _interest_form(request, project: Project):
    """The "interest in adoption" form for staff of partners not yet taking part."""
    user = request.user
    if not user.is_authenticated or not user.has_perm("projects.signal_interest", project):
        return None
    ids = set(partner_roles(user)) - participant_ids(project)
    partners = Partner.objects.filter(pk__in=ids).only("pk", "name")
    return TransferInterestForm(partners=partners) if partners else None
