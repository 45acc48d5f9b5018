"""The permission vocabulary every app shares, and the one way a view asks for a right.

The project office is the group `PROJECT_OFFICE_GROUP`; who belongs to a
partner, and so who holds which right, is decided in `partners.rules`. Apps
below `partners` (core, notifications) and beside it (legal) do not import it:
they ask the named rights `core.access_admin` (the office's right: the admin
panel and every office task) and `core.access_intern` (the internal area),
which `partners.rules` defines.

Every office or superuser right waits for two-factor authentication: it holds
only for a person who has an authenticator and whose session passed allauth's
MFA step (`has_verified_mfa`, the one place that decides it). Before that the
person has the rights of an account without a partner. `partners.rules` builds
the office's right on it and `partners.models.User.has_perm` keeps Django's
"a superuser may do everything" for superusers who passed it.

Every view of the portal wears `permission_required` (below) or `public`;
tests/core/test_permissions.py fails for a view in the URLconf that wears neither.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

import rules
from django.contrib.auth.decorators import login_required
from django.http import Http404
from rules.contrib.views import objectgetter
from rules.contrib.views import permission_required as rules_permission_required

from .mfa import (
    has_verified_mfa,
    is_verified_superuser,
    note_mfa_session,
    trust_private_address,
    vouch_for_mfa,
)

PROJECT_OFFICE_GROUP = "Projektbüro"

__all__ = [
    "PROJECT_OFFICE_GROUP",
    "Access",
    "has_office_rights",
    "has_verified_mfa",
    "is_verified_superuser",
    "note_mfa_session",
    "objectgetter",
    "permission_required",
    "public",
    "trust_private_address",
    "vouch_for_mfa",
]


@rules.predicate
def has_office_rights(user) -> bool:
    """The project office or a superuser, in a session that passed MFA (`core.access_admin`)."""
    return user.is_authenticated and user.has_perm("core.access_admin")


@dataclass(frozen=True)
class Access:
    """What a view asks before it runs; the decorators below set it as `view.access`."""

    perm: str | None = None
    visible: str | None = None
    login: bool = True


PUBLIC = Access(login=False)
# rules' decorator hands `fn` and the view the same arguments, so the object
# `fn` fetched travels from the check to the view on the request, under this name.
_OBJECT = "_permission_object"


def permission_required(
    perm: str | None = None,
    *,
    fn: Callable | None = None,
    visible: str | None = None,
    login: bool = True,
) -> Callable:
    """Let a view run only for whom the rules allow; otherwise answer as STYLE.md says.

    In this order:

    1. An anonymous visitor is sent to the login page (with `next`), unless
       `login=False` (a public page whose object may be internal).
    2. `fn(request, **url_kwargs)` fetches the object: 404 when there is none
       (`objectgetter(queryset, "slug", "slug")` builds one).
    3. `visible`, a rule asked with the object: 404 when it fails, so nothing
       leaks that the object exists.
    4. `perm`, the right asked with the object: 403 when it fails
       (rules.contrib.views.permission_required).

    The view is called as `view(request, obj, **url_kwargs)` with the fetched
    object, so it does not look it up again. Without `fn` the rules are asked
    without an object and the view gets only the URL's arguments; without
    `perm` and `visible` the decorator asks only for a login. A check that
    must come before the object is looked up (the internal area: 403 even for
    an unknown slug) is a second `permission_required` stacked above.

    It stands above the method decorators of a view (`require_POST`, …), so the
    login and the rights are answered first. A check that depends on what the
    view reads or is sent (which state an accession may move to) stays a rule
    call in the view.
    """

    def decorator(view: Callable) -> Callable:
        def fetch(request, *args, **kwargs):
            obj = fn(request, *args, **kwargs) if fn is not None else None
            if visible is not None and not request.user.has_perm(visible, obj):
                raise Http404
            setattr(request, _OBJECT, obj)
            return obj

        @wraps(view)
        def run(request, *args, **kwargs):
            obj = request.__dict__.pop(_OBJECT)
            if fn is None:
                return view(request, *args, **kwargs)
            return view(request, obj, *args, **kwargs)

        checked = rules_permission_required(
            perm if perm is not None else (), fn=fetch, raise_exception=True
        )(run)
        guarded: Any = login_required(checked) if login else checked
        guarded.access = Access(perm=perm, visible=visible, login=login)
        return guarded

    return decorator


View = TypeVar("View")


def public(view: View) -> View:
    """Mark a view (or a view class such as a Feed) that everyone may open.

    It checks nothing: the mark says that nobody forgot to check.
    """
    marked: Any = view
    marked.access = PUBLIC
    return view
