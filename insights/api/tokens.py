"""/intern/api-tokens/: staff create and revoke their personal API tokens."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.permissions import permission_required

from . import services
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the token"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Intranet widget”."),
    )


def _own_active_token(request, pk: int) -> ApiToken:
    """The requester's own active token; anyone else's is a 404."""
    return get_object_or_404(ApiToken.objects.of_user(request.user).active(), pk=pk)


@permission_required("core.access_intern")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = services.issue_token(
            acting_user=request.user, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    tokens = ApiToken.objects.of_user(request.user).order_by("revoked_at", "-created_at")
    response = render(
        request,
        "insights/api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "secret": secret,
            "docs_url": reverse("api:docs"),
            "example_url": request.build_absolute_uri(reverse("api:project_list")),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )
    return response


@permission_required("core.access_intern")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke(request, pk: int):
    """Revoking cannot be undone: this page asks first."""
    token = _own_active_token(request, pk)
    if request.method == "POST":
        services.revoke_token(acting_user=request.user, token=token)
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
        )
        return redirect("api_intern:tokens")
    return render(request, "insights/api/token_revoke.html", {"token": token})
