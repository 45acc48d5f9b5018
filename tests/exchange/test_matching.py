"""The matching engine (issue #17, scope 2): analysis, ranking, reasons, index upkeep."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from exchange.directions import direction
from exchange.matching import Query, suggest_experts, suggest_needs, suggest_projects
from exchange.matching.index import refresh
from exchange.matching.text import analyse, expand, split_compound, stem, thesaurus
from exchange.models import ProjectMatchEntry
from partners.models import Partner
from projects.models import Participation, Project, PublicationState, TransferInterest
from tests.factories import PartnerFactory
from tests.projects.factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return PartnerFactory(name="Landkreis Bedarfsland", kind=Partner.Kind.DISTRICT)


@pytest.fixture
def town():
    return PartnerFactory(name="Stadt Lösungshausen", kind=Partner.Kind.TOWN)


def slugs(suggestions):
    return [s.obj.slug for s in suggestions]


# --- Text analysis ---------------------------------------------------------------


def test_stemming_joins_the_forms_of_a_word():
    assert stem("sprechstunden") == stem("sprechstunde")
    assert stem("überflutungen") == stem("überflutung")


def test_compounds_split_into_known_words_with_linking_elements():
    vocabulary = {"video", "sprechstunde", "verwaltung", "daten"}
    assert split_compound("videosprechstunde", vocabulary) == ["video", "sprechstunde"]
    assert split_compound("videosprechstunden", vocabulary) == ["video", "sprechstunden"]
    assert split_compound("verwaltungsdaten", vocabulary) == ["verwaltung", "daten"]
    assert split_compound("verwaltung", vocabulary) == []  # a known simple word stays whole


def test_the_thesaurus_relates_domain_terms():
    analysis = expand(analyse("Telemedizin für Dörfer"))
    assert stem("videosprechstunde") in analysis.weights
    assert analysis.related[stem("videosprechstunde")] == "Telemedizin"
    assert thesaurus().groups  # the curated file is read


def test_directions_follow_the_partner_kinds():
    assert direction("stadt", "gemeinde") == Project.TransferDirection.URBAN_TO_RURAL
    assert direction("landkreis", "landeshauptstadt") == Project.TransferDirection.RURAL_TO_URBAN
    assert direction("stadt", "stadt") is None
    assert direction("unternehmen", "gemeinde") is None


# --- Ranking -----------------------------------------------------------------------


def test_a_compound_in_the_need_meets_the_separate_words_of_a_project(district, town):
    PublishedProjectFactory(
        slug="video",
        title="Sprechstunde per Video",
        summary="Beratung am Bildschirm.",
        lead_partner=town,
    )
    PublishedProjectFactory(slug="andere", title="Radwege", lead_partner=town)
    found = suggest_projects(Query(title="Videosprechstunde", partner=district))
    assert slugs(found)[0] == "video"


def test_separate_words_in_the_need_meet_a_compound_of_a_project(district, town):
    PublishedProjectFactory(
        slug="video",
        title="Videosprechstunde im Rathaus",
        summary="Termine am Bildschirm.",
        lead_partner=town,
    )
    PublishedProjectFactory(slug="andere", title="Radwege", lead_partner=town)
    found = suggest_projects(Query(title="Sprechstunde per Video", partner=district))
    assert slugs(found)[0] == "video"


def test_a_synonym_from_the_thesaurus_finds_the_project_and_says_so(district, town):
    PublishedProjectFactory(slug="video", title="Videosprechstunde für Dörfer", lead_partner=town)
    found = suggest_projects(Query(title="Telemedizin", partner=district))
    assert slugs(found) == ["video"]
    with translation.override("en"):
        found = suggest_projects(Query(title="Telemedizin", partner=district))
    assert any("related to Telemedizin" in reason for reason in found[0].reasons)


def test_a_typo_is_corrected_to_a_word_of_the_projects(district, town):
    PublishedProjectFactory(slug="flut", title="Überflutungswarnung", lead_partner=town)
    with translation.override("en"):
        found = suggest_projects(Query(title="Überflutungswarnnug", partner=district))
    assert slugs(found) == ["flut"]
    assert any(
        "Überflutungswarnung (for Überflutungswarnnug)" in reason for reason in found[0].reasons
    )


def test_each_kind_of_reason(district, town):
    field = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    project = PublishedProjectFactory(
        slug="tele",
        title="Telemedizin im Dorf",
        lead_partner=town,
        maturity=Project.Maturity.REGULAR_OPERATION,
        fields=[field],
    )
    # adopted by another district (a partner of the need's kind)
    adopter = PartnerFactory(name="Landkreis Nachnutzer", kind=Partner.Kind.DISTRICT)
    TransferInterest.objects.create(
        project=project, partner=adopter, message="x", status=TransferInterest.Status.ADOPTED
    )
    with translation.override("en"):
        [found] = suggest_projects(
            Query(title="Telemedizin", text="", partner=district, fields=[field])
        )
    assert found.reasons == [
        "Shared field of action: Gesundheit.",
        "Matching term: Telemedizin.",
        "Proven: in regular operation.",
        "Already adopted by a partner of the same kind (District (Landkreis)).",
        "Transfer urban → rural: a town's solution for a rural partner.",
    ]


def test_the_need_partners_own_projects_are_left_out(district, town):
    PublishedProjectFactory(slug="eigen", title="Telemedizin", lead_partner=district)
    joint = PublishedProjectFactory(slug="gemeinsam", title="Telemedizin", lead_partner=town)
    Participation.objects.create(project=joint, partner=district, role=Participation.Role.PARTNER)
    PublishedProjectFactory(slug="fremd", title="Telemedizin", lead_partner=town)
    assert slugs(suggest_projects(Query(title="Telemedizin", partner=district))) == ["fremd"]


def test_unpublished_projects_are_left_out(district, town):
    ProjectFactory(slug="entwurf", title="Telemedizin", lead_partner=town)
    archived = PublishedProjectFactory(slug="archiv", title="Telemedizin", lead_partner=town)
    PublishedProjectFactory(slug="online", title="Telemedizin", lead_partner=town)
    archived.publication_state = PublicationState.ARCHIVED
    archived.save()
    assert slugs(suggest_projects(Query(title="Telemedizin", partner=district))) == ["online"]


def test_an_empty_or_huge_query_is_no_error(district, town):
    PublishedProjectFactory(slug="tele", title="Telemedizin", lead_partner=town)
    assert suggest_projects(Query(title="", text="", partner=district)) == []
    huge = "Telemedizin " * 50_000
    assert slugs(suggest_projects(Query(title="x", text=huge, partner=district))) == ["tele"]


# --- Index freshness ---------------------------------------------------------------


def test_a_save_through_the_orm_updates_the_index(district, town):
    project = PublishedProjectFactory(slug="p", title="Radwege", lead_partner=town)
    assert slugs(suggest_projects(Query(title="Telemedizin", partner=district))) == []
    project.title = "Telemedizin"  # as the admin, a service or the shell saves it
    project.save()
    assert slugs(suggest_projects(Query(title="Telemedizin", partner=district))) == ["p"]


def test_fields_and_participants_changed_later_reach_the_index(district, town):
    field = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    project = PublishedProjectFactory(slug="p", title="Rufbus", lead_partner=town)
    project.fields_of_action.add(field)
    assert ProjectMatchEntry.objects.get(project=project).field_ids == [field.pk]
    Participation.objects.create(project=project, partner=district)
    assert district.pk in ProjectMatchEntry.objects.get(project=project).partner_ids
    assert suggest_projects(Query(title="Rufbus", partner=district)) == []


def test_bulk_writes_are_caught_up_by_the_refresh(district, town):
    Project.objects.bulk_create(
        [
            Project(
                slug="bulk",
                title="Telemedizin",
                summary="s",
                lead_partner=town,
                publication_state=PublicationState.PUBLISHED,
                published_at=timezone.now(),
            )
        ]
    )
    assert not ProjectMatchEntry.objects.filter(project__slug="bulk").exists()
    written, removed = refresh()
    assert (written, removed) == (1, 0)
    Project.objects.filter(slug="bulk").update(title="Radwege", updated_at=timezone.now())
    refresh()
    assert suggest_projects(Query(title="Telemedizin", partner=district)) == []
    Project.objects.filter(slug="bulk").update(publication_state=PublicationState.ARCHIVED)
    assert refresh() == (0, 1)


# --- Constant queries ---------------------------------------------------------------


def _queries(partner, count):
    for number in range(count):
        PublishedProjectFactory(
            slug=f"p{count}-{number}",
            title=f"Telemedizin {number}",
            lead_partner=PartnerFactory(name=f"Stadt {count}-{number}", kind="stadt"),
        )
    from exchange.matching.engine import forget_corpus

    forget_corpus()
    with CaptureQueriesContext(connection) as cold:
        suggest_projects(Query(title="Telemedizin", partner=partner))
    with CaptureQueriesContext(connection) as warm:
        suggest_projects(Query(title="Telemedizin", partner=partner))
    return len(cold), len(warm)


def test_the_number_of_queries_does_not_grow_with_the_projects(district):
    few = _queries(district, 3)
    ProjectMatchEntry.objects.all().delete()
    many = _queries(district, 25)
    assert few == many
    assert many[1] < many[0] <= 6


# --- Needs ------------------------------------------------------------------------


class NeedLike:
    """What suggest_needs reads of a need (duck-typed, as exchange.Need will be)."""

    def __init__(self, pk, title, description, partner, fields=()):
        self.pk, self.title, self.description = pk, title, description
        self.partner, self.partner_id, self.fields_of_action = partner, partner.pk, list(fields)


def test_needs_of_other_partners_that_are_the_same_are_suggested(district, town):
    other = PartnerFactory(name="Landkreis Auchbedarf", kind=Partner.Kind.DISTRICT)
    candidates = [
        NeedLike(1, "Videosprechstunde fürs Sozialamt", "", other),
        NeedLike(2, "Radwege beleuchten", "", town),
        NeedLike(3, "Videosprechstunde", "unsere eigene", district),
    ]
    with translation.override("en"):
        found = suggest_needs(Query(title="Telemedizin im Amt", partner=district), candidates)
    assert [s.obj.pk for s in found] == [1]
    assert found[0].kind == "need"
    assert "Stated by a partner of the same kind (District (Landkreis))." in found[0].reasons


# --- The command --------------------------------------------------------------------


def test_match_need_prints_the_ranking_as_json(district, town):
    field = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    PublishedProjectFactory(slug="tele", title="Videosprechstunde", lead_partner=town)
    PublishedProjectFactory(slug="rad", title="Radwege", lead_partner=town, fields=[field])
    out = StringIO()
    call_command(
        "match_need",
        "--title", "Telemedizin",
        "--text", "Ärztliche Beratung für Dörfer",
        "--partner", district.slug,
        "--field", "gesundheit",
        "--json",
        stdout=out,
    )  # fmt: skip
    rows = json.loads(out.getvalue())
    assert [row["project"] for row in rows] == ["tele", "rad"]
    assert all(set(row) == {"project", "score", "reasons"} for row in rows)
    assert rows[0]["score"] > rows[1]["score"]
    assert all(isinstance(row["score"], float) and row["reasons"] for row in rows)


def test_match_need_refuses_unknown_partner_and_field(district):
    with pytest.raises(CommandError, match="No partner"):
        call_command("match_need", "--title", "x", "--partner", "niemand")
    with pytest.raises(CommandError, match="Unknown field"):
        call_command("match_need", "--title", "x", "--partner", district.slug, "--field", "nix")


# --- Experts ------------------------------------------------------------------------


def test_experts_who_consented_are_suggested_by_field_and_words(district):
    from community.models import Expert

    field = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    now = timezone.now()

    def expert(name, expertise, **consent):
        person = Expert.objects.create(
            name=name, sector=Expert.Sector.SCIENCE, expertise=expertise, **consent
        )
        person.fields_of_action.add(field)
        return person

    expert("Dr. Intern", "Telemedizin, Videosprechstunde", internal_consent_at=now)
    expert(
        "Prof. Öffentlich",
        "Telemedizin",
        internal_consent_at=now,
        public_consent_at=now,
    )
    expert("Ohne Zustimmung", "Telemedizin")
    expert("Zurückgezogen", "Telemedizin", internal_consent_at=now, withdrawn_at=now)
    query = Query(title="Videosprechstunde", partner=district, fields=[field])
    with translation.override("en"):
        internal = suggest_experts(query)
        public = suggest_experts(query, public=True)
    assert [s.obj.name for s in internal] == ["Dr. Intern", "Prof. Öffentlich"]
    assert internal[0].kind == "expert"
    assert "Shared field of action: Gesundheit." in internal[0].reasons
    assert [s.obj.name for s in public] == ["Prof. Öffentlich"]


def test_a_published_project_with_partners_can_be_deleted(
    district, town, django_capture_on_commit_callbacks
):
    project = PublishedProjectFactory(slug="weg", title="Telemedizin", lead_partner=town)
    Participation.objects.create(project=project, partner=district)
    with django_capture_on_commit_callbacks(execute=True):
        project.delete()
    assert not ProjectMatchEntry.objects.exists()


def test_a_participation_removed_reaches_the_index(
    district, town, django_capture_on_commit_callbacks
):
    project = PublishedProjectFactory(slug="p", title="Telemedizin", lead_partner=town)
    joined = Participation.objects.create(project=project, partner=district)
    assert suggest_projects(Query(title="Telemedizin", partner=district)) == []
    with django_capture_on_commit_callbacks(execute=True):
        joined.delete()
    assert slugs(suggest_projects(Query(title="Telemedizin", partner=district))) == ["p"]


def test_the_suggestions_template_lists_projects_with_their_reasons(district, town):
    from django.template.loader import render_to_string

    PublishedProjectFactory(slug="tele", title="Videosprechstunde", lead_partner=town)
    with translation.override("de"):
        suggestions = suggest_projects(Query(title="Telemedizin", partner=district))
        html = render_to_string(
            "exchange/includes/suggestions.html",
            {"suggestions": suggestions, "heading": "Passende Lösungen", "heading_id": "loesungen"},
        )
        empty = render_to_string("exchange/includes/suggestions.html", {"suggestions": []})
    assert 'aria-labelledby="loesungen"' in html and ">Passende Lösungen</h2>" in html
    assert 'href="/projekte/tele/"' in html
    assert "Stadt Lösungshausen" in html
    assert '<span class="kern-sr-only">Warum: </span>' in html
    assert "Videosprechstunde (verwandt mit Telemedizin)" in html
    assert "Noch nichts Passendes gefunden." in empty


def test_a_project_withdrawn_behind_the_index_is_not_suggested(district, town):
    PublishedProjectFactory(slug="p", title="Telemedizin", lead_partner=town)
    assert slugs(suggest_projects(Query(title="Telemedizin", partner=district))) == ["p"]
    # update() passes no signal: the index still has the row until the next refresh.
    Project.objects.filter(slug="p").update(publication_state=PublicationState.ARCHIVED)
    assert ProjectMatchEntry.objects.filter(project__slug="p").exists()
    assert suggest_projects(Query(title="Telemedizin", partner=district)) == []
