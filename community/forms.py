from django import forms
from django.utils.translation import gettext_lazy as _

from core.once import OneTimeTokenForm

from .models import Announcement, Document, Expert, StopRequest
from .uploads import validate_upload


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person must already have an account as partner staff."),
    )


class StopRequestForm(forms.ModelForm):
    class Meta:
        model = StopRequest
        fields = [
            "partner",
            "preferred_from",
            "preferred_until",
            "place_name",
            "municipality_ags",
            "message",
        ]
        widgets = {
            "preferred_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "preferred_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["partner"].empty_label = None


class DocumentUploadForm(OneTimeTokenForm, forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        validators=[validate_upload],
        help_text=_("PDF, OpenDocument, Word, Excel, PowerPoint, PNG or JPEG; at most 20 MB."),
    )

    class Meta:
        model = Document
        fields = ["title", "description"]


class ReplaceFileForm(forms.Form):
    file = forms.FileField(label=_("New file"), validators=[validate_upload])


# The consent wordings shown next to the boxes; the wording agreed to is stored
# with the date on the entry (Expert.internal_consent_text / public_consent_text).
INTERNAL_CONSENT_TEXT = _(
    "I agree that the Regio.hub project office lists my entry (name, organisation, sector, "
    "fields of expertise, short profile and contact data) in the internal expert directory, "
    "where the staff of the partners can see it. I can withdraw this consent at any time on "
    "this page; my entry then disappears at once."
)
PUBLIC_CONSENT_TEXT = _(
    "I also agree that my name, organisation, sector, fields of expertise and short profile "
    "(without contact data) are shown on the public page of the expert network. I can "
    "withdraw this consent at any time."
)


class OwnExpertEntryForm(forms.ModelForm):
    """An expert keeps their own entry; listing needs the internal consent."""

    internal_consent = forms.BooleanField(
        label=INTERNAL_CONSENT_TEXT,
        required=True,
        error_messages={
            "required": _("Without this consent your entry cannot be listed or saved.")
        },
    )
    public_consent = forms.BooleanField(label=PUBLIC_CONSENT_TEXT, required=False)

    class Meta:
        model = Expert
        fields = [
            "name",
            "sector",
            "organisation",
            "expertise",
            "fields_of_action",
            "profile",
            "email",
            "phone",
            "website",
        ]
        widgets = {"fields_of_action": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expert = self.instance
        listed = bool(expert.pk and expert.internal_consent_at and not expert.withdrawn_at)
        self.fields["internal_consent"].initial = listed
        self.fields["public_consent"].initial = listed and bool(expert.public_consent_at)
        self.fields["email"].help_text = _("Shown to partner staff in the internal directory.")


class AnnouncementForm(forms.ModelForm):
    """The project office writes an announcement in the portal (as in the admin)."""

    publish = forms.BooleanField(
        label=_("Publish (at the time above) and e-mail the audience then"),
        required=False,
        help_text=_("Without this the announcement is saved as a draft."),
    )

    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "working_group", "publish_at"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 10}),
            "publish_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["working_group"].required = False


class LibraryUploadForm(DocumentUploadForm):
    """A document for the hub library, uploaded by the project office."""

    class Meta(DocumentUploadForm.Meta):
        fields = ["title", "description", "is_public"]
