"""The forms of saved searches: save a new one (prefilled from a result page), rename it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import HorizontalCheckboxes
from core.once import OneTimeTokenForm
from partners.models import Partner
from projects.models import FieldOfAction, Project

from .matching import search_words
from .models import Direction, SavedSearch, Targets

# Where "Save this search" comes from: the showcase (/projekte/) or the needs (/gesucht/).
SOURCE_PROJECTS, SOURCE_NEEDS = "projekte", "gesucht"


class SavedSearchForm(OneTimeTokenForm, forms.ModelForm):
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action"),
        queryset=FieldOfAction.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Any of the chosen fields; none chosen: every field."),
        error_messages={
            "invalid_choice": _("“%(value)s” is not a field of action of the portal."),
            "invalid_pk_value": _("“%(pk)s” is not a field of action of the portal."),
        },
    )
    partner_kinds = forms.MultipleChoiceField(
        label=_("Kinds of partner"),
        choices=Partner.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kind of the project's lead partner or of the partner with the need."),
        error_messages={"invalid_choice": _("“%(value)s” is not a kind of partner.")},
    )
    maturities = forms.MultipleChoiceField(
        label=_("Maturity"),
        choices=Project.Maturity.choices,
        required=False,
        widget=HorizontalCheckboxes,
        help_text=_("Projects only: needs have no maturity."),
        error_messages={"invalid_choice": _("“%(value)s” is not a maturity.")},
    )
    direction = forms.ChoiceField(
        label=_("Transfer direction"),
        choices=[("", _("Any direction")), *Direction.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Projects only; a project that goes both ways matches either."),
        error_messages={"invalid_choice": _("“%(value)s” is not a transfer direction.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the portal keeps this search with my account and mails me about new "
            "matches as chosen. I can delete the search at any time."
        ),
        required=False,
    )

    class Meta:
        model = SavedSearch
        fields = [
            "name",
            "words",
            "targets",
            "fields_of_action",
            "partner_kinds",
            "maturities",
            "direction",
            "frequency",
        ]
        labels = {"name": _("Name of the search"), "frequency": _("Tell me")}
        help_texts = {
            "name": _("So that you recognise it in the mails and the digest."),
            "words": _(
                "Every word must occur in the title or text; other forms of a word and "
                "compounds count (“Sprechstunde” also finds “Videosprechstunde”)."
            ),
        }
        widgets = {
            "targets": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "words": forms.TextInput(attrs={"type": "search"}),
        }

    def __init__(self, *args, ask_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.all()
        self.fields["targets"].choices = Targets.choices
        if not ask_consent:
            del self.fields["consent"]
        else:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _(
                "Please agree that the portal keeps your search and mails you."
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError(_("Give the search a name."))
        return name

    def clean_words(self):
        words = " ".join(self.cleaned_data["words"].split())
        if words and not search_words(words):
            raise ValidationError(
                _(
                    "These words are too general to search for (such as “Projekt” or “Lösung”); "
                    "name what the project or need is about."
                )
            )
        return words

    def clean(self):
        cleaned = super().clean()
        chosen = (
            cleaned.get("words"),
            cleaned.get("fields_of_action"),
            cleaned.get("partner_kinds"),
            cleaned.get("maturities"),
            cleaned.get("direction"),
        )
        if not self.errors and not any(chosen):
            raise ValidationError(
                _(
                    "The search is empty: enter words or choose at least one field of action, "
                    "kind of partner, maturity or direction."
                ),
                code="empty",
            )
        project_only = cleaned.get("maturities") or cleaned.get("direction")
        if project_only and cleaned.get("targets") == Targets.NEEDS:
            self.add_error(
                "targets",
                _(
                    "Needs have no maturity or transfer direction: look for projects too, "
                    "or leave maturity and direction open."
                ),
            )
        return cleaned


class SavedSearchSettingsForm(forms.ModelForm):
    """Rename a saved search or change how its owner hears of it."""

    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {"name": _("Name of the search"), "frequency": _("Tell me")}
        widgets = {"frequency": forms.RadioSelect}

    clean_name = SavedSearchForm.clean_name


def initial_from_query(params, source: str) -> tuple[dict, list[str]]:
    """The form's first values from a result page's query string, and what could not be taken.

    /projekte/: `q` words, `handlungsfeld`, `reife` and `richtung`; /gesucht/:
    `handlungsfeld` and `art` (the partner's kind). Unknown values are named in
    the second return value and left out.
    """
    initial: dict = {"targets": Targets.PROJECTS if source == SOURCE_PROJECTS else Targets.NEEDS}
    ignored: list[str] = []
    text = " ".join(params.get("q", "").split())[:200]
    if text and source == SOURCE_PROJECTS:
        initial["words"] = text
    slug = params.get("handlungsfeld", "")
    if slug:
        field = FieldOfAction.objects.filter(slug=slug).first()
        if field is None:
            ignored.append(slug)
        else:
            initial["fields_of_action"] = [field]
    if source == SOURCE_PROJECTS:
        maturity = params.get("reife", "")
        if maturity in Project.Maturity.values:
            initial["maturities"] = [maturity]
        elif maturity:
            ignored.append(maturity)
        direction = params.get("richtung", "")
        if direction in Direction.values:
            initial["direction"] = direction
        elif direction:
            ignored.append(direction)
    else:
        kind = params.get("art", "")
        if kind in Partner.Kind.values:
            initial["partner_kinds"] = [kind]
        elif kind:
            ignored.append(kind)
    initial["name"] = suggested_name(initial)
    return initial, ignored


def suggested_name(initial: dict) -> str:
    """A first name for the search from what it looks for (the person may change it)."""
    parts = []
    if initial.get("words"):
        parts.append(initial["words"])
    parts += [field.display_name for field in initial.get("fields_of_action", [])]
    parts += [str(Partner.Kind(kind).label) for kind in initial.get("partner_kinds", [])]
    parts += [str(Project.Maturity(value).label) for value in initial.get("maturities", [])]
    if initial.get("direction"):
        parts.append(str(Direction(initial["direction"]).label))
    return ", ".join(parts)[:120]
