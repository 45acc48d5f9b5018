"""The admin's partner filter: a text field, not a list of every partner.

Django's RelatedFieldListFilter lists every partner in the change list's
sidebar (1,000 links at network scale). This filter is a small GET form with
a text field matched like the public partner filters (partners.lookup): a
name, a part of it or a slug; several matches narrow the list to all of them
and are offered as links to choose one. `<field>__id__exact=<pk>` (the
parameter of Django's own filter, in bookmarks and links) keeps working.
"""

from django.contrib import admin
from django.utils.translation import gettext as _

from .lookup import lookup_partner, normalise
from .models import Partner


class PartnerTextFilter(admin.FieldListFilter):
    template = "admin/partners/partner_text_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.text_parameter = f"{field_path}__partner"
        self.id_parameter = f"{field_path}__id__exact"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup = None
        text = self._value(self.text_parameter)
        if text:
            self.lookup = lookup_partner(text, Partner.objects.all())

    def _value(self, parameter: str) -> str:
        value = self.used_parameters.get(parameter)
        if isinstance(value, list):
            value = value[-1] if value else ""
        return normalise(value or "")

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str]:
        return [self.text_parameter, self.id_parameter]

    def queryset(self, request, queryset):
        chosen_id = self._value(self.id_parameter)
        if chosen_id.isdigit():
            queryset = queryset.filter(**{f"{self.field_path}__id": int(chosen_id)})
        lookup = self.lookup
        if lookup is None:
            return queryset
        if lookup.partner is not None:
            return queryset.filter(**{self.field_path: lookup.partner})
        if lookup.is_unknown:
            return queryset.none()
        return queryset.filter(**{f"{self.field_path}__in": Partner.objects.matching(lookup.text)})

    def choices(self, changelist):
        lookup = self.lookup
        keep = [
            (name, value)
            for name, values in changelist.params.items()
            if name not in (self.text_parameter, self.id_parameter, "p")
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {
            "parameter": self.text_parameter,
            "value": lookup.label if lookup else "",
            "hidden": keep,
            "reset": changelist.get_query_string(remove=self.expected_parameters()),
            "filtered": bool(lookup) or bool(self._value(self.id_parameter)),
            "candidates": [
                {
                    "name": partner.name,
                    "query_string": changelist.get_query_string(
                        {self.text_parameter: partner.slug}, [self.id_parameter]
                    ),
                }
                for partner in (lookup.candidates if lookup and lookup.is_ambiguous else [])
            ],
            "unknown": _("No partner matches.") if lookup and lookup.is_unknown else "",
        }
