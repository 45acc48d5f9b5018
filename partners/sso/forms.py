from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PartnerIdentityProvider


class SSOStartForm(forms.Form):
    """The address at one's administration, or the provider chosen from the list."""

    email = forms.EmailField(
        label=_("Your e-mail address at your administration"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    provider = forms.SlugField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        slug, email = data.get("provider"), data.get("email")
        if self.errors:
            return data
        if slug:
            found = PartnerIdentityProvider.objects.active().filter(slug=slug).first()
            if found is None:
                raise forms.ValidationError(_("This administration no longer offers its login."))
        elif email:
            found = PartnerIdentityProvider.objects.for_email(email)
            if found is None:
                self.add_error(
                    "email",
                    _(
                        "No administration has connected its login for the addresses at "
                        "%(domain)s. Log in with your password, or choose your "
                        "administration below."
                    )
                    % {"domain": email.rpartition("@")[2]},
                )
                return data
        else:
            self.add_error("email", _("Enter your e-mail address at your administration."))
            return data
        data["identity_provider"] = found
        return data
