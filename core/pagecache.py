"""The anonymous page cache: public pages served from the shared cache.

A GET of a public page by a visitor without a session is looked up in the
shared cache (Redis/Valkey or the database cache) under its URL (path and
sorted query), host, scheme, language and htmx flag. What is stored is the
finished response, with the headers every inner middleware added (CSP, frame
options, Vary), so a hit is one cache round trip and no SQL.

Only the query parameters a page reads make a variant of it: its view
declares them with `@query_params("q", "page", ...)`. A request for such a
page with any other parameter (`?utm_source=…`, `?x=<random>`) is redirected
to the URL without them, rather than served under a key that ignores them,
because pages echo their query string into links (pagination, the language
switch): a page rendered for `?x=evil` must not be served for the bare URL.
A page whose view declares nothing is cached only without a query string.
Of the variants with a query, at most PAGE_CACHE_VARIANTS are stored per path
and content generation; beyond that a page is rendered but not stored, so
made-up values of real parameters (`?q=<random>`) cannot fill the cache.

What is never cached: requests with a session cookie (logged-in staff, or
anyone with messages), anything below /intern/, /accounts/, /admin/, the
health check, non-200 responses, streaming responses, responses that set a
cookie, use the CSRF token, vary on something we do not key on, or say
private / no-store.

Invalidation is by a content generation: one cache entry holds a random token
that every save or delete of a model of the content apps replaces; each cached
page remembers the token it was rendered under and only counts as a hit while
the token is unchanged. So a publish, an edit, an archive, a partner's profile,
an accession, an event or a legal text is visible at once, on every worker.
The token is replaced at once and again when the transaction commits, so a
page rendered from the old data in between is never kept. Model signals are
used here on purpose: this is cache infrastructure that must see every write
wherever it happens (views, services, the admin, commands), not a business
side effect. Writes that bypass signals (QuerySet.update, bulk_create) are
covered by the entry's lifetime (PAGE_CACHE_SECONDS); call `bump_generation()`
after such writes when the public pages must change at once.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re
from django.utils.http import urlencode

GENERATION_KEY = "pagecache:generation"
KEY_PREFIX = "pagecache:page:"
VARIANTS_PREFIX = "pagecache:variants:"
NEVER_CACHED_PREFIXES = ("/intern/", "/accounts/", "/admin/", "/healthz", "/static/", "/media/")
# Vary headers the cache key covers: there is no session cookie (checked before
# the lookup), the language and the htmx flag are part of the key.
KEYED_VARY = {"cookie", "accept-language", "hx-request"}
# Read by middleware on every page (core.middleware.LanguageQueryParameterMiddleware).
SITE_WIDE_PARAMS = frozenset({"language"})

# Which models public pages show is declared by the apps: an AppConfig with
# `public_content = True` has every model invalidate every cached page on save
# or delete (a broad net on purpose: an invalidation too many costs one page
# render, one too few shows stale content), except the model names in its
# `private_models`, which no public page shows.
# Saves that only touch these fields are bookkeeping (a login), not content.
BOOKKEEPING_FIELDS = {"last_login"}


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def bump_generation() -> None:
    """Make every cached page stale (now, on every worker)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def generation() -> str:
    """The content generation now: a key part for fragments that show other content
    (one cache read; every content change replaces it)."""
    return current_generation(cache.get(GENERATION_KEY))


def current_generation(stored: str | None) -> str:
    if stored:
        return stored
    generation = uuid.uuid4().hex
    if cache.add(GENERATION_KEY, generation, None):
        return generation
    return cache.get(GENERATION_KEY) or generation


def query_params(*names: str) -> Callable:
    """Declare the query parameters a public page reads: its variants in the page cache.

        @public
        @query_params(*ProjectFilter.base_filters, "page")
        @require_safe
        def project_list(request): ...

    `@query_params()` with no names says the page reads none. See the module docstring.
    """

    def declare(view: Callable) -> Callable:
        view.page_cache_params = frozenset(names) | SITE_WIDE_PARAMS  # type: ignore[attr-defined]
        return view

    return declare


def declared_params(request: HttpRequest) -> frozenset[str] | None:
    """The parameters the view of this URL reads, or None when it does not say."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return getattr(match.func, "page_cache_params", None)


def _canonical_redirect(request: HttpRequest, allowed: frozenset[str]) -> HttpResponse:
    kept = [(name, value) for name, value in request.GET.lists() if name in allowed]
    query = urlencode(kept, doseq=True)
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))


def _admit_variant(request: HttpRequest, generation: str) -> bool:
    """Count one more stored variant of this path; False once the bound is reached."""
    path = hashlib.sha256(f"{request.get_host()}\x1f{request.path}".encode()).hexdigest()[:32]
    key = f"{VARIANTS_PREFIX}{generation}:{path}"
    if cache.add(key, 1, settings.PAGE_CACHE_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, settings.PAGE_CACHE_SECONDS)
        return True
    return count <= settings.PAGE_CACHE_VARIANTS


def _is_content_model(model) -> bool:
    meta = model._meta
    config = meta.app_config
    return getattr(config, "public_content", False) and meta.model_name not in getattr(
        config, "private_models", ()
    )


def _content_changed(sender, **kwargs) -> None:
    if not _is_content_model(sender):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    bump_generation()
    # Again after the commit: a request that rendered the old data meanwhile
    # stored its page under the generation that is replaced here.
    transaction.on_commit(bump_generation)


def _relation_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _content_changed(type(instance))


def connect_signals() -> None:
    """Called once from CoreConfig.ready()."""
    post_save.connect(_content_changed, dispatch_uid="pagecache-save")
    post_delete.connect(_content_changed, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_relation_changed, dispatch_uid="pagecache-m2m")


def page_key(request: HttpRequest) -> str:
    query = sorted((name, values) for name, values in request.GET.lists())
    parts = [
        request.scheme or "",
        request.get_host(),
        request.path,
        repr(query),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        "htmx" if request.headers.get("HX-Request") == "true" else "page",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return KEY_PREFIX + digest


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        enabled()
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page asked for the CSRF token (a form): it must not be shared.
    if "CSRF_COOKIE_NEEDS_UPDATE" in request.META:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= KEYED_VARY


class PageCacheMiddleware:
    """Serve public pages to anonymous visitors from the shared cache.

    Sits after the locale middleware (the language is part of the key) and
    before everything that depends on the user; see the module docstring.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        if request.GET:
            allowed = declared_params(request)
            if allowed is None:  # the page did not say which parameters it reads
                return self.get_response(request)
            if not set(request.GET) <= allowed:
                return _canonical_redirect(request, allowed)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = current_generation(found.get(GENERATION_KEY))
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _generation, content, headers = entry
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            if request.GET and not _admit_variant(request, generation):
                response["X-Cache"] = "bypass"  # this path has all the variants it may keep
                return response
            headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
            cache.set(key, (generation, response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        return response
