"""/intern/benachrichtigungen/: each person chooses how they hear about each category."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.permissions import permission_required

from . import services
from .forms import NotificationSettingsForm


@permission_required("core.access_intern")
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_notification_settings(acting_user=request.user, frequencies=form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications_intern:settings")
    return render(request, "notifications/settings.html", {"form": form})
