"""get_FOO_display() through core.choices.ChoiceLabels: the label, in the active language."""

import pytest
from django.db.models import Model
from django.utils import translation

from projects.models import Project
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_label_follows_the_active_language():
    project = ProjectFactory(status=Project.Status.IMPLEMENTATION)
    with translation.override("de"):
        german = project.get_status_display()
    with translation.override("en"):
        english = project.get_status_display()
    assert english == "Implementation"
    assert german == "Umsetzung"


def test_a_value_outside_the_choices_is_shown_as_it_is():
    project = Project(status="unbekannt")
    assert project.get_status_display() == "unbekannt"


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_label_is_the_one_django_itself_shows(language):
    fields = [field for field in Project._meta.concrete_fields if field.choices]
    assert fields
    with translation.override(language):
        for field in fields:
            for value in [*dict(field.flatchoices), "unbekannt"]:
                project = Project(**{field.attname: value})
                assert project._get_FIELD_display(field) == Model._get_FIELD_display(project, field)
