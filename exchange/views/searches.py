"""Saved searches under /intern/suchauftraege/: save (from a result page), list, rename, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core import once
from core.confirm import is_confirmed, render_confirmation
from core.permissions import objectgetter, permission_required
from projects.models import FieldOfAction

from ..alerts import services
from ..alerts.forms import (
    SOURCE_NEEDS,
    SOURCE_PROJECTS,
    SavedSearchForm,
    SavedSearchSettingsForm,
    initial_from_query,
)
from ..alerts.models import SavedSearch

search_by_pk = objectgetter(SavedSearch.objects.all())


@permission_required("exchange.save_search")
@require_safe
def search_list(request):
    searches = SavedSearch.objects.of(request.user).prefetch_related(
        Prefetch("fields_of_action", queryset=FieldOfAction.objects.order_by("name"))
    )
    return render(request, "exchange/intern/search_list.html", {"searches": searches})


@permission_required("exchange.save_search")
@require_http_methods(["GET", "HEAD", "POST"])
def search_create(request):
    ask_consent = services.audience_of(request.user) == services.NETWORK
    if request.method == "POST":
        form = SavedSearchForm(request.POST, ask_consent=ask_consent)
    else:
        source = request.GET.get("quelle", "")
        initial, ignored = {}, []
        if source in (SOURCE_PROJECTS, SOURCE_NEEDS):
            initial, ignored = initial_from_query(request.GET, source)
        for value in ignored:
            messages.warning(
                request,
                _("The filter value “%(value)s” is unknown and was left out.") % {"value": value},
            )
        form = SavedSearchForm(initial=initial, ask_consent=ask_consent)
    if request.method == "POST" and form.is_valid():
        search = form.save(commit=False)

        def save() -> str:
            services.save_search(
                search=search,
                acting_user=request.user,
                fields_of_action=form.cleaned_data["fields_of_action"],
                consent=form.cleaned_data.get("consent", False),
            )
            return ""

        try:
            # A double click on "Save" saves one search (core/once.py).
            _url, first = once.submit_once(
                user=request.user, form=form, name="exchange.save_search", perform=save
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if first:
                messages.success(
                    request,
                    _("Your search “%(name)s” is saved. New matches are told as you chose.")
                    % {"name": search.name},
                )
            else:
                messages.info(request, once.ALREADY_SENT)
            return redirect("exchange_intern:searches")
    return render(
        request, "exchange/intern/search_form.html", {"form": form, "ask_consent": ask_consent}
    )


@permission_required("exchange.save_search")
@permission_required(
    "exchange.manage_saved_search", fn=search_by_pk, visible="exchange.manage_saved_search"
)
@require_http_methods(["GET", "HEAD", "POST"])
def search_edit(request, search: SavedSearch, pk: int):
    form = SavedSearchSettingsForm(request.POST or None, instance=search)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_search(search=form.instance, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("exchange_intern:searches")
    return render(request, "exchange/intern/search_edit.html", {"form": form, "search": search})


@permission_required("exchange.save_search")
@permission_required(
    "exchange.manage_saved_search", fn=search_by_pk, visible="exchange.manage_saved_search"
)
@require_http_methods(["GET", "HEAD", "POST"])
def search_delete(request, search: SavedSearch, pk: int):
    """Deleting cannot be undone: a page says what it does before it is done."""
    if is_confirmed(request):
        services.delete_search(search=search, acting_user=request.user)
        messages.success(
            request, _("The saved search “%(name)s” is deleted.") % {"name": search.name}
        )
        return redirect("exchange_intern:searches")
    return render_confirmation(
        request,
        heading=_("Delete the saved search “%(name)s”?") % {"name": search.name},
        consequences=[
            _("The search and its settings are deleted for good."),
            _("You are no longer told of new projects or needs that match it."),
        ],
        public=[],
        button=_("Delete the search"),
        cancel_url=search.get_absolute_url(),
        back_label=_("Back to the search"),
    )
