"""Saved searches tell their owners of newly published projects and newly opened needs.

Once per search and item, whichever way the item became visible (the portal's
steps, the admin, a save through the ORM), only to people who may open it.
"""

import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange import services as need_services
from exchange.alerts.matching import alerting_criteria, match_item
from exchange.alerts.services import _project_item, alert_for_item
from exchange.models import Need, SavedSearch, SavedSearchHit
from notifications.models import DigestItem, Frequency, OutgoingMail
from notifications.services import send_digests
from partners.models import Membership
from projects import services as project_services
from projects.models import Project, PublicationState
from tests.factories import MembershipFactory, PartnerFactory, UserFactory
from tests.projects.factories import FieldOfActionFactory, ProjectFactory
from tests.worker import committed

from .factories import NeedFactory, OpenNeedFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mobility(db):
    return FieldOfActionFactory(name="Mobilität", slug="mobilitaet")


@pytest.fixture
def ludwigsfelde_editor(db):
    town = PartnerFactory(name="Stadt Ludwigsfelde", kind="stadt")
    return MembershipFactory(
        partner=town,
        role=Membership.Role.EDITOR,
        user=UserFactory(email="editorin@ludwigsfelde.de"),
    ).user


@pytest.fixture
def in_review(partner_a, mobility):
    return ProjectFactory(
        lead_partner=partner_a,
        title="Rufbus im ländlichen Raum",
        summary="Ein Rufbus bringt Menschen auf Bestellung zum Bahnhof.",
        description="Der Rufbus fährt ohne festen Fahrplan.",
        publication_state=PublicationState.IN_REVIEW,
        maturity=Project.Maturity.PILOT,
        transfer_direction=Project.TransferDirection.URBAN_TO_RURAL,
        fields=[mobility],
    )


def test_the_office_publishes_and_the_saved_search_of_a_ludwigsfelde_editor_tells_her(
    ludwigsfelde_editor, office, in_review, mobility
):
    SavedSearchFactory(
        owner=ludwigsfelde_editor, name="Rufbusse", words="Rufbus", fields=[mobility]
    )
    committed(lambda: project_services.publish_project(project=in_review, acting_user=office))
    [message] = [m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]
    assert "Rufbusse" in message.subject
    assert "Rufbus im ländlichen Raum" in message.subject
    assert "Landkreis Testland A" in message.body
    assert "auf Bestellung zum Bahnhof" in message.body
    assert in_review.get_absolute_url() in message.body


def test_the_mail_is_in_the_owners_language(ludwigsfelde_editor, office, in_review):
    ludwigsfelde_editor.language = "en"
    ludwigsfelde_editor.save()
    SavedSearchFactory(owner=ludwigsfelde_editor, name="Rufbusse", words="Rufbus")
    committed(lambda: project_services.publish_project(project=in_review, acting_user=office))
    [message] = [m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]
    assert message.subject.startswith("[Regio.hub] New project for your saved search")


def test_a_project_published_through_the_orm_tells_too(ludwigsfelde_editor, in_review):
    SavedSearchFactory(owner=ludwigsfelde_editor, words="Rufbus")

    def publish():
        in_review.publication_state = PublicationState.PUBLISHED
        in_review.save()

    committed(publish)
    assert len([m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]) == 1


def test_the_admins_publish_action_tells_too(client_of, office, ludwigsfelde_editor, in_review):
    SavedSearchFactory(owner=ludwigsfelde_editor, words="Rufbus")
    admin = client_of(office)
    committed(
        lambda: admin.post(
            reverse("admin:projects_project_changelist"),
            {"action": "publish", "_selected_action": [in_review.pk]},
        )
    )
    in_review.refresh_from_db()
    assert in_review.is_published
    assert len([m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]) == 1


def test_published_unpublished_and_published_again_tells_once(ludwigsfelde_editor, in_review):
    search = SavedSearchFactory(owner=ludwigsfelde_editor, words="Rufbus")

    def set_state(state):
        in_review.publication_state = state
        in_review.save()

    for state in (
        PublicationState.PUBLISHED,
        PublicationState.ARCHIVED,
        PublicationState.PUBLISHED,
    ):
        committed(lambda state=state: set_state(state))
    assert len([m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]) == 1
    assert SavedSearchHit.objects.filter(search=search, project=in_review).count() == 1
    # And the task run again by hand (a retry) tells nobody either.
    assert alert_for_item("project", in_review.pk) == 0


