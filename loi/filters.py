"""The public register's filters (/absichtserklaerung/): state, kind and district."""

import django_filters
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from partners import geo
from partners.models import Partner

from .models import Accession, Agreement

# The state of a partner without an accession to the current agreement.
NO_ACCESSION = "keine"


def register_partners(agreement: Agreement | None) -> QuerySet[Partner]:
    """The active partners with their accession's state as `register_status` (or None)."""
    statuses = (
        Accession.objects.for_agreement(agreement)
        .filter(partner_id=OuterRef("pk"))
        .values("status")
        if agreement
        else Accession.objects.none().values("status")
    )
    return Partner.objects.active().annotate(register_status=Subquery(statuses[:1]))


def district_choices() -> list[tuple[str, str]]:
    return sorted(
        ((area.ags, area.name) for area in geo.districts().values()), key=lambda pair: pair[1]
    )


class RegisterFilter(django_filters.FilterSet):
    stand = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[*Accession.Status.choices, (NO_ACCESSION, _("no accession"))],
        method="filter_state",
        empty_label=_("Any state"),
    )
    art = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="kind",
        choices=Partner.Kind.choices,
        empty_label=_("All kinds"),
    )
    kreis = django_filters.ChoiceFilter(
        label=_("District"),
        choices=district_choices,
        method="filter_district",
        empty_label=_("All districts"),
    )

    class Meta:
        model = Partner
        fields: list[str] = []
        form = FilterForm

    def filter_state(self, queryset, name, value):
        if value == NO_ACCESSION:
            return queryset.filter(register_status__isnull=True)
        return queryset.filter(register_status=value)

    def filter_district(self, queryset, name, value):
        # The first five digits of a municipality key name its district.
        return queryset.filter(ags__startswith=value[:5])


def register_filter_ignoring_invalid(data, queryset) -> RegisterFilter:
    """The register's filter; unknown values are dropped (the rest still narrows)."""
    register_filter = RegisterFilter(data, queryset=queryset)
    if register_filter.is_valid():
        return register_filter
    cleaned = data.copy()
    for name in register_filter.form.errors:
        cleaned.pop(name, None)
    register_filter = RegisterFilter(cleaned, queryset=queryset)
    register_filter.is_valid()
    return register_filter
