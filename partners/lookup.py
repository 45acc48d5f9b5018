"""Finding a partner by what someone types: the partner filters' server-side matching.

A list of 1,000 partners is no `<select>`: the partner filters of the showcase,
the events and the admin are a text field. What is typed is matched here, on
the server, so the field works without JavaScript; htmx only adds suggestions
while typing (`partners.views.public.partner_suggestions`).

A slug (the links `?partner=<slug>` from partner pages), a full name or a
short name picks that partner; otherwise every active partner whose name
contains every typed word is a candidate: one candidate is the choice, several
are offered to choose from.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse_lazy

from .models import Partner

# How many candidates a choice or the suggestions show.
MAX_CANDIDATES = 10
MAX_LENGTH = 200
LOOKUP_FIELDS = ("pk", "name", "short_name", "slug", "kind")


@dataclass(frozen=True)
class PartnerLookup:
    """What a typed text found: one partner, several candidates, or nothing."""

    text: str
    partner: Partner | None = None
    candidates: tuple[Partner, ...] = ()
    more: bool = False  # more than MAX_CANDIDATES matched

    def __str__(self) -> str:
        """The value for a query string: the partner's slug, else the text as typed."""
        return self.partner.slug if self.partner is not None else self.text

    @property
    def label(self) -> str:
        """How a page names the selection: the partner's name, else the text as typed."""
        return self.partner.name if self.partner is not None else self.text

    @property
    def is_ambiguous(self) -> bool:
        return self.partner is None and len(self.candidates) > 1

    @property
    def is_unknown(self) -> bool:
        return self.partner is None and not self.candidates


def normalise(text: str) -> str:
    return " ".join(str(text).split())[:MAX_LENGTH]


def candidates(text: str, queryset: QuerySet[Partner] | None = None) -> list[Partner]:
    """Up to MAX_CANDIDATES + 1 active partners for `text`, exact matches first (one query)."""
    text = normalise(text)
    if not text:
        return []
    queryset = Partner.objects.active() if queryset is None else queryset
    exact = Q(slug=text) | Q(name__iexact=text) | Q(short_name__iexact=text)
    return list(
        queryset.filter(exact | Q(pk__in=queryset.matching(text).values("pk")))
        .annotate(
            exactness=Case(
                When(exact, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .only(*LOOKUP_FIELDS)
        .order_by("exactness", "name")[: MAX_CANDIDATES + 1]
    )


def lookup_partner(text: str, queryset: QuerySet[Partner] | None = None) -> PartnerLookup:
    """The partner `text` names, or the candidates to choose from (one query)."""
    text = normalise(text)
    found = candidates(text, queryset)
    if found and (found[0].exactness == 0 or len(found) == 1):  # type: ignore[attr-defined]
        return PartnerLookup(text=text, partner=found[0])
    return PartnerLookup(
        text=text, candidates=tuple(found[:MAX_CANDIDATES]), more=len(found) > MAX_CANDIDATES
    )


class PartnerAutocompleteInput(forms.TextInput):
    """A text field that htmx enhances with suggestions (static/js/regiohub.js).

    The `data-hx-*` attributes ask `partners:suggestions` while typing and put the
    options into the list that follows the field; the script adds the combobox
    roles and the keyboard. Without JavaScript it is a plain text field.
    """

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "maxlength": str(MAX_LENGTH),
            "data-autocomplete-input": "",
            "data-hx-get": reverse_lazy("partners:suggestions"),
            "data-hx-trigger": "input changed delay:250ms",
            "data-hx-target": "next .rh-autocomplete__popup",
            "data-hx-swap": "innerHTML",
            "data-hx-sync": "this:replace",
            # The filter form pushes its URL; the suggestions must not.
            "data-hx-push-url": "false",
        }
        super().__init__({**defaults, **(attrs or {})})


class PartnerLookupField(forms.CharField):
    """A partner typed as text; cleans to a PartnerLookup (or None when left empty).

    After cleaning, the field shows the chosen partner's name instead of what was
    typed (a slug from a link, or a part of the name).
    """

    widget = PartnerAutocompleteInput

    def __init__(self, *, queryset: QuerySet[Partner] | None = None, **kwargs):
        kwargs.setdefault("required", False)
        # Field.__init__ sets template_name, so a class attribute would be overwritten.
        kwargs.setdefault("template_name", "partners/forms/autocomplete.html")
        kwargs.setdefault("max_length", None)
        super().__init__(**kwargs)
        self.queryset = queryset
        self.last_lookup: PartnerLookup | None = None

    def clean(self, value):
        text = normalise(super().clean(value) or "")
        if not text:
            self.last_lookup = None
            return None
        self.last_lookup = lookup_partner(text, self.queryset)
        return self.last_lookup

    def prepare_value(self, value):
        lookup = self.last_lookup
        if (
            lookup is not None
            and lookup.partner is not None
            and normalise(value or "") == lookup.text
        ):
            return lookup.partner.name
        return value
