import django_filters
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm

from .models import Partner


class PartnerFilter(django_filters.FilterSet):
    art = django_filters.ChoiceFilter(
        field_name="kind", choices=Partner.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    land = django_filters.ChoiceFilter(
        field_name="federal_state",
        choices=Partner.FederalState.choices,
        label=_("Federal state"),
        empty_label=_("Both states"),
    )

    class Meta:
        model = Partner
        fields: list[str] = []
        form = FilterForm
