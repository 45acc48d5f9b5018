from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Document, NotificationSetting, StopRequest
from .models.notifications import Category, Frequency
from .uploads import validate_upload


class NotificationSettingsForm(forms.Form):
    """One choice per category: immediately, weekly digest or off."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(
            NotificationSetting.objects.filter(user=user).values_list("category", "frequency")
        )
        for category in Category:
            self.fields[category.value] = forms.ChoiceField(
                label=category.label,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
                initial=current.get(category.value, NotificationSetting.DEFAULT),
            )


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
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["partner"].empty_label = None


class DocumentUploadForm(forms.ModelForm):
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
