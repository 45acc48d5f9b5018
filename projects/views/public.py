"""The public showcase: list, detail, open-data exports and feed."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core import pagecache
from core.pagecache import query_params
from core.permissions import public
from partners.models import Partner

from .. import jsonld
from ..filters import (
    FILTER_NAMES,
    SEARCH_CANDIDATES,
    ProjectFilter,
    SortChoices,
    filter_ignoring_invalid,
)
from ..forms import TransferInterestForm
from ..fragments import filter_form
from ..models import Participation, Project, with_card_fields
from ..pagination import CappedPaginator
from ..rules import outside_editing_partner_ids

PAGE_SIZE = 20
# A list (not a ranked search) counts at most this many projects (fifty pages):
# with more, it reads "more than 1,000 projects" (CappedPaginator).
COUNT_CAP = 1000


def showcase_queryset():
    return Project.objects.published().for_cards()


def detail_url_prefix() -> str:
    """The detail URL without the slug: one reverse() per page instead of one per card."""
    return reverse("projects:detail", kwargs={"slug": "_"}).removesuffix("_/")


class SearchPaginator(Paginator):
    """The pages of a search in relevance order: only what can reach them is ranked.

    Ranking every match of a frequent word means reading every match (8,000 of
    100,000 projects for "Telemedizin") before the first twenty can be returned.
    Instead one indexed query reads the ids of the newest `SEARCH_CANDIDATES` + 1
    matches, and only those are ranked for the pages (PostgreSQL; SQLite shows
    them newest first). With at most `SEARCH_CANDIDATES` matches that is every
    match, so the ranking and the count are exact; with more, the count reads
    "more than …" (`capped`) and the ranked pages hold the newest matches — the
    page offers all of them newest first (`?sort=neueste`, a CappedPaginator).
    """

    is_search = True

    def __init__(self, project_filter: ProjectFilter, per_page, *, candidates: int = 0):
        candidates = candidates or SEARCH_CANDIDATES
        newest = list(
            project_filter.qs.order_by(*SortChoices.orderings[SortChoices.NEWEST]).values_list(
                "pk", flat=True
            )[: candidates + 1]
        )
        self.capped = len(newest) > candidates
        self.candidates = candidates
        self.limit = candidates
        ids = newest[:candidates]
        super().__init__(project_filter.among(ids) if ids else project_filter.qs.none(), per_page)
        # `count` is a cached property: the candidates are counted already.
        self.__dict__["count"] = len(ids)


@public
@query_params(*ProjectFilter.base_filters, "page")
@require_safe
def project_list(request):
    project_filter, ignored = filter_ignoring_invalid(request.GET, showcase_queryset())
    paginator = (
        SearchPaginator(project_filter, PAGE_SIZE)
        if project_filter.by_relevance
        else CappedPaginator(
            project_filter.qs, PAGE_SIZE, number=request.GET.get("page"), cap=COUNT_CAP
        )
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = with_card_fields(list(page.object_list), project_filter.fields_of_action)
    context = {
        "filter": project_filter,
        "filter_form": filter_form(project_filter, request.GET),
        "page": page,
        "projects": page.object_list,
        "detail_prefix": detail_url_prefix(),
        "ignored": [project_filter.form.fields[name].label for name in ignored],
        "filtered": any(project_filter.form.cleaned_data.get(name) for name in FILTER_NAMES),
    }
    if request.htmx:
        return render(request, "projects/includes/_showcase_swap.html", context)
    return render(request, "projects/project_list.html", context)


@public
@query_params()
@require_safe
def project_detail(request, slug: str):
    adoptions = Project.objects.published().filter(adopted_from=OuterRef("pk"))
    project = get_object_or_404(
        Project.objects.published()
        .select_related("lead_partner", "adopted_from__lead_partner")
        # Most projects were never adopted: asked in the same query, the
        # adoptions are only read for those that were.
        .annotate(has_adoptions=Exists(adoptions))
        .prefetch_related(
            "fields_of_action",
            Prefetch(
                "participations",
                queryset=Participation.objects.accepted()
                .select_related("partner")
                .order_by("role", "partner__name"),
            ),
        ),
        slug=slug,
    )
    project.published_adoptions = (
        list(
            Project.objects.published()
            .filter(adopted_from=project)
            .select_related("lead_partner")
            .only("title", "slug", "lead_partner__name", "lead_partner__slug")
        )
        if project.has_adoptions
        else []
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
        "json_ld": jsonld.project_page(project),
        # Documents, experts and related projects are kept per content generation
        # (templates/projects/includes/_public_project.html): three queries fewer.
        "content_generation": pagecache.generation(),
    }
    return render(request, "projects/project_detail.html", context)


def _interest_form(request, project: Project):
    """The "interest in adoption" form for staff of partners not yet taking part."""
    user = request.user
    if not user.is_authenticated or not user.has_perm("projects.signal_interest", project):
        return None
    ids = outside_editing_partner_ids(user, project)
    partners = Partner.objects.filter(pk__in=ids).only("pk", "name")
    return TransferInterestForm(partners=partners) if partners else None
