"""The Letter-of-Intent panel of the /intern/ dashboard (two or three queries)."""

from django.db.models import Count
from django.utils import timezone

from .models import Accession, Agreement


def loi_panel(request) -> dict | None:
    user = request.user
    agreement = Agreement.objects.current().first()
    if agreement is None:
        return None
    today = timezone.localdate()
    context = {
        "template": "loi/includes/_panel_loi.html",
        "order": 20,
        "agreement": agreement,
        "days_left": max(agreement.days_left(today), 0),
        "banner": agreement.in_reminder_window(today),
        "is_office": user.has_perm("loi.manage_agreements"),
    }
    accessions = Accession.objects.for_agreement(agreement).select_related("partner", "agreement")
    if context["is_office"]:
        counts = dict(accessions.order_by().values_list("status").annotate(count=Count("id")))
        context["counts"] = [
            (status.label, counts.get(status.value, 0)) for status in Accession.Status
        ]
        context["missing"] = list(accessions.not_signed().order_by("partner__name"))
        return context
    own = list(accessions.for_user(user).order_by("partner__name"))
    if not own:
        return None
    context["accessions"] = own
    return context