def test_editing_a_published_project_is_no_news(ludwigsfelde_editor, in_review):
    in_review.publication_state = PublicationState.PUBLISHED
    in_review.save()
    SavedSearchFactory(owner=ludwigsfelde_editor, words="Rufbus")

    def edit():
        in_review.summary = "Ein Rufbus, jetzt auch am Wochenende."
        in_review.save()

    committed(edit)
    assert not OutgoingMail.objects.filter(key__startswith="saved-search:").exists()


def test_a_weekly_search_goes_into_the_digest_under_its_name_with_the_content(
    ludwigsfelde_editor, office, in_review
):
    SavedSearchFactory(
        owner=ludwigsfelde_editor, name="Rufbusse", words="Rufbus", frequency=Frequency.WEEKLY
    )
    other = ProjectFactory(
        title="Rufbus für Senioren",
        summary="Ein zweiter Rufbus.",
        publication_state=PublicationState.IN_REVIEW,
    )
    for project in (in_review, other):
        committed(
            lambda project=project: project_services.publish_project(
                project=project, acting_user=office
            )
        )
    assert not [m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]
    items = DigestItem.objects.filter(user=ludwigsfelde_editor)
    assert {item.group for item in items} == {"Rufbusse"}
    committed(send_digests)
    [digest] = [m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]
    body = digest.body
    assert body.count("Rufbusse") == 1  # one heading for both items
    assert body.index("Rufbusse") < body.index("Rufbus im ländlichen Raum")
    assert "Landkreis Testland A: Ein Rufbus bringt Menschen auf Bestellung zum Bahnhof." in body
    assert "Rufbus für Senioren" in body and "Ein zweiter Rufbus." in body


def test_off_tells_nothing(ludwigsfelde_editor, office, in_review):
    SavedSearchFactory(owner=ludwigsfelde_editor, words="Rufbus", frequency=Frequency.OFF)
    committed(lambda: project_services.publish_project(project=in_review, acting_user=office))
    assert not [m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]
    assert not DigestItem.objects.filter(user=ludwigsfelde_editor).exists()


def test_a_person_whose_role_ended_hears_nothing(ludwigsfelde_editor, office, in_review):
    SavedSearchFactory(owner=ludwigsfelde_editor, words="Rufbus")
    Membership.objects.filter(user=ludwigsfelde_editor).delete()
    committed(lambda: project_services.publish_project(project=in_review, acting_user=office))
    assert not [m for m in mail.outbox if m.to == ["editorin@ludwigsfelde.de"]]
    assert not SavedSearchHit.objects.exists()


# --- Needs: visibility decides who hears of them ----------------------------------


@pytest.fixture
def expert(network_member):
    return network_member


def test_a_network_only_need_tells_staff_and_not_a_network_member(
    editor_b, expert, editor_a, partner_a, mobility
):
    SavedSearchFactory(owner=editor_b, words="Parkplatz")
    SavedSearchFactory(owner=expert, words="Parkplatz", consent_at="2026-01-01T00:00Z")
    need = NeedFactory(
        partner=partner_a,
        title="Parkplätze digital erfassen",
        description="Sensoren für Parkplätze.",
    )
    committed(lambda: need_services.open_need(need=need, acting_user=editor_a))
    told = {m.to[0] for m in mail.outbox if "Parkpl" in m.subject}
    assert told == {"editor.b@example.org"}
    [message] = [m for m in mail.outbox if m.to == ["editor.b@example.org"]]
    assert need.get_internal_url() in message.body  # the staff's page of a network-only need

    # Made public, the need is news for the expert, and only for them.
    def go_public():
        need.refresh_from_db()
        need.visibility = Need.Visibility.PUBLIC
        need.save()

    committed(go_public)
    told = [m.to[0] for m in mail.outbox if "Parkpl" in m.subject]
    assert sorted(told) == ["editor.b@example.org", "expert@example.org"]
    [message] = [m for m in mail.outbox if m.to == ["expert@example.org"]]
    assert need.get_absolute_url() in message.body


def test_a_network_members_search_without_consent_tells_nothing(expert, partner_a):
    SavedSearchFactory(owner=expert, words="Parkplatz")
    committed(
        lambda: OpenNeedFactory(
            partner=partner_a, title="Parkplätze", visibility=Need.Visibility.PUBLIC
        )
    )
    assert not [m for m in mail.outbox if m.to == ["expert@example.org"]]


def test_a_draft_tells_nobody(editor_b, partner_a):
    SavedSearchFactory(owner=editor_b, words="Parkplatz")
    committed(lambda: NeedFactory(partner=partner_a, title="Parkplätze"))
    assert not OutgoingMail.objects.filter(key__startswith="saved-search:").exists()


