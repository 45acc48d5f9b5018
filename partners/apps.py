from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")
    # Public pages show these models: a change invalidates the page cache (core.pagecache).
    public_content = True
    private_models = ("invitation",)

    def ready(self):
        # Apps register what ends with a staff role (partners.services.when_staff_role_ends).
        autodiscover_modules("role_end")

        from allauth.mfa.signals import authenticator_added

        authenticator_added.connect(_record_mfa_on_activation, dispatch_uid="partners_mfa_setup")


def _record_mfa_on_activation(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up TOTP or a passkey proves it once: the session counts as having passed MFA.

    (A TOTP code is checked on activation; a passkey is created by the
    authenticator in a registration ceremony the server verifies.)

    Office rights need a session that passed MFA (core.mfa); without this, the
    office member who just set up the app, as RequireMFAForOfficeMiddleware
    asks, would be asked for a code again at once. (allauth offers no adapter
    method for this moment, only its signal.)
    """
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and authenticator.type in (
        authenticator.Type.TOTP,
        authenticator.Type.WEBAUTHN,
    ):
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
