from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.pagecache import query_params
from core.permissions import public

from .. import jsonld
from ..filters import PartnerFilter
from ..lookup import MAX_CANDIDATES, candidates, normalise
from ..models import Partner


@public
@query_params(*PartnerFilter.base_filters)
@require_safe
def partner_list(request):
    partner_filter = PartnerFilter(request.GET, queryset=Partner.objects.active())
    if not partner_filter.is_valid():
        # Unknown values are ignored: show everything instead of an error page.
        partner_filter = PartnerFilter(queryset=Partner.objects.active())
    partners = partner_filter.qs.order_by("kind", "name")
    groups: dict[str, list[Partner]] = {}
    for partner in partners:
        groups.setdefault(partner.get_kind_display(), []).append(partner)
    return render(
        request,
        "partners/partner_list.html",
        {"filter": partner_filter, "groups": groups, "count": len(partners)},
    )


@public
@query_params()
@require_safe
def partner_detail(request, slug: str):
    partner = get_object_or_404(Partner.objects.active(), slug=slug)
    context = {"partner": partner, "json_ld": jsonld.partner_page(partner)}
    return render(request, "partners/partner_detail.html", context)


@public
@query_params("partner")
@require_safe
def partner_suggestions(request):
    """The partner autocomplete's options for what has been typed (an htmx fragment).

    The filters work without it: the typed text is matched again when the form is sent.
    """
    text = normalise(request.GET.get("partner", ""))
    partners = candidates(text)[:MAX_CANDIDATES] if text else []
    return render(
        request, "partners/includes/_suggestions.html", {"partners": partners, "text": text}
    )
