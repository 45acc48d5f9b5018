"""Project.objects.visible_to(user) holds exactly the projects the portal lets the user
read: the published ones, and those the rule `projects.view_internal` allows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from projects.models import Project
from tests.factories import PartnerFactory
from tests.projects.factories import ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona", ["member_a", "editor_a", "admin_b", "office", "superuser", None]
)
def test_the_queryset_agrees_with_the_rule(request, partner_a, partner_b, persona):
    user = request.getfixturevalue(persona) if persona else AnonymousUser()
    other = PartnerFactory()
    projects = [
        PublishedProjectFactory(lead_partner=other),
        ProjectFactory(lead_partner=partner_a),
        ProjectFactory(lead_partner=other),
        ProjectFactory(lead_partner=partner_b),
    ]
    joined = ProjectFactory(lead_partner=other)
    joined.participations.create(partner=partner_a, role="partner")
    projects.append(joined)

    visible = set(Project.objects.visible_to(user).values_list("pk", flat=True))

    for project in projects:
        expected = project.is_published or user.has_perm("projects.view_internal", project)
        assert (project.pk in visible) == expected, (persona, project.title)
