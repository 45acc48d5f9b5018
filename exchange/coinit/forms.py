from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.once import OneTimeTokenForm
from core.text import markdown_to_text, plain_excerpt
from partners.models import Partner
from partners.rules import is_office_or_superuser
from projects.models import FieldOfAction, Project

from ..models import Need, NeedSupport, editing_partner_ids
from .models import COMMENT_MAX_LENGTH, DraftComment

SUMMARY_MAX_LENGTH = Project._meta.get_field("summary").max_length or 500


class JointDraftForm(OneTimeTokenForm, forms.Form):
    """Start a joint project draft: what it is about and whom to invite as co-initiators."""

    lead_partner = forms.ModelChoiceField(
        label=_("Lead partner"),
        queryset=Partner.objects.none(),
        help_text=_("The partner that leads the draft; you edit for it."),
        error_messages={"invalid_choice": _("Choose a partner where you are an editor or admin.")},
    )
    title = forms.CharField(label=_("Title of the joint project"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences for lists and search."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: headings, lists, links, emphasis."),
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action"),
        queryset=FieldOfAction.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    co_initiators = forms.ModelMultipleChoiceField(
        label=_("Co-initiators"),
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each partner is invited; its editors or admins accept or decline. Partners you "
            "edit for take part at once."
        ),
        error_messages={
            "required": _("Choose at least one partner to co-initiate the draft with."),
            "invalid_choice": _("%(value)s is no partner of the hub; choose from the list."),
            "invalid_pk_value": _("“%(pk)s” is no partner of the hub; choose from the list."),
        },
    )

    def __init__(self, *args, user, need: Need | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        partners = Partner.objects.active().order_by("name")
        leads = partners if is_office_or_superuser(user) else partners.filter(
            pk__in=editing_partner_ids(user)
        )  # fmt: skip
        self.fields["lead_partner"].queryset = leads
        self.fields["co_initiators"].queryset = partners
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.all()
        if self.is_bound:
            return
        own = list(leads.filter(pk__in=editing_partner_ids(user))[:2])
        lead = own[0] if own else None
        if need is not None:
            if need.partner_id in {partner.pk for partner in own}:
                lead = need.partner
            # The need's partner and those who co-signed it are the natural co-initiators.
            proposed = {need.partner_id} | set(
                NeedSupport.objects.filter(need=need).values_list("partner_id", flat=True)
            )
            proposed.discard(lead.pk if lead else None)
            self.initial.update(
                {
                    "title": need.title,
                    "summary": _first_sentences(need.description),
                    "description": need.description,
                    "fields_of_action": list(need.fields_of_action.values_list("pk", flat=True)),
                    "co_initiators": sorted(proposed),
                }
            )
        if lead is not None:
            self.initial["lead_partner"] = lead.pk

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Give the joint project a title."))
        return title

    def clean_summary(self):
        summary = " ".join(self.cleaned_data["summary"].split())
        if not summary:
            raise ValidationError(_("Say in one or two sentences what the project is about."))
        return summary

    def clean(self):
        cleaned = super().clean()
        lead, others = cleaned.get("lead_partner"), cleaned.get("co_initiators")
        if lead is not None and others is not None:
            rest = [partner for partner in others if partner.pk != lead.pk]
            if not rest:
                self.add_error(
                    "co_initiators",
                    _("Choose at least one partner besides the lead to co-initiate with."),
                )
            cleaned["co_initiators"] = rest
        return cleaned


def _first_sentences(text: str) -> str:
    """The need's first paragraph as the draft's summary, cut to the summary's length."""
    return plain_excerpt(
        markdown_to_text((text or "").strip().split("\n\n")[0]), SUMMARY_MAX_LENGTH
    )


class CommentForm(forms.ModelForm):
    class Meta:
        model = DraftComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH})}
        error_messages = {"body": {"required": _("Write a comment.")}}


class ConfirmForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Say for which partner you confirm."),
            "invalid_choice": _("This partner does not exist."),
        },
    )
