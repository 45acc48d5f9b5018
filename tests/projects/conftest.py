"""Fixtures of the project import's tests (test_import.py, test_import_*.py)."""

import pytest

from tests.factories import PartnerFactory
from tests.projects.factories import FieldOfActionFactory


@pytest.fixture
def setting(db):
    FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    FieldOfActionFactory(name="Bildung", slug="bildung")
    return {
        "partner": PartnerFactory(
            name="Landkreis Teltow-Fläming", slug="landkreis-teltow-flaeming"
        ),
        "other": PartnerFactory(name="Stadt Luckenwalde", slug="stadt-luckenwalde"),
    }


@pytest.fixture
def oncommit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once when enqueued (test_import_progress.py also runs the real worker)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
