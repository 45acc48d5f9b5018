"""The public page "Gesucht" (/gesucht/): what the partners need, for companies and research."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.pagecache import query_params
from core.permissions import public
from projects.models import FieldOfAction

from .. import jsonld
from ..forms import NeedFilterForm
from ..models import Need, NeedSupport
from ..suggestions import for_need

PAGE_SIZE = 20
FILTERS = ("handlungsfeld", "art", "stand")


@public
@query_params(*FILTERS, "page")
@require_safe
def need_list(request):
    fields = list(FieldOfAction.objects.all())
    form = NeedFilterForm(request.GET or None, fields_of_action=fields)
    needs = form.apply(Need.objects.public().for_list())
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/need_list.html",
        {
            "form": form,
            "page": page,
            "needs": page.object_list,
            "filtered": any(request.GET.get(name) for name in FILTERS),
        },
    )


@public
@query_params()
@require_safe
def need_detail(request, slug: str):
    need = get_object_or_404(
        Need.objects.public()
        .select_related("partner", "solved_by")
        .prefetch_related(
            "fields_of_action",
            Prefetch("supports", queryset=NeedSupport.objects.select_related("partner")),
        ),
        slug=slug,
    )
    suggestions = for_need(need) if need.is_active else None
    return render(
        request,
        "exchange/need_detail.html",
        {"need": need, "suggestions": suggestions, "json_ld": jsonld.need_page(need)},
    )
