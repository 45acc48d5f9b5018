"""A user's partner roles and office membership are read in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import User
from partners.rules import all_partner_roles, is_project_office

pytestmark = pytest.mark.django_db


def test_roles_and_office_come_from_one_query_that_sqlite_also_accepts(office, partner_a):
    from tests.factories import MembershipFactory

    MembershipFactory(user=office, partner=partner_a, role="editor")
    user = User.objects.get(pk=office.pk)  # a fresh object, as in a new request
    with CaptureQueriesContext(connection) as queries:
        assert is_project_office(user) is True
        assert all_partner_roles(user) == {partner_a.pk: "editor"}
    assert len(queries.captured_queries) == 1
    # SQLite (make run) refuses ORDER BY inside the parts of a UNION.
    assert "ORDER BY" not in queries.captured_queries[0]["sql"]


def test_a_user_without_office_or_partner_has_neither(partner_a):
    from tests.factories import UserFactory

    user = UserFactory()
    assert is_project_office(user) is False
    assert all_partner_roles(user) == {}
