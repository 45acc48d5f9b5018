"""Every page type of the admin, generated from the models registered on the site.

For each model in `admin.site._registry` the suite opens its change list, its
add form and the change form of one object of the test world, as the project
office where the office may, otherwise as the superuser. A newly registered
model is covered without an edit here; if the world has no object of it, or
nobody may open its change list, `admin_pages()` reports that as a problem and
the test fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from core.permissions import vouch_for_mfa

from .routes import OFFICE, SUPERUSER

# Who opens admin pages: the office first (its daily work), the superuser for
# what only the superuser may open.
ADMIN_PERSONAS = (OFFICE, SUPERUSER)

CHANGELIST, ADD, CHANGE = "changelist", "add", "change"


@dataclass(frozen=True)
class AdminPage:
    label: str  # app_label.model_name
    kind: str  # changelist, add or change
    path: str
    persona: str
    languages: tuple[str, ...] = ("de",)

    @property
    def name(self) -> str:
        return f"admin:{self.label.replace('.', '_')}_{self.kind}"


def _registry() -> list:
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)


def admin_page_keys() -> list[tuple[str, str]]:
    """(label, kind) of every page `admin_pages()` opens, known before any data exists,
    so that each page is a test of its own: the change list and the change form of every
    registered model, and its add form unless even the superuser may not add (rows only
    the portal writes). The superuser here is an unsaved one, for whom `has_perm` is
    always true; test_admin.py checks that the world's pages are exactly these.
    """
    superuser = get_user_model()(is_active=True, is_staff=True, is_superuser=True)
    request = _request_as(vouch_for_mfa(superuser))  # past MFA, as a superuser at work
    keys = []
    for model, model_admin in _registry():
        label = model._meta.label_lower
        keys.append((label, CHANGELIST))
        if model_admin.has_add_permission(request):
            keys.append((label, ADD))
        keys.append((label, CHANGE))
    return keys


def _request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _first_allowed(requests: dict, allowed) -> str | None:
    for persona in ADMIN_PERSONAS:
        if allowed(requests[persona]):
            return persona
    return None


def admin_pages(world: dict) -> tuple[list[AdminPage], list[str]]:
    """(pages to open, problems): three pages per registered model where they exist.

    English is checked on a representative set: the first change list of each
    app and the first add form of the whole site.
    """
    requests = {persona: _request_as(world[persona]) for persona in ADMIN_PERSONAS}
    pages: list[AdminPage] = []
    problems: list[str] = []
    english_apps: set[str] = set()
    english_add = False
    for model, model_admin in _registry():
        label = model._meta.label_lower
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        persona = _first_allowed(requests, model_admin.has_view_or_change_permission)
        if persona is None:
            problems.append(f"{label}: neither the office nor the superuser may open it")
            continue
        languages = ("de",) if model._meta.app_label in english_apps else ("de", "en")
        english_apps.add(model._meta.app_label)
        pages.append(
            AdminPage(label, CHANGELIST, reverse(f"{prefix}_changelist"), persona, languages)
        )
        add_persona = _first_allowed(requests, model_admin.has_add_permission)
        if add_persona is not None:  # some rows are only written by the portal itself
            languages = ("de",) if english_add else ("de", "en")
            english_add = True
            pages.append(AdminPage(label, ADD, reverse(f"{prefix}_add"), add_persona, languages))
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            problems.append(f"{label}: the test world has no row (add one in world.py)")
            continue
        change_persona = _first_allowed(
            requests, partial(model_admin.has_view_or_change_permission, obj=obj)
        )
        if change_persona is None:
            problems.append(f"{label}: nobody may open the change form of {obj!r}")
            continue
        try:
            path = reverse(f"{prefix}_change", args=[obj.pk])
        except NoReverseMatch:
            problems.append(f"{label}: no change URL")
            continue
        pages.append(AdminPage(label, CHANGE, path, change_persona))
    return pages, problems


def generated_admin_pattern_names() -> list[str]:
    """The URL pattern names `admin_pages()` opens for the registered models."""
    return [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}"
        for model in admin.site._registry
        for kind in (CHANGELIST, ADD, CHANGE)
    ]
