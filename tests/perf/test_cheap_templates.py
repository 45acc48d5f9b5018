"""The cheap showcase cards show what Django's own helpers would (core/choices.py)."""

import pytest
from django.utils import translation

from projects.models import Project
from tests.projects.factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db


def test_the_showcase_card_shows_status_and_kind_in_german(client):
    project = PublishedProjectFactory(status=Project.Status.OPERATION, kind=Project.Kind.JOINT)
    html = client.get("/projekte/").content.decode()
    with translation.override("de"):
        assert project.get_status_display() in html
        assert project.get_kind_display() in html


def test_the_filters_keep_the_chosen_option_and_partner(client):
    project = PublishedProjectFactory(status=Project.Status.IDEA)
    html = client.get(f"/projekte/?status=idea&partner={project.lead_partner.slug}").content
    assert b'<option value="idea" selected>' in html
    # The partner is a text field (issue 21): it shows the chosen partner's name.
    assert f'name="partner" value="{project.lead_partner.name}"'.encode() in html
    assert b'<option value="planning">' in html
