import django_filters
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from partners.lookup import PartnerLookup
from partners.models import Partner
from projects.filters import PartnerLookupFilter
from projects.models import FieldOfAction

from .models import Event, Expert


class EventFilter(django_filters.FilterSet):
    """The filters of /termine/ and /termine.ics."""

    art = django_filters.ChoiceFilter(
        field_name="kind", choices=Event.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    # A slug (links from partner pages), a name or a part of it, matched on the
    # server (partners.lookup) like the showcase's: not a select of every partner.
    partner = PartnerLookupFilter(label=_("Host partner"), method="filter_partner")

    class Meta:
        model = Event
        fields: list[str] = []
        form = FilterForm

    def filter_partner(self, queryset, name, value: PartnerLookup):
        """The events the typed partner hosts; of every candidate while several match."""
        if value.partner is not None:
            return queryset.filter(host_partner_id=value.partner.pk)
        if value.is_unknown:
            return queryset.none()
        matching = Partner.objects.active().matching(value.text).values("pk")
        return queryset.filter(host_partner_id__in=matching)

    @property
    def partner_lookup(self) -> PartnerLookup | None:
        """What the partner field found, for the page to offer a choice or say "none"."""
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return data.get("partner")


class EventApiFilter(EventFilter):
    """The API's event filters: `partner` is a partner's slug, an unknown one a 400."""

    partner = django_filters.ModelChoiceFilter(
        field_name="host_partner",
        to_field_name="slug",
        queryset=Partner.objects.active().only("name", "slug"),
        label=_("Host partner"),
        empty_label=_("All partners"),
    )


def event_filter_ignoring_invalid(data, queryset) -> EventFilter:
    """The filters whose values are valid; an unknown or malformed one is dropped.

    For the calendar feed: a subscription whose partner no longer matches (renamed,
    left the hub) keeps its other filters instead of turning empty.
    """
    event_filter = EventFilter(data, queryset=queryset)
    dropped = [] if event_filter.is_valid() else list(event_filter.form.errors)
    lookup = event_filter.partner_lookup
    if lookup is not None and lookup.is_unknown:
        dropped.append("partner")
    if not dropped:
        return event_filter
    cleaned = data.copy()
    for name in dropped:
        cleaned.pop(name, None)
    event_filter = EventFilter(cleaned, queryset=queryset)
    event_filter.is_valid()
    return event_filter


def selection_of(event_filter: EventFilter) -> tuple[str, list[str]]:
    """The chosen filters as a canonical query string and as labels for people."""
    data = event_filter.form.cleaned_data
    lookup = data.get("partner")
    if lookup is not None and lookup.is_unknown:
        return "", []  # the page lists nothing: nothing to subscribe to
    pairs, labels = [], []
    for name in EventFilter.declared_filters:
        value = data.get(name)
        if not value:
            continue
        if name == "partner":
            pairs.append((name, str(value)))
            labels.append(value.label)
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
