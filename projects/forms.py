from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, LocalizedDecimalField
from core.once import OneTimeTokenForm
from partners.models import Membership, Partner
from partners.rules import is_office_or_superuser, partner_roles

from .images import clean_image
from .models import FieldOfAction, Participation, Project, PublicationState, TransferInterest
from .services import (
    LEAD_CHANGE_REFUSED,
    PARTICIPANTS_CHANGE_REFUSED,
    ParticipantRow,
    current_others,
)


def editable_partners(user, project: Project | None = None):
    """Partners the user may name as lead.

    A new project: where they edit (the office: all). An existing one: every
    active partner, so that the lead's editors can offer the lead to anyone and
    anybody else who tries is told why not (`ProjectForm.clean_lead_partner`),
    not "choose a valid option".
    """
    partners = Partner.objects.active()
    if is_office_or_superuser(user) or (project is not None and project.pk):
        if project is not None and project.lead_partner_id:
            return Partner.objects.filter(Q(is_active=True) | Q(pk=project.lead_partner_id))
        return partners
    editing = Membership.Role.editing_roles()
    ids = {pk for pk, role in partner_roles(user).items() if role in editing}
    return partners.filter(pk__in=ids)


class ProjectForm(OneTimeTokenForm, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    image_upload = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB and 25 megapixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "description",
            "kind",
            "status",
            "maturity",
            "lead_partner",
            "fields_of_action",
            "transfer_direction",
            "start_date",
            "end_date",
            "funding_programme",
            "funding_amount",
            "website",
            "contact_name",
            "contact_email",
            "contact_is_public",
            "image_alt",
            "prerequisites",
            "operating_model",
            "cost_min",
            "cost_max",
            "data_needed",
            "licence",
            "source_repository",
            "reuse_contact",
        ]
        field_classes = {
            "funding_amount": LocalizedDecimalField,
            "cost_min": LocalizedDecimalField,
            "cost_max": LocalizedDecimalField,
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
            "operating_model": forms.Textarea(attrs={"rows": 3}),
            "data_needed": forms.Textarea(attrs={"rows": 3}),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["lead_partner"].queryset = editable_partners(
            user, self.instance if self.instance.pk else None
        )
        self.fields["fields_of_action"].queryset = FieldOfAction.objects.all()
        self.fields["image_alt"].help_text = _(
            "Describe what the image shows, for people who cannot see it."
        )
        self.lead_offer_to = None
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            _others, self.lead_offer_to = current_others(self.instance)
            if self.lead_offer_to is not None:
                # The form shows the lead that is wished for; saving it unchanged keeps the offer.
                self.initial["lead_partner"] = self.lead_offer_to
            if user.has_perm("projects.change_lead", self.instance):
                self.fields["lead_partner"].help_text = _(
                    "Choosing another partner offers it the lead; it changes when one of its "
                    "editors accepts (at once where you edit for that partner too)."
                )
            else:
                self.fields["lead_partner"].help_text = _(
                    "Only the editors of the lead partner or the project office can hand over "
                    "the lead."
                )

    def clean_lead_partner(self):
        lead = self.cleaned_data.get("lead_partner")
        if self.instance.pk and lead is not None:
            wanted_before = self.lead_offer_to or self.instance.lead_partner_id
            if lead.pk != wanted_before and not self.user.has_perm(
                "projects.change_lead", self.instance
            ):
                raise ValidationError(LEAD_CHANGE_REFUSED, code="lead_change_refused")
        return lead

    def clean_summary(self):
        # The summary is one paragraph (cards, feeds, meta descriptions): the
        # line breaks typed into its text box become spaces.
        return " ".join(self.cleaned_data["summary"].split())

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        if not upload:
            return None
        return clean_image(upload)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end cannot be before the start."))
        low, high = data.get("cost_min"), data.get("cost_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "cost_max", _("The upper end of the costs cannot be below the lower end.")
            )
        has_image = data.get("image_upload") or (
            self.instance.image and not data.get("remove_image")
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def apply_image(self, project: Project) -> None:
        if self.cleaned_data.get("remove_image"):
            project.image = ""
        upload = self.cleaned_data.get("image_upload")
        if upload:
            project.image.save(upload.name, upload, save=False)


class ProjectAdminForm(forms.ModelForm):
    """The office's project form in the admin: a new image re-encoded as on the staff pages."""

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image or not hasattr(image, "content_type"):
            return image  # unchanged or cleared
        return clean_image(image)


class ParticipantForm(forms.Form):
    # A row left empty names no partner (the hint below the rows says so); its
    # fields are not each marked optional.
    mark_optional = False

    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[c for c in Participation.Role.choices if c[0] != Participation.Role.LEAD],
        initial=Participation.Role.PARTNER,
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class BaseParticipantFormSet(forms.BaseFormSet):
    # Set by participant_formset(): may the user change who takes part, and what is there now.
    can_manage = True
    current: dict[int, str] = {}

    def rows(self) -> list[ParticipantRow]:
        return [
            ParticipantRow(partner=row["partner"], role=row["role"])
            for row in (form.cleaned_data for form in self.forms if hasattr(form, "cleaned_data"))
            if row.get("partner")
        ]

    def clean(self):
        seen = set()
        for form in self.forms:
            partner = form.cleaned_data.get("partner") if hasattr(form, "cleaned_data") else None
            if partner is None:
                continue
            if partner.pk in seen:
                raise ValidationError(_("Each partner can only be named once."))
            seen.add(partner.pk)
        if not self.can_manage:
            wanted = {row.partner.pk: row.role for row in self.rows()}
            if wanted != self.current:
                raise ValidationError(PARTICIPANTS_CHANGE_REFUSED, code="participants_refused")


ParticipantFormSet = formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=3, max_num=60, validate_max=True
)


def participant_formset(
    data=None, *, project: Project | None = None, user=None, prefix="teilnehmende"
):
    """The rows of the other partners: those taking part and those invited (marked so).

    For a user who may not change who takes part (`projects.manage_participants`),
    the page shows the rows as text with hidden fields, and a posted change is
    refused with an error.
    """
    partners = Partner.objects.active().only("pk", "name")
    initial = []
    current: dict[int, str] = {}
    open_ids: set[int] = set()
    if project is not None and project.pk:
        current, _offer_to = current_others(project)
        open_ids = set(
            Participation.objects.open()
            .filter(project=project, partner_id__in=list(current))
            .values_list("partner_id", flat=True)
        )
        initial = [{"partner": pk, "role": role} for pk, role in current.items()]
    formset = ParticipantFormSet(
        data, initial=initial, prefix=prefix, form_kwargs={"partners": partners}
    )
    formset.current = current
    formset.can_manage = (
        project is None
        or not project.pk
        or (user is not None and user.has_perm("projects.manage_participants", project))
    )
    # One query for the choices of every row, not one per row.
    choices = [("", "---------"), *((p.pk, p.name) for p in partners)]
    names, roles = dict(choices), dict(Participation.Role.choices)
    for form in formset.forms:
        form.fields["partner"].choices = choices
        form.is_invited = form.initial.get("partner") in open_ids
        form.partner_label = names.get(form.initial.get("partner"), "")
        form.role_label = roles.get(form.initial.get("role"), "")
    return formset


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChangeRequestForm(forms.Form):
    """The office's comment when it returns a project, as the page asks for it.

    The browser asks for the comment (required); the workflow view reads it with
    CommentForm, like the comment of every other step.
    """

    comment = forms.CharField(
        label=_("What should be changed?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferInterestForm(OneTimeTokenForm):
    partner = forms.ModelChoiceField(label=_("For partner"), queryset=Partner.objects.none())
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What would you like to adopt, and whom should the lead partner contact?"),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        if len(partners) == 1:
            self.fields["partner"].initial = next(iter(partners)).pk


class InterestDecisionForm(forms.Form):
    """The lead partner's decision on a transfer interest (one form per interest on the page)."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            c for c in TransferInterest.Status.choices if c[0] != TransferInterest.Status.OPEN
        ],
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublicationStateFilterForm(FilterForm):
    """The internal project list, narrowed to one publication state."""

    stand = forms.ChoiceField(
        label=_("Publication state"),
        choices=[("", _("All states")), *PublicationState.choices],
        required=False,
    )


class DeclineInvitationForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason for the lead partner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
