"""/intern/ starts with what needs doing: deadlines first, each thing once.

The apps contribute to-dos (core.slots.todos) with a due date or an urgency;
core sorts them all together and shows them above every panel.
"""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import StopRequest
from core.slots import Todo, TodoSlot
from loi.models import Accession
from notifications.models import OutgoingMail
from projects.models import Participation, ProjectTransition, PublicationState
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory
from tests.projects.factories import ProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _todos(html: str) -> str:
    return html.split('id="todos"', 1)[1].split("</ul>", 1)[0]


def _items(html: str) -> list[str]:
    return [item.split("</li>", 1)[0] for item in _todos(html).split("<li")[1:]]


def test_deadlines_come_first_the_nearest_first_then_the_most_urgent():
    slot = TodoSlot("test")
    today = datetime.date(2026, 12, 5)
    slot.register(order=1)(
        lambda request: [Todo(text="low"), Todo(text="late", due=today + timedelta(days=9))]
    )
    slot.register(order=2)(
        lambda request: [Todo(text="high", urgency=5), Todo(text="soon", due=today)]
    )
    slot.register(order=3)(lambda request: None)
    assert [todo.text for todo in slot.fill(None)] == ["soon", "late", "high", "low"]


def test_the_agreement_ending_in_26_days_is_the_first_thing_a_partner_admin_reads(
    client_of, admin_a, partner_a
):
    agreement = AgreementFactory(valid_until=timezone.localdate() + timedelta(days=26))
    AccessionFactory(agreement=agreement, partner=partner_a)
    html = client_of(admin_a).get("/intern/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    items = _items(html)
    assert "Die Absichtserklärung endet in 26 Tagen" in items[0]
    # Above every panel, and only there.
    assert html.index('id="todos"') < html.index('id="panel-loi"')
    assert html.index('id="todos"') < html.index('id="panel-organisations"')
    assert html.count("Die Absichtserklärung endet in 26 Tagen") == 1
    # The next step follows the deadline, once.
    assert "Legen Sie den Beitritt Ihren Gremien vor" in items[1]
    assert html.count("Legen Sie den Beitritt Ihren Gremien vor") == 1


def test_an_agreement_far_from_its_end_is_no_deadline_yet(client_of, admin_a, partner_a):
    agreement = AgreementFactory(valid_until=timezone.localdate() + timedelta(days=400))
    AccessionFactory(agreement=agreement, partner=partner_a, status=Accession.Status.SIGNED)
    html = client_of(admin_a).get("/intern/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Absichtserklärung endet" not in html
    assert "Zurzeit ist nichts zu erledigen." in html


def test_an_invitation_to_a_project_is_a_todo_and_not_repeated_in_the_panel(
    client_of, editor_a, partner_a, partner_b
):
    project = ProjectFactory(lead_partner=partner_b)
    Participation.objects.create(
        project=project, partner=partner_a, state=Participation.State.INVITED
    )
    html = client_of(editor_a).get("/intern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 invitation to a project waits for your answer" in _todos(html)
    assert html.count("invitation to a project waits for your answer") == 1


def _in_review(title: str, days_ago: int):
    project = ProjectFactory(title=title, publication_state=PublicationState.IN_REVIEW)
    ProjectTransition.objects.create(
        project=project,
        action=ProjectTransition.Action.SUBMITTED,
        from_state=PublicationState.DRAFT,
        to_state=PublicationState.IN_REVIEW,
        created_at=timezone.now() - timedelta(days=days_ago),
    )
    return project


def _stop_request(partner, admin, days_ahead: int) -> StopRequest:
    return StopRequest.objects.create(
        partner=partner,
        requested_by=admin,
        preferred_from=timezone.localdate() + timedelta(days=days_ahead),
        preferred_until=timezone.localdate() + timedelta(days=days_ahead + 10),
        place_name=f"Marktplatz {days_ahead}",
        municipality_ags="12069020",
    )


def test_the_office_reads_deadlines_then_failed_mails_then_the_longest_waiting_review(
    client_of, office, partner_a, admin_a
):
    _in_review("Heute eingereicht", 0)
    _in_review("Lange wartend", 9)
    _stop_request(partner_a, admin_a, 12)
    OutgoingMail.objects.create(
        key="failed", to="x@example.org", subject="S", body="B", status=OutgoingMail.Status.FAILED
    )
    agreement = AgreementFactory(valid_until=timezone.localdate() + timedelta(days=40))
    AccessionFactory(agreement=agreement, partner=partner_a)
    html = client_of(office).get("/intern/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    items = _items(html)
    assert len(items) == 4
    assert "Marktplatz 12" in items[0]  # the stop request's wished start: a date
    assert "Die Absichtserklärung endet in 40 Tagen" in items[1]
    assert "1 E-Mail konnte nicht versendet werden" in items[2]
    # The queue in one line, linked to the list, as urgent as its oldest project.
    assert "2 Projekte warten auf Prüfung, das älteste wartet seit 9 Tagen." in items[3]
    assert "?stand=in_review" in items[3]


def test_one_project_submitted_today_waits_since_today(client_of, office):
    _in_review("Heute eingereicht", 0)
    html = client_of(office).get("/intern/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    (item,) = _items(html)
    assert "„Heute eingereicht“" in item and "wartet seit heute" in item
    assert "seit 0 Tagen" not in html


def test_the_office_sees_each_thing_once(client_of, office, partner_a, admin_a):
    """The accessions table (once in the cockpit and once in the LoI panel before),
    the review queue and the stop requests appear once on /intern/."""
    agreement = AgreementFactory(valid_until=timezone.localdate() + timedelta(days=200))
    AccessionFactory(agreement=agreement, partner=PartnerFactory(name="Gemeinde Ohne Unterschrift"))
    _in_review("Einmal zu prüfen", 2)
    _stop_request(partner_a, admin_a, 30)
    html = client_of(office).get("/intern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('id="cockpit-accessions"') == 1
    assert 'id="panel-loi"' not in html
    assert html.count("Still missing a signature") == 1
    assert "Partners without a signed accession" not in html
    # The review queue is in the to-dos (the recent changes may name the project too).
    assert _todos(html).count("Einmal zu prüfen") == 1
    assert 'id="cockpit-review"' not in html
    assert html.count("Marktplatz 30") == 1


def test_the_office_dashboard_needs_the_same_number_of_queries_for_more_work(
    client_of, office, partner_a, admin_a
):
    agreement = AgreementFactory(valid_until=timezone.localdate() + timedelta(days=20))
    client = client_of(office)

    def add(count: int, offset: int) -> None:
        for index in range(count):
            _in_review(f"Antrag {offset + index}", index)
            _stop_request(partner_a, admin_a, offset + index)
            AccessionFactory(agreement=agreement, partner=PartnerFactory())
            OutgoingMail.objects.create(
                key=f"failed-{offset + index}",
                to="x@example.org",
                subject="S",
                body="B",
                status=OutgoingMail.Status.FAILED,
            )

    add(1, 0)
    client.get("/intern/")
    few = count_queries(lambda: client.get("/intern/"))
    add(6, 100)
    assert count_queries(lambda: client.get("/intern/")) == few


def test_a_partner_dashboard_needs_the_same_number_of_queries_for_more_work(
    client_of, admin_a, partner_a
):
    agreement = AgreementFactory(valid_until=timezone.localdate() + timedelta(days=20))
    AccessionFactory(agreement=agreement, partner=partner_a)
    client = client_of(admin_a)

    def invite(count: int) -> None:
        for _index in range(count):
            Participation.objects.create(
                project=ProjectFactory(), partner=partner_a, state=Participation.State.INVITED
            )

    invite(1)
    client.get("/intern/")
    few = count_queries(lambda: client.get("/intern/"))
    invite(5)
    assert count_queries(lambda: client.get("/intern/")) == few
