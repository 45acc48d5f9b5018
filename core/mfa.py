"""The one condition for every office and superuser right: a session that passed MFA.

A person who holds the office role (the group `PROJECT_OFFICE_GROUP`) or is a
superuser has those rights only when an authenticator is set up and the
session passed allauth's MFA step with it; before that they have the rights of
an account without a partner. `partners.rules.is_office_or_superuser` and
`partners.models.User.has_perm` are built on `has_verified_mfa` and
`is_verified_superuser`; core.permissions re-exports them.

This module imports no model and nothing of django.contrib.auth at its top, so
the user model can import it; allauth's modules need the user model and are
imported where they are used.
"""

import rules

# Set on the user object of a request (note_mfa_session) or of work started from
# such a request (vouch_for_mfa); read by has_verified_mfa.
_MFA_IN_SESSION = "_mfa_in_session"
_MFA_VERIFIED = "_mfa_verified"


def session_passed_mfa(request) -> bool:
    """allauth recorded an MFA step (at login or re-authentication) for this user and session."""
    from allauth.account.internal.flows.login import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def note_mfa_session(request) -> None:
    """Tell the rules whether this request's session passed MFA (RequireMFAForOfficeMiddleware)."""
    user = request.user
    if user.is_authenticated:
        setattr(user, _MFA_IN_SESSION, session_passed_mfa(request))
        if hasattr(user, _MFA_VERIFIED):
            delattr(user, _MFA_VERIFIED)


def vouch_for_mfa(user):
    """Let the rules treat this user object as from a session that passed MFA.

    Only for work on the server's own authority, outside any web session: a
    background task that an MFA-verified request started (acting for the person
    who started it), or a management command an operator runs (the demo data).
    The role itself is still asked by the rules. Never call it in a request.
    """
    setattr(user, _MFA_IN_SESSION, True)
    setattr(user, _MFA_VERIFIED, True)
    return user


def trust_private_address(user):
    """Let a private address stand in for the MFA session of the person it names.

    For the signed feed addresses that are handed out only on pages guarded by
    MFA (calendar programs send no cookies, so no session exists). Unlike
    `vouch_for_mfa` the person must still have an authenticator, and the rules
    still ask the role: an address stops working when either is gone.
    """
    setattr(user, _MFA_IN_SESSION, True)
    if hasattr(user, _MFA_VERIFIED):
        delattr(user, _MFA_VERIFIED)
    return user


@rules.predicate
def has_verified_mfa(user) -> bool:
    """An authenticator is set up and the session passed the MFA step with it.

    The one condition under which office and superuser rights apply. A user
    object from no request (a management command, a task, a calendar token)
    has passed nothing and holds no such right unless vouched for. Asked once
    per user object (one query, and only for people with an office role).
    """
    if not user.is_authenticated or not getattr(user, _MFA_IN_SESSION, False):
        return False
    verified = getattr(user, _MFA_VERIFIED, None)
    if verified is None:
        from allauth.mfa.models import Authenticator

        verified = (
            Authenticator.objects.filter(user=user)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
            .exists()
        )
        setattr(user, _MFA_VERIFIED, verified)
    return verified


@rules.predicate
def is_verified_superuser(user) -> bool:
    """A superuser whose session passed MFA: only then are they more than an account."""
    return user.is_authenticated and user.is_active and user.is_superuser and has_verified_mfa(user)
