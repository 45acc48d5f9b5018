from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from core.validators import first_control_character

from .sources import SOURCES
from .text import MAX_LENGTH, query_words


class SearchForm(FilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=True,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": str(MAX_LENGTH)}),
        error_messages={"required": _("Please enter what you are looking for.")},
    )
    # Unknown kinds are ignored (a stale link still searches everything).
    typ = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if first_control_character(query, multiline=False) is not None:
            raise ValidationError(
                _("The search term contains invisible control characters. Please type it anew.")
            )
        if len(query) > MAX_LENGTH:
            raise ValidationError(
                _(
                    "Please shorten the search term to at most %(max)s characters "
                    "(it has %(length)s)."
                )
                % {"max": MAX_LENGTH, "length": len(query)}
            )
        if not query_words(query):
            raise ValidationError(
                _("Please enter at least one word or number; punctuation alone is not searched.")
            )
        return query

    def clean_typ(self) -> str:
        typ = self.cleaned_data["typ"]
        return typ if any(source.key == typ for source in SOURCES) else ""
