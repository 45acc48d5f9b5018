from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from partners.models import Membership, Partner
from partners.rules import is_office_or_superuser, partner_roles

from .images import clean_image
from .models import FieldOfAction, Participation, Project, PublicationState, TransferInterest


def editable_partners(user, project: Project | None = None):
    """Partners the user may name as lead: where they edit (the office: all)."""
    partners = Partner.objects.active()
    if is_office_or_superuser(user):
        return partners
    editing = Membership.Role.editing_roles()
    ids = {pk for pk, role in partner_roles(user).items() if role in editing}
    if project is not None and project.lead_partner_id:
        ids.add(project.lead_partner_id)
    return partners.filter(pk__in=ids)


class ProjectForm(forms.ModelForm):
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
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 12}),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "funding_amount": forms.NumberInput(attrs={"min": "0", "step": "0.01"}),
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
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

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
    def clean(self):
        seen = set()
        for form in self.forms:
            partner = form.cleaned_data.get("partner") if hasattr(form, "cleaned_data") else None
            if partner is None:
                continue
            if partner.pk in seen:
                raise ValidationError(_("Each partner can only be named once."))
            seen.add(partner.pk)


ParticipantFormSet = formset_factory(
    ParticipantForm, formset=BaseParticipantFormSet, extra=3, max_num=60, validate_max=True
)


def participant_formset(data=None, *, project: Project | None = None, prefix="teilnehmende"):
    partners = Partner.objects.active().only("pk", "name")
    initial = []
    if project is not None and project.pk:
        initial = [
            {"partner": p.partner_id, "role": p.role}
            for p in project.participations.all()
            if p.partner_id != project.lead_partner_id
        ]
    formset = ParticipantFormSet(
        data, initial=initial, prefix=prefix, form_kwargs={"partners": partners}
    )
    # One query for the choices of every row, not one per row.
    choices = [("", "---------"), *((p.pk, p.name) for p in partners)]
    for form in formset.forms:
        form.fields["partner"].choices = choices
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


class TransferInterestForm(forms.Form):
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
