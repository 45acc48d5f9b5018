import django_filters
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from partners.models import Partner
from projects.models import FieldOfAction

from .models import Event, Expert


class EventFilter(django_filters.FilterSet):
    art = django_filters.ChoiceFilter(
        field_name="kind", choices=Event.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    partner = django_filters.ModelChoiceFilter(
        field_name="host_partner",
        to_field_name="slug",
        queryset=Partner.objects.active().only("name", "slug"),
        label=_("Host partner"),
        empty_label=_("All partners"),
    )

    class Meta:
        model = Event
        fields: list[str] = []
        form = FilterForm


def event_filter_ignoring_invalid(data, queryset) -> EventFilter:
    """The filters whose values are valid; an unknown or malformed one is dropped."""
    event_filter = EventFilter(data, queryset=queryset)
    if event_filter.is_valid():
        return event_filter
    cleaned = data.copy()
    for name in event_filter.form.errors:
        cleaned.pop(name, None)
    event_filter = EventFilter(cleaned, queryset=queryset)
    event_filter.is_valid()
    return event_filter


def selection_of(event_filter: EventFilter) -> tuple[str, list[str]]:
    """The chosen filters as a canonical query string and as labels for people."""
    data = event_filter.form.cleaned_data
    pairs, labels = [], []
    for name in EventFilter.declared_filters:
        value = data.get(name)
        if not value:
            continue
        if name == "partner":
            pairs.append((name, value.slug))
            labels.append(value.name)
        else:
            pairs.append((name, value))
            labels.append(str(dict(Event.Kind.choices).get(value, value)))
    return urlencode(pairs), labels


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search_text", label=_("Search"))
    sektor = django_filters.ChoiceFilter(
        field_name="sector",
        choices=Expert.Sector.choices,
        label=_("Sector"),
        empty_label=_("All sectors"),
    )
    handlungsfeld = django_filters.ModelChoiceFilter(
        field_name="fields_of_action",
        to_field_name="slug",
        queryset=FieldOfAction.objects.all(),
        label=_("Field of action"),
        empty_label=_("All fields of action"),
    )

    class Meta:
        model = Expert
        fields: list[str] = []
        form = FilterForm

    def search_text(self, queryset, name, value):
        return queryset.search(value.strip())
