from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.images import clean_image
from core.once import OneTimeTokenForm

from .models import Membership, Partner, User, parse_origins, role_allowed

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4000


class InvitationForm(OneTimeTokenForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_(
            "Members read everything internal, editors also write content, "
            "administrators also manage the profile and the colleagues."
        ),
    )

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(partner)
        if partner is not None and Partner.Kind(partner.kind).has_network_members:
            self.fields["role"].help_text = _(
                "Members read everything internal, editors also write content, "
                "administrators also manage the profile and the colleagues. "
                "Network members are experts: they keep their own entry in the expert "
                "network and see the directory, nothing else internal."
            )


def role_choices(partner) -> list[tuple[str, str]]:
    """Every role; "network member" only for research institutions, companies, associations."""
    return [
        (value, label)
        for value, label in Membership.Role.choices
        if partner is None or role_allowed(partner, value)
    ]


class RoleForm(forms.Form):
    """A colleague's role, changed in the table of colleagues (one form per row)."""

    # The table's column header shows "Role"; the label names the person for
    # screen readers.
    labels_hidden = True

    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def __init__(self, *args, partner=None, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(partner)
        if person is not None:
            self.fields["role"].label = _("Role of %(person)s") % {"person": person}


class AcceptInvitationForm(forms.Form):
    """The new account's name and password (the e-mail address is the invited one)."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PartnerProfileForm(forms.ModelForm):
    """What a partner admin may change; name, kind, AGS and hub role stay with the office."""

    class Meta:
        model = Partner
        fields = [
            "description",
            "website",
            "street",
            "postal_code",
            "city",
            "contact_email",
            "contact_phone",
            "logo",
            "logo_alt",
            "embed_origins",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "embed_origins": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "logo": _("PNG, JPEG or WebP, at most 1 MB."),
            "logo_alt": _("Describe the logo for people who cannot see it, e.g. the name."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        logo, alt = self.fields["logo"], self.fields["logo_alt"]
        # The current logo as a thumbnail with its alt text, not its storage path.
        logo.thumbnail = True
        logo.thumbnail_alt = self.instance.logo_alt
        # The alt text is required exactly when there will be a logo: one is stored
        # (and not removed) or one is uploaded now. Without a logo the label says
        # when it is needed instead of "optional".
        alt.error_messages["required"] = _("Describe the logo for people who cannot see it.")
        uploading = bool(self.files.get("logo"))
        removing = bool(self.data.get(logo.widget.clear_checkbox_name("logo")))
        keeps_logo = bool(self.instance.logo) and not removing
        alt.required = uploading or keeps_logo
        if not keeps_logo:
            alt.label = _("Alternative text of the logo (required with a logo)")
            alt.needed_when_labelled = True

    def clean_embed_origins(self) -> str:
        # Stored one per line, lower case, without a trailing slash.
        return "\n".join(parse_origins(self.cleaned_data.get("embed_origins", "")))

    def clean_logo(self):
        return clean_logo(self.cleaned_data.get("logo"))

    def _post_clean(self):
        super()._post_clean()
        # A browser cannot keep a chosen file when the page comes back with errors:
        # say so at the file field, so the logo is not silently lost.
        upload = self.files.get("logo")
        if upload and self.errors and "logo" not in self.errors:
            self.add_error(
                "logo",
                _(
                    "The file “%(name)s” was checked but not saved because of the other "
                    "errors. Please choose the file again."
                )
                % {"name": upload.name},
            )


class PartnerAdminForm(forms.ModelForm):
    """The office's partner form in the admin: the logo checked and re-encoded as above."""

    def clean_logo(self):
        return clean_logo(self.cleaned_data.get("logo"))


def clean_logo(logo):
    """A new logo as a re-encoded copy without metadata under a new name (core/images.py).

    PNG, JPEG or WebP of at most 1 MB and 4,000 pixels a side; an unchanged
    or cleared logo passes as it is.
    """
    if not logo or not hasattr(logo, "content_type"):
        return logo  # unchanged or cleared
    if logo.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo may be at most 1 MB."), code="logo_size")
    return clean_image(
        logo,
        max_bytes=LOGO_MAX_BYTES,
        max_pixels=LOGO_MAX_PIXELS * LOGO_MAX_PIXELS,
        max_side=LOGO_MAX_PIXELS,
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "function", "phone", "language"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "function": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }


def _allauth_add_webauthn_form():
    from allauth.mfa.webauthn.forms import AddWebAuthnForm

    return AddWebAuthnForm


class AddPasskeyForm(_allauth_add_webauthn_form()):
    """allauth's form for a new security key, offered as a passkey (MFA_FORMS).

    Checked by default: a key that can log in alone (with its PIN or biometrics)
    is what "passkey" means to people; one may still uncheck it for a plain
    second factor.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "passwordless" in self.fields:
            self.fields["passwordless"].initial = True
