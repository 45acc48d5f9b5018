"""The note of demo content ("Dies ist ein Demo-Projekt für Testzwecke; …") is no matching term."""

import pytest

from exchange.demo import DEMO_NOTE as NEED_NOTE
from exchange.matching import Query, suggest_needs, suggest_projects
from exchange.matching.text import content_words, stem
from exchange.models import ProjectMatchEntry
from projects.demo import DEMO_NOTE as PROJECT_NOTE
from tests.exchange.factories import OpenNeedFactory
from tests.factories import PartnerFactory
from tests.projects.factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db

NOTE_WORDS = ("testzwecke", "beschreibt", "reales", "realen", "keinen")


@pytest.mark.parametrize("note", [PROJECT_NOTE, NEED_NOTE])
def test_the_demo_notes_give_no_words(note):
    words = content_words(f"Bürgerportal für alle.\n\n*{note}*")
    assert words == ["bürgerportal"]


def test_a_demo_project_is_indexed_without_its_note():
    project = PublishedProjectFactory(
        title="Bürgerportal", description=f"Anträge online stellen.\n\n*{PROJECT_NOTE}*"
    )
    terms = ProjectMatchEntry.objects.get(pk=project.pk).terms
    assert stem("anträge") in terms
    assert not {stem(word) for word in NOTE_WORDS} & set(terms)


def test_a_query_of_the_notes_words_finds_no_demo_project():
    PublishedProjectFactory(
        title="Bürgerportal", description=f"Anträge online stellen.\n\n*{PROJECT_NOTE}*"
    )
    query = Query(title="Testzwecke", text="beschreibt reales Vorhaben", partner=PartnerFactory())
    assert suggest_projects(query) == []


def test_two_demo_needs_are_not_alike_by_their_notes():
    other = OpenNeedFactory(
        title="Winterdienst planen", description=f"Streufahrzeuge steuern.\n\n*{NEED_NOTE}*"
    )
    query = Query(
        title="Sitzungsdienst",
        text=f"Ratssitzungen digital vorbereiten.\n\n*{NEED_NOTE}*",
        partner=PartnerFactory(),
    )
    assert suggest_needs(query, [other]) == []
