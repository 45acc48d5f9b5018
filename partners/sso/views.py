"""The login through one's administration: choose the provider, and the page after logout."""

import logging

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..models import PartnerIdentityProvider
from .forms import SSOStartForm

logger = logging.getLogger(__name__)

# Set in the fresh session after logout when the login was through a provider.
LOGGED_OUT_PROVIDER = "sso_logged_out_provider"


@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    """Find the provider by the address (or take the chosen one) and send the person there."""
    if request.method != "POST":
        form = SSOStartForm(initial={"next": request.GET.get("next", "")})
        return _page(request, form)
    form = SSOStartForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    provider_row = form.cleaned_data["identity_provider"]
    next_url = form.cleaned_data.get("next") or None
    if next_url and not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = None
    try:
        provider = get_adapter().get_provider(request, provider_row.slug)
    except SocialApp.DoesNotExist:  # its secret is not in the environment
        logger.warning("identity provider %s has no usable app", provider_row.slug)
        return _unavailable(request, form, provider_row)
    auth_params = provider.get_auth_params()
    email = form.cleaned_data.get("email")
    if email:
        auth_params["login_hint"] = email
    try:
        response = provider.redirect(request, "login", next_url=next_url, auth_params=auth_params)
    except (requests.RequestException, ValueError, KeyError) as error:
        # Unreachable, an error status, or no usable discovery document.
        logger.warning("identity provider %s does not answer: %r", provider_row.slug, error)
        return _unavailable(request, form, provider_row)
    if not isinstance(response, HttpResponseRedirect):
        return response  # allauth's own error page
    # Not a redirect: the CSP's form-action 'self' would stop the browser on its way to
    # the provider; a page of the portal that moves on is outside the form's reach.
    return render(
        request,
        "socialaccount/sso_redirect.html",
        {"provider_url": response["Location"], "provider_name": provider_row.name},
    )


def _unavailable(request, form, provider_row):
    form.add_error(
        None,
        _(
            "The login service of %(name)s does not answer at the moment. Log in with your "
            "e-mail address and password instead, or try again later."
        )
        % {"name": provider_row.name},
    )
    return _page(request, form, status=503)


def _page(request, form, status=200):
    return render(
        request,
        "socialaccount/sso_start.html",
        {"form": form, "providers": get_adapter().list_providers(request)},
        status=status,
    )


@require_safe
def logged_out(request):
    """After logging out of the portal: offer to log out at the provider as well."""
    provider_row = (
        PartnerIdentityProvider.objects.active()
        .filter(slug=request.session.get(LOGGED_OUT_PROVIDER, ""))
        .first()
    )
    end_session_url = _end_session_url(request, provider_row) if provider_row else None
    return render(
        request,
        "socialaccount/sso_logged_out.html",
        {"provider": provider_row, "end_session_url": end_session_url},
    )


def login_provider(request) -> str | None:
    """The provider (slug) through which this session logged in, or None."""
    from allauth.account.internal.flows.login import get_authentication_records

    for record in reversed(get_authentication_records(request, request.user)):
        if record.get("method") == "socialaccount":
            return record.get("provider")
    return None


def _end_session_url(request, provider_row: PartnerIdentityProvider) -> str | None:
    """RP-initiated logout at the provider, when its discovery document names an endpoint."""
    url = provider_row.server_url.rstrip("/")
    if "/.well-known/" not in url:
        url += "/.well-known/openid-configuration"
    try:
        with get_adapter().get_requests_session() as session:
            response = session.get(url)
            response.raise_for_status()
            endpoint = response.json().get("end_session_endpoint")
    except (requests.RequestException, ValueError) as error:
        logger.warning("identity provider %s: no discovery document: %r", provider_row.slug, error)
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    home = settings.SITE_URL + "/" if settings.SITE_URL else request.build_absolute_uri("/")
    query = urlencode({"client_id": provider_row.client_id, "post_logout_redirect_uri": home})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
