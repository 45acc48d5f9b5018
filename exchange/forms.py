from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from core.once import OneTimeTokenForm
from partners.models import Partner
from partners.rules import is_office_or_superuser
from projects.models import FieldOfAction, Project

from .models import Need, NeedState, editing_partner_ids


class NeedForm(OneTimeTokenForm, forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "title",
            "partner",
            "description",
            "fields_of_action",
            "desired_start",
            "visibility",
            "contact_name",
            "contact_email",
            "contact_is_public",
        ]
        widgets = {
            "fields_of_action": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
            "desired_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.all()
        self.fields["fields_of_action"].required = True
        self.fields["visibility"].choices = Need.Visibility.choices
        if self.instance.pk:
            # The partner of a need does not change; a need of another partner is a new need.
            del self.fields["partner"]
        else:
            partners = Partner.objects.active()
            if not is_office_or_superuser(user):
                partners = partners.filter(pk__in=editing_partner_ids(user))
            self.fields["partner"].queryset = partners
            choices = list(partners[:2])
            if len(choices) == 1 and not self.is_bound:
                self.initial["partner"] = choices[0].pk  # the one partner the person edits for

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Give the need a title."))
        return title

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise ValidationError(_("Describe what you need."))
        return description

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_is_public") and not (
            cleaned.get("contact_name") or cleaned.get("contact_email")
        ):
            self.add_error(
                "contact_is_public", _("Name a contact person or e-mail to show publicly.")
            )
        return cleaned


class NeedFilterForm(FilterForm):
    """The filters of /gesucht/ (and of the internal list)."""

    handlungsfeld = forms.ChoiceField(label=_("Field of action"), required=False)
    art = forms.ChoiceField(label=_("Kind of partner"), required=False)
    stand = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, fields_of_action=(), states=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", _("All fields of action"))] + [
            (field.slug, field.display_name) for field in fields_of_action
        ]
        self.fields["art"].choices = [("", _("All kinds of partner")), *Partner.Kind.choices]
        self.fields["stand"].choices = [("", _("All states"))] + [
            (state, NeedState(state).label) for state in (states or NeedState.listed())
        ]

    def apply(self, needs):
        """The needs narrowed by the valid filters; an invalid one is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("handlungsfeld"):
            needs = needs.in_field(data["handlungsfeld"])
        if data.get("art"):
            needs = needs.filter(partner__kind=data["art"])
        if data.get("stand"):
            needs = needs.filter(state=data["stand"])
        return needs


class CosignForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("For which partner?"),
        queryset=Partner.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose a partner where you are an editor or admin.")},
    )

    def __init__(self, *args, user, need: Need, **kwargs):
        super().__init__(*args, **kwargs)
        ids = editing_partner_ids(user) - {need.partner_id}
        self.fields["partner"].queryset = Partner.objects.filter(pk__in=ids).order_by("name")


class SolveForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project that solved the need"),
        queryset=Project.objects.none(),
        help_text=_("A published project of the region, or one of your partner's own projects."),
        error_messages={"required": _("Choose the project that solved the need.")},
    )

    def __init__(self, *args, need: Need, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            Project.objects.filter(
                Q(publication_state=Project.PublicationState.PUBLISHED)
                | Q(lead_partner_id=need.partner_id)
            )
            .select_related("lead_partner")
            .only("pk", "title", "lead_partner__name")
            .order_by("title", "pk")
        )
        self.fields["project"].label_from_instance = lambda project: (
            f"{project.title} ({project.lead_partner.name})"
        )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the need closed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the need is closed.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the need is closed."))
        return reason
