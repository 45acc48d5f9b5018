"""The public showcase: list, detail, open-data exports and feed."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Window
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.pagecache import query_params
from core.permissions import public
from partners.models import Partner

from .. import jsonld
from ..filters import FILTER_NAMES, ProjectFilter, filter_ignoring_invalid
from ..forms import TransferInterestForm
from ..models import Participation, Project, with_card_fields
from ..rules import outside_editing_partner_ids

PAGE_SIZE = 20


def showcase_queryset():
    return Project.objects.published().for_cards()


def detail_url_prefix() -> str:
    """The detail URL without the slug: one reverse() per page instead of one per card."""
    return reverse("projects:detail", kwargs={"slug": "_"}).removesuffix("_/")


class CountInPagePaginator(Paginator):
    """Reads the total with the page's rows (COUNT(*) OVER ()) instead of a separate COUNT.

    For a search ordered by relevance the database ranks every match before it
    can return the first twenty, so counting them in that same pass is free,
    while a separate COUNT would find and read every match a second time. Only
    a page number past the end falls back to Django's count and last page.
    """

    def get_page(self, number):
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        if wanted >= 1:
            bottom = (wanted - 1) * self.per_page
            rows = list(
                self.object_list.annotate(total_count=Window(Count("*")))[
                    bottom : bottom + self.per_page
                ]
            )
            if rows or wanted == 1:
                # `count` is a cached property: fill it, then build the page from the rows.
                self.__dict__["count"] = rows[0].total_count if rows else 0
                return self._get_page(rows, wanted, self)
        return super().get_page(number)


@public
@query_params(*ProjectFilter.base_filters, "page")
@require_safe
def project_list(request):
    project_filter, ignored = filter_ignoring_invalid(request.GET, showcase_queryset())
    paginator_class = CountInPagePaginator if project_filter.ranked else Paginator
    page = paginator_class(project_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_card_fields(list(page.object_list), project_filter.fields_of_action)
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


@public
@query_params()
@require_safe
def project_detail(request, slug: str):
    project = get_object_or_404(
        Project.objects.published()
        .select_related("lead_partner", "adopted_from__lead_partner")
        .prefetch_related(
            "fields_of_action",
            Prefetch(
                "participations",
                queryset=Participation.objects.accepted()
                .select_related("partner")
                .order_by("role", "partner__name"),
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
        "json_ld": jsonld.project_page(project),
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
