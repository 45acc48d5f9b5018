"""The project office's cockpit on the admin start page and on /intern/."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Event, StopRequest
from loi.models import Accession
from notifications.models import OutgoingMail
from projects.models import ProjectTransition, PublicationState
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory
from tests.projects.factories import ProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def in_review(title, days_ago, partner=None):
    project = ProjectFactory(
        title=title,
        publication_state=PublicationState.IN_REVIEW,
        **({"lead_partner": partner} if partner else {}),
    )
    ProjectTransition.objects.create(
        project=project,
        action=ProjectTransition.Action.SUBMITTED,
        from_state=PublicationState.DRAFT,
        to_state=PublicationState.IN_REVIEW,
        created_at=timezone.now() - timedelta(days=days_ago),
    )
    return project


def test_the_admin_start_page_shows_the_review_queue_oldest_first_with_age(client_of, office):
    in_review("Neuer Antrag", 1)
    old = in_review("Alter Antrag", 9)
    ProjectFactory(title="Nur ein Entwurf")
    html = client_of(office).get("/admin/").content.decode()
    queue = html.split('id="cockpit-review"', 1)[1].split("</section>", 1)[0]
    assert queue.index("Alter Antrag") < queue.index("Neuer Antrag")
    assert f'href="/intern/projekte/{old.pk}/"' in queue
    assert "9" in queue.split("Alter Antrag", 1)[1].split("</li>", 1)[0]
    assert "Nur ein Entwurf" not in queue


def test_the_cockpit_shows_accessions_by_state_and_those_missing_a_signature(client_of, office):
    agreement = AgreementFactory(valid_until=timezone.localdate() + timedelta(days=30))
    AccessionFactory(
        agreement=agreement,
        partner=PartnerFactory(name="Gemeinde Fertig"),
        status=Accession.Status.SIGNED,
        signed_on=datetime.date(2024, 5, 2),
    )
    waiting = AccessionFactory(
        agreement=agreement,
        partner=PartnerFactory(name="Gemeinde Wartet"),
        status=Accession.Status.RESOLVED,
    )
    html = client_of(office).get("/admin/").content.decode()
    block = html.split('id="cockpit-accessions"', 1)[1].split("</section>", 1)[0]
    missing = block.split("kern-heading-small", 1)[1]
    assert f'href="{waiting.get_absolute_url()}"' in missing
    assert "Gemeinde Fertig" not in missing
    assert "30" in block.split("</p>", 1)[0]  # days left in the term
    assert f"?status__exact=signed&amp;agreement__id__exact={agreement.pk}" in block


def test_the_cockpit_lists_upcoming_events_open_stop_requests_and_failed_mails(
    client_of, office, partner_a, admin_a
):
    start = timezone.now() + timedelta(days=4)
    event = Event.objects.create(
        kind=Event.Kind.WORKSHOP,
        title="Werkstatt Daten",
        start=start,
        end=start + timedelta(hours=2),
    )
    request = StopRequest.objects.create(
        partner=partner_a,
        requested_by=admin_a,
        preferred_from=timezone.localdate() + timedelta(days=10),
        preferred_until=timezone.localdate() + timedelta(days=20),
        place_name="Marktplatz",
        municipality_ags="12069020",
    )
    mail = OutgoingMail.objects.create(
        key="test-failed-1",
        to="someone@example.org",
        subject="Einladung",
        body="Text",
        status=OutgoingMail.Status.FAILED,
    )
    html = client_of(office).get("/admin/").content.decode()
    assert f'href="/admin/community/event/{event.pk}/change/"' in html
    assert f'href="/admin/community/stoprequest/{request.pk}/change/"' in html
    assert f'href="/admin/notifications/outgoingmail/{mail.pk}/change/"' in html


def test_recent_changes_come_from_the_history_and_link_to_it(client_of, office):
    partner = PartnerFactory(name="Gemeinde Geändert")
    partner.description = "neu"
    partner.save()
    html = client_of(office).get("/admin/").content.decode()
    block = html.split('id="cockpit-changes"', 1)[1].split("</section>", 1)[0]
    assert f'href="/admin/partners/partner/{partner.pk}/history/"' in block
    assert "Gemeinde Geändert" in block


def test_office_members_get_the_cockpit_on_intern_and_partner_staff_do_not(
    client_of, office, admin_a, client
):
    assert 'id="panel-cockpit"' in client_of(office).get("/intern/").content.decode()
    client.logout()
    assert 'id="panel-cockpit"' not in client_of(admin_a).get("/intern/").content.decode()


def test_the_admin_start_page_needs_the_same_number_of_queries_for_more_data(client_of, office):
    agreement = AgreementFactory()
    client = client_of(office)

    def add(count, offset):
        for index in range(count):
            partner = PartnerFactory(name=f"Gemeinde Viel {offset + index}")
            in_review(f"Antrag {offset + index}", index, partner=partner)
            AccessionFactory(agreement=agreement, partner=partner)
            start = timezone.now() + timedelta(days=index + 1)
            Event.objects.create(
                kind=Event.Kind.WORKSHOP, title="W", start=start, end=start + timedelta(hours=1)
            )

    add(1, 0)
    client.get("/admin/")
    few = count_queries(lambda: client.get("/admin/"))
    add(8, 100)
    assert count_queries(lambda: client.get("/admin/")) == few


def test_a_project_submitted_today_waits_since_today_not_for_0_days(client_of, office):
    in_review("Heute eingereicht", 0)
    in_review("Gestern eingereicht", 1)
    html = client_of(office).get("/admin/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    queue = html.split('id="cockpit-review"', 1)[1].split("</section>", 1)[0]
    today = queue.split("Heute eingereicht", 1)[1].split("</li>", 1)[0]
    assert "wartet seit heute" in today and "0 Tagen" not in today
    assert "wartet seit 1 Tag" in queue.split("Gestern eingereicht", 1)[1].split("</li>", 1)[0]
