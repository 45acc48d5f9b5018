"""Own data under /intern/profil/: profile, JSON download, deleting the account."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import services
from .forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("staff:profile")
    return render(
        request,
        "partners/account/profile.html",
        {"form": form, "memberships": request.user.memberships.select_related("partner")},
    )


@never_cache
@login_required
@require_GET
def personal_data(request):
    data = services.personal_data(request.user)
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="regiohub-personal-data.json"'
    return response


@login_required
@reauthentication_required(allow_get=True)
def delete_account(request):
    """GET explains (and names any partner that blocks it); POST deletes after reauthentication."""
    blocking = services.partners_blocking_deletion(request.user)
    if request.method == "POST" and not blocking:
        try:
            services.delete_account(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("staff:delete_account")
        logout(request)
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("home")
    status = 409 if request.method == "POST" else 200
    return render(request, "partners/account/delete.html", {"blocking": blocking}, status=status)
