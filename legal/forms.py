from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BarrierReport


class BarrierReportForm(forms.ModelForm):
    """A visitor reports a barrier. No CAPTCHA (it would be a barrier itself); rate-limited."""

    class Meta:
        model = BarrierReport
        fields = ["page_url", "description", "reply_email"]
        labels = {
            "page_url": _("On which page did you meet the barrier?"),
            "description": _("What is the barrier?"),
            "reply_email": _("Your e-mail address, if you would like a reply"),
        }
        help_texts = {
            "page_url": _("The address or name of the page, e.g. “Projects” or /projekte/."),
            "description": _(
                "Describe what did not work, and if you like, which assistive technology "
                "you use (for example a screen reader or magnification)."
            ),
            "reply_email": _("We only use it to answer you about this report."),
        }
        error_messages = {
            "description": {"required": _("Please describe the barrier.")},
            "reply_email": {"invalid": _("Please enter an e-mail address like name@example.org.")},
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "reply_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if len(description) < 10:
            raise forms.ValidationError(
                _("Please describe the barrier in a few words (at least 10 characters).")
            )
        return description
