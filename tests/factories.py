"""Factories shared by every app's tests. App-specific factories live in
tests/<app>/factories.py and may build on these."""

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
