"""Factories shared by every app's tests. App-specific factories live in
tests/<app>/factories.py and may build on these."""

import time

import factory
from allauth.account.models import EmailAddress

from core.permissions import vouch_for_mfa
from core.text import german_slugify
from partners.models import Membership, Partner, User
from partners.rules import ensure_project_office_group

PASSWORD = "correct horse battery staple"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Gemeinde Testdorf {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.split(" ", 1)[-1])
    slug = factory.LazyAttribute(lambda o: german_slugify(o.name))
    kind = Partner.Kind.MUNICIPALITY
    federal_state = Partner.FederalState.BRANDENBURG
    hub_role = Partner.HubRole.PARTNER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = Membership.Role.MEMBER


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def fresh_totp_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator's current code, taken with at least 3 s left in its period.

    The server accepts only the current period's code: one taken in a period's
    last moment and checked in the next is refused, which a browser test under
    load (typing, submitting) can hit.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def with_totp(user: User) -> User:
    """Give the user a TOTP authenticator (as after setting up two-factor login)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return user


def make_project_office(user: User, *, mfa: bool = True) -> User:
    """Put the user into the project office; with MFA set up unless mfa=False.

    With MFA the returned object acts as in a session that passed it (a test that
    calls a service with it directly); a test client logged in as the person
    passes it through tests/conftest.py's force_login.
    """
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_project_office_group())
    return vouch_for_mfa(with_totp(user)) if mfa else user