# --- What matches -----------------------------------------------------------------


def _matches(search: SavedSearch, project: Project) -> bool:
    return search.pk in match_item(_project_item(project))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Rufbus", True),
        ("Bestellungen Bahnhöfe", True),  # other forms of the words
        ("Bus", True),  # a part of the compound "Rufbus"
        ("Bestellung Bahnhof", True),  # every word, anywhere in title, summary or text
        ("Bahnhof Flughafen", False),  # one word missing
        ("Rufbuslinie", False),
        ("Busbahnhof", True),  # a compound whose parts the text has
        ("rufbus", True),
    ],
)
def test_words_match_german_aware(in_review, words, expected):
    in_review.publication_state = PublicationState.PUBLISHED
    in_review.save()
    search = SavedSearchFactory(owner=UserFactory(), words=words)
    assert _matches(search, in_review) is expected


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"partner_kinds": ["landkreis"]}, True),
        ({"partner_kinds": ["stadt", "gemeinde"]}, False),
        ({"maturities": ["pilot", "regular"]}, True),
        ({"maturities": ["idea"]}, False),
        ({"direction": "urban_rural"}, True),
        ({"direction": "rural_urban"}, False),
        ({"targets": "needs"}, False),
        ({"targets": "projects"}, True),
    ],
)
def test_facets_narrow(in_review, criteria, expected):
    search = SavedSearchFactory(owner=UserFactory(), **criteria)
    assert _matches(search, in_review) is expected


def test_fields_of_action_match_any_of_the_chosen(in_review, mobility):
    other = FieldOfActionFactory(name="Bildung", slug="bildung")
    either = SavedSearchFactory(owner=UserFactory(), fields=[other, mobility])
    only_other = SavedSearchFactory(owner=UserFactory(), fields=[other])
    found = match_item(_project_item(in_review))
    assert either.pk in found and only_other.pk not in found


def test_a_project_going_both_ways_matches_either_direction(in_review):
    in_review.transfer_direction = Project.TransferDirection.BOTH
    search = SavedSearchFactory(owner=UserFactory(), direction="rural_urban")
    assert _matches(search, in_review)


def test_a_need_has_no_maturity(partner_a):
    need = OpenNeedFactory(partner=partner_a, title="Rufbus gesucht")
    from exchange.alerts.services import _need_item

    with_maturity = SavedSearchFactory(owner=UserFactory(), words="Rufbus", maturities=["pilot"])
    plain = SavedSearchFactory(owner=UserFactory(), words="Rufbus")
    found = match_item(_need_item(need))
    assert plain.pk in found and with_maturity.pk not in found


def test_one_item_against_a_thousand_searches(in_review, mobility, record_property):
    """The figure the README names: reading and comparing 1,000 searches for one item."""
    owners = UserFactory.create_batch(10)
    words = ["Rufbus", "Radweg", "Bürgeramt", "Schule digital", "Parkplatz", "", "Ladesäule"]
    SavedSearch.objects.bulk_create(
        SavedSearch(
            owner=owners[n % 10],
            name=f"Suche {n}",
            words=words[n % len(words)],
            maturities=["pilot"] if n % 3 == 0 else [],
        )
        for n in range(1000)
    )
    through = SavedSearch.fields_of_action.through
    through.objects.bulk_create(
        through(savedsearch_id=pk, fieldofaction_id=mobility.pk)
        for pk in SavedSearch.objects.values_list("pk", flat=True)[:500]
    )
    item = _project_item(in_review)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        found = match_item(item, alerting_criteria())
        elapsed = time.perf_counter() - started
    record_property("match_1000_seconds", round(elapsed, 4))
    print(f"\nmatching one project against 1,000 saved searches: {elapsed * 1000:.1f} ms")
    assert len(queries) == 2
    assert len(found) == sum(1 for n in range(1000) if n % 7 in (0, 5))
    assert elapsed < 1.0

    # The whole alert (match, rights of the owners, one notification and hit each).
    partner = PartnerFactory(kind="stadt")
    for owner in owners:
        MembershipFactory(partner=partner, user=owner, role=Membership.Role.MEMBER)
    in_review.publication_state = PublicationState.PUBLISHED
    in_review.save()
    started = time.perf_counter()
    told = alert_for_item("project", in_review.pk)
    elapsed = time.perf_counter() - started
    print(f"alerting {told} matching searches of 1,000: {elapsed * 1000:.0f} ms")
    assert told == len(found)
    assert OutgoingMail.objects.filter(key__startswith="saved-search:").count() == told
