"""The colleagues page and the dashboard panels run a fixed number of queries."""

import pytest
from django.urls import reverse

from partners import services
from partners.models import Membership
from tests.factories import MembershipFactory, PartnerFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _grow(partner, admin, start, count):
    for number in range(start, start + count):
        MembershipFactory(partner=partner, role=Membership.Role.EDITOR)
        services.invite(
            partner=partner, email=f"guest{number}@example.org", role="member", acting_user=admin
        )


def test_the_colleagues_page_does_not_query_per_person(client_of, admin_a, partner_a, mailoutbox):
    client = client_of(admin_a)
    url = reverse("partners_intern:members", args=[partner_a.slug])
    client.get(url)
    _grow(partner_a, admin_a, 0, 2)
    few = count_queries(lambda: client.get(url))
    _grow(partner_a, admin_a, 2, 8)
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_the_dashboard_does_not_query_per_colleague_or_partner(
    client_of, office, admin_a, partner_a, mailoutbox
):
    Membership.objects.create(user=office, partner=partner_a, role=Membership.Role.ADMIN)
    client = client_of(office)
    url = reverse("core:dashboard")
    client.get(url)
    _grow(partner_a, admin_a, 0, 2)
    few = count_queries(lambda: client.get(url))
    _grow(partner_a, admin_a, 2, 8)
    for number in range(5):
        PartnerFactory(name=f"Gemeinde Zuwachs {number}")
    many = count_queries(lambda: client.get(url))
    assert few == many
