from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.pagecache import query_params
from core.permissions import public

from .engine import search
from .forms import SearchForm
from .sources import SOURCES, by_key


@public
@query_params("q", "typ")
@require_safe
def search_page(request):
    """/suche/: every kind of content the person may see, found by stem or by a typo."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    results = None
    only = None
    if form.is_bound and form.is_valid():
        only = by_key(form.cleaned_data["typ"])
        results = search(form.cleaned_data["q"], user=request.user, only=only)
    context = {"form": form, "results": results, "only": only, "sources": SOURCES}
    return render(request, "insights/search.html", context)
