"""allauth's page for removing a passkey, with the guard allauth leaves to the adapter.

allauth asks `MFAAdapter.can_delete_authenticator` before deactivating TOTP but not
before removing a WebAuthn key; here the same rule holds for passkeys: the last
second factor of an office member stays.
"""

from allauth.mfa.adapter import get_adapter
from allauth.mfa.webauthn.views import RemoveWebAuthnView
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


class RemovePasskeyView(RemoveWebAuthnView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_delete"] = get_adapter().can_delete_authenticator(self.object)
        return context

    def form_valid(self, form):
        authenticator = self.get_object()
        if not get_adapter().can_delete_authenticator(authenticator):
            messages.error(
                self.request,
                _(
                    "The project office works with two-factor authentication: your last "
                    "passkey or authenticator app cannot be removed. Add another one first."
                ),
            )
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


remove_passkey = RemovePasskeyView.as_view()
