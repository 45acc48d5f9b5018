"""Authentication backends whose permissions come from django-rules only.

Every permission in the portal is a rule (partners/rules.py and each app's
rules.py); Django's permission tables are not used. Django's ModelBackend
(and allauth's backend built on it) would still read those tables on the
first permission check of every request: two queries that can only ever find
nothing. These subclasses keep authentication and leave permissions to the
rules backend. Superusers have every permission once their session passed MFA
(partners.models.User.has_perm, core.mfa).
"""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends


class _PermissionsFromRulesOnly:
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        return (
            super()
            .with_perm(perm, is_active=is_active, include_superusers=include_superusers, obj=obj)
            .filter(is_superuser=True)
        )


class ModelBackend(_PermissionsFromRulesOnly, django_backends.ModelBackend):
    """Django's backend (password login for tests and the admin), permissions from rules."""


class AuthenticationBackend(_PermissionsFromRulesOnly, allauth_backends.AuthenticationBackend):
    """allauth's backend (login by e-mail), permissions from rules."""
