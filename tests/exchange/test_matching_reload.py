"""After a change a process reads only the changed rows of the matching index, and gets
the same suggestions as a process that reads it in full."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exchange.matching import Query, engine, suggest_projects
from exchange.matching.engine import corpus, forget_corpus
from exchange.models import ProjectMatchEntry
from partners.models import Partner
from projects.models import PublicationState
from tests.factories import PartnerFactory
from tests.projects.factories import PublishedProjectFactory

pytestmark = pytest.mark.django_db

QUERIES = ["Telemedizin im Landkreis", "Starkregen Warnung", "Bürgerportal Anträge", "Radwege"]


@pytest.fixture
def district():
    return PartnerFactory(name="Landkreis Bedarfsland", kind=Partner.Kind.DISTRICT)


@pytest.fixture
def projects():
    town = PartnerFactory(name="Stadt Lösungshausen", kind=Partner.Kind.TOWN)
    texts = [
        ("Videosprechstunde im Gesundheitsamt", "Beratung per Video für Dörfer."),
        ("Starkregenvorsorge", "Sensoren warnen vor Überflutung."),
        ("Bürgerportal", "Anträge online rund um die Uhr stellen."),
        ("Radverkehrskonzept", "Sichere Radwege zwischen den Ortsteilen."),
        ("Telemedizin in Pflegeheimen", "Ärzte beraten per Video."),
        ("Hochwasserwarnung", "Pegel melden steigendes Wasser."),
    ]
    return [
        PublishedProjectFactory(lead_partner=town, title=title, summary=summary)
        for title, summary in texts
    ]


def _ranking(district):
    return {
        text: [(s.obj.slug, s.score) for s in suggest_projects(Query(title=text, partner=district))]
        for text in QUERIES
    }


def _fresh_ranking(district):
    forget_corpus()
    return _ranking(district)


@pytest.fixture
def lenient(monkeypatch):
    """Small test corpora move the average length a lot; allow it, to test the update."""
    monkeypatch.setattr(engine, "AVGDL_TOLERANCE", 10.0)


def test_changes_are_read_incrementally_and_rank_as_a_full_read(district, projects, lenient):
    _ranking(district)
    full = engine.loads["full"]
    incremental = engine.loads["incremental"]
    town = projects[0].lead_partner
    PublishedProjectFactory(lead_partner=town, title="Telemedizin-Netz", summary="Video.")
    projects[1].title = "Regenwarnung per SMS"
    projects[1].save()
    projects[2].publication_state = PublicationState.ARCHIVED
    projects[2].save()
    projects[3].delete()
    updated = _ranking(district)
    assert engine.loads["full"] == full
    assert engine.loads["incremental"] == incremental + 1
    fresh = _fresh_ranking(district)
    for text in QUERIES:
        assert [slug for slug, _score in updated[text]] == [slug for slug, _ in fresh[text]]
        for (_slug, score), (_same, fresh_score) in zip(updated[text], fresh[text], strict=True):
            assert score == pytest.approx(fresh_score, rel=0.1)


def test_an_update_reads_only_the_changed_rows(district, projects, lenient):
    _ranking(district)
    projects[0].summary = "Beratung per Video, auch am Abend."
    projects[0].save()
    with CaptureQueriesContext(connection) as captured:
        corpus()
    terms_read = [q["sql"] for q in captured if '"terms"' in q["sql"]]
    assert len(terms_read) == 1
    assert "IN (" in terms_read[0]  # the one changed row, not the whole index


def test_a_reader_keeps_its_corpus_while_the_next_is_built(district, projects, lenient):
    before = corpus()
    gone = projects[4].pk
    projects[4].delete()
    after = corpus()
    assert after is not before
    assert gone in before.slots and gone not in after.slots
    assert any(before.slots[gone] in posting for posting in before.postings.values())


def test_a_kind_change_of_a_partner_is_seen_without_a_full_read(district, projects, lenient):
    corpus()
    full = engine.loads["full"]
    district.kind = Partner.Kind.TOWN
    district.save()
    assert corpus().kinds[district.pk] == Partner.Kind.TOWN
    assert engine.loads["full"] == full


def test_a_large_drift_of_the_lengths_reads_the_index_in_full(district, projects):
    corpus()
    full = engine.loads["full"]
    town = projects[0].lead_partner
    for number in range(6):
        PublishedProjectFactory(
            lead_partner=town,
            title=f"Ein sehr langer Titel {number}",
            description=" ".join(f"Wort{number}x{i}" for i in range(60)),
        )
    corpus()
    assert engine.loads["full"] == full + 1
    assert corpus().size == ProjectMatchEntry.objects.count()
