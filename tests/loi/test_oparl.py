"""Council information systems (OParl 1.1) linked to the Letter of Intent, against a real
HTTP OParl server on 127.0.0.1 (tests/loi/oparl_server.py)."""

import datetime
import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from icalendar import Calendar

from loi.models import Accession, CouncilPaper, Deliberation, OParlConnection
from loi.oparl import services, sync
from loi.oparl.calendar import calendar_token
from loi.oparl.client import OParlClient
from loi.oparl.errors import OParlError
from loi.oparl.results import map_result

from .oparl_server import REFERENCE

pytestmark = pytest.mark.django_db
Outcome = Deliberation.Outcome
RECORD = "/intern/absichtserklaerung/landkreis-teltow-flaeming/"


def _link(server, accession, *, reference=REFERENCE) -> dict:
    """What `oparl_link` does, without the printing: connect, find, sync."""
    connection, _ = services.store_connection(
        acting_user=None, accession=accession, system_url=server.system_url
    )
    sync.discover(connection.pk)
    paper = CouncilPaper.objects.create(accession=accession, query=reference)
    sync.search_paper(paper.pk)
    return sync.sync_partner(accession.partner_id)


def _steps(accession) -> list[tuple]:
    return list(
        accession.deliberations.order_by("order", "pk").values_list(
            "body", "session_date", "outcome", "source_url"
        )
    )


# -- the paper's council steps -----------------------------------------------------
def test_it_chooses_the_body_by_the_partners_ags(oparl_server, teltow_flaeming):
    connection, _ = services.store_connection(
        acting_user=None, accession=teltow_flaeming, system_url=oparl_server.system_url
    )
    connection = sync.discover(connection.pk)
    assert connection.body_name == "Landkreis Teltow-Fläming"
    assert connection.body_url == oparl_server.url("body/1")
    assert [org["name"] for org in connection.organizations] == [
        "Ausschuss für Wirtschaft",
        "Kreistag",
    ]


def test_a_body_with_another_ags_is_left_to_choose(oparl_server, agreement):
    from tests.factories import PartnerFactory

    from .factories import AccessionFactory

    accession = AccessionFactory(agreement=agreement, partner=PartnerFactory(ags="12054000"))
    connection, _ = services.store_connection(
        acting_user=None, accession=accession, system_url=oparl_server.system_url
    )
    connection = sync.discover(connection.pk)
    assert connection.state == OParlConnection.State.CHOOSE_BODY
    assert connection.body_url == ""
    assert len(connection.body_candidates) == 2


def test_linked_paper_fills_the_outcomes_and_merges_the_manual_steps(oparl_server, teltow_flaeming):
    _link(oparl_server, teltow_flaeming)
    steps = _steps(teltow_flaeming)
    # The two steps of the council document, merged with the source's (not four).
    assert [(body, date, outcome) for body, date, outcome, _ in steps] == [
        ("Ausschuss für Wirtschaft", datetime.date(2024, 4, 24), Outcome.RECOMMENDED),
        ("Kreistag", datetime.date(2024, 4, 29), Outcome.ADOPTED),
    ]
    assert [source for *_, source in steps] == [
        oparl_server.url("consultation/1"),
        oparl_server.url("consultation/2"),
    ]


def test_the_kreistags_resolution_moves_the_accession_through_the_state_machine(
    oparl_server, teltow_flaeming
):
    _link(oparl_server, teltow_flaeming)
    teltow_flaeming.refresh_from_db()
    assert teltow_flaeming.status == Accession.Status.RESOLVED
    latest = teltow_flaeming.history.first()
    assert latest.status == Accession.Status.RESOLVED
    assert latest.history_user is None
    assert latest.history_change_reason.startswith(f"OParl {REFERENCE}: http://127.0.0.1")


def test_the_papers_facts_stay_as_the_council_document_states_them(oparl_server, teltow_flaeming):
    before = Accession.objects.values(
        "resolution_number", "subject", "proposal_date", "resolution_proposal"
    ).get(pk=teltow_flaeming.pk)
    _link(oparl_server, teltow_flaeming)
    after = Accession.objects.values(
        "resolution_number", "subject", "proposal_date", "resolution_proposal"
    ).get(pk=teltow_flaeming.pk)
    assert after == before


def test_a_manual_outcome_that_differs_is_kept_and_flagged(
    client, oparl_server, teltow_flaeming, office
):
    committee = teltow_flaeming.deliberations.get(body="Ausschuss für Wirtschaft")
    committee.outcome = Outcome.DEFERRED
    committee.save()
    _link(oparl_server, teltow_flaeming)
    committee.refresh_from_db()
    assert committee.outcome == Outcome.DEFERRED
    assert committee.source_outcome == Outcome.RECOMMENDED
    assert committee.has_conflict
    client.force_login(office)
    assert "die Quelle sagt „empfohlen“" in client.get("/intern/").content.decode()
    assert "Die Quelle sagt „empfohlen“" in client.get(RECORD).content.decode()


def test_unknown_wording_is_kept_and_flagged(oparl_server, teltow_flaeming):
    oparl_server.set_result(1, "zur Kenntnis genommen")
    _link(oparl_server, teltow_flaeming)
    committee = teltow_flaeming.deliberations.get(body="Ausschuss für Wirtschaft")
    assert committee.outcome == Outcome.SCHEDULED
    assert committee.source_result == "zur Kenntnis genommen"
    assert committee.source_result_unknown


def test_a_later_change_at_the_source_arrives_with_the_next_incremental_sync(
    oparl_server, teltow_flaeming
):
    oparl_server.set_result(2, "")  # the Kreistag has not decided yet
    _link(oparl_server, teltow_flaeming)
    assert teltow_flaeming.deliberations.get(body="Kreistag").outcome == Outcome.SCHEDULED
    oparl_server.requests.clear()

    oparl_server.set_result(2, "vertagt")
    sync.sync_partner(teltow_flaeming.partner_id)

    assert teltow_flaeming.deliberations.get(body="Kreistag").outcome == Outcome.DEFERRED
    meeting_lists = [r for r in oparl_server.requests if r["path"].endswith("/meetings")]
    since = meeting_lists[0]["query"]["modified_since"][0]
    assert datetime.datetime.fromisoformat(since) > datetime.datetime.now(
        datetime.UTC
    ) - datetime.timedelta(hours=1)


def test_an_unchanged_source_writes_nothing(oparl_server, teltow_flaeming):
    _link(oparl_server, teltow_flaeming)
    rows = Deliberation.history.count(), Accession.history.count()
    report = sync.sync_partner(teltow_flaeming.partner_id)
    assert report["papers"][REFERENCE]["updated"] == 0
    assert (Deliberation.history.count(), Accession.history.count()) == rows


def test_a_consultation_deleted_at_the_source_takes_its_own_step_along(
    oparl_server, teltow_flaeming
):
    teltow_flaeming.deliberations.filter(body="Ausschuss für Wirtschaft").delete()
    _link(oparl_server, teltow_flaeming)
    assert teltow_flaeming.deliberations.filter(created_by_sync=True).count() == 1
    paper = oparl_server.objects[oparl_server.url("paper/1")]
    paper["consultation"][0] = {
        "id": paper["consultation"][0]["id"],
        "type": paper["consultation"][0]["type"],
        "deleted": True,
    }
    oparl_server.touch(paper["id"])
    sync.sync_partner(teltow_flaeming.partner_id)
    assert list(teltow_flaeming.deliberations.values_list("body", flat=True)) == ["Kreistag"]


def test_a_meeting_deleted_at_the_source_leaves_the_next_dates(oparl_server, teltow_flaeming):
    _link(oparl_server, teltow_flaeming)
    connection = OParlConnection.objects.get(partner=teltow_flaeming.partner)
    assert connection.meetings.filter(oparl_id=oparl_server.url("meeting/3")).exists()
    oparl_server.delete(oparl_server.url("meeting/3"))
    sync.sync_partner(teltow_flaeming.partner_id)
    assert not connection.meetings.filter(oparl_id=oparl_server.url("meeting/3")).exists()


def test_the_search_follows_the_pages_to_the_paper(oparl_server, teltow_flaeming):
    _link(oparl_server, teltow_flaeming)
    pages = [
        r["query"].get("page", ["1"])[0]
        for r in oparl_server.requests
        if r["path"].endswith("/body/1/papers")
    ]
    assert pages == ["1", "2", "3"]
    assert CouncilPaper.objects.get().reference == REFERENCE


def test_words_find_candidates_to_choose_from(oparl_server, teltow_flaeming):
    services.store_connection(
        acting_user=None, accession=teltow_flaeming, system_url=oparl_server.system_url
    )
    sync.discover(OParlConnection.objects.get().pk)
    paper = CouncilPaper.objects.create(accession=teltow_flaeming, query="Vorlage Nummer 1")
    paper = sync.search_paper(paper.pk)
    assert paper.state == CouncilPaper.State.CHOOSE
    assert len(paper.candidates) > 1  # 1, 10…19


def test_a_pasted_paper_url_is_linked(oparl_server, teltow_flaeming):
    _link(oparl_server, teltow_flaeming, reference=oparl_server.url("paper/1"))
    assert CouncilPaper.objects.get().state == CouncilPaper.State.LINKED
    assert teltow_flaeming.deliberations.filter(outcome=Outcome.ADOPTED).exists()


# -- broken sources ------------------------------------------------------------------
BROKEN = [
    ("oparl/paper/1", "html", "did not answer with JSON"),
    ("oparl/paper/1", "404", "HTTP status 404"),
    ("oparl/body/1", "500", "HTTP status 500"),
    ("oparl/paper/1", "huge", "larger than 195 KB"),
    ("oparl/meeting/1", "bad_date", "invalid date"),
    ("oparl/body/1/meetings", "loop", "links back to a page already read"),
    ("oparl/body/1/meetings", "bad_date", "invalid date"),
]


@pytest.mark.parametrize(("path", "kind", "message"), BROKEN)
def test_a_broken_source_leaves_the_record_whole_and_says_why(
    client, oparl_server, teltow_flaeming, tf_admin, office, path, kind, message, settings
):
    settings.LANGUAGE_CODE = "en"
    services.store_connection(
        acting_user=None, accession=teltow_flaeming, system_url=oparl_server.system_url
    )
    sync.discover(OParlConnection.objects.get().pk)
    paper = CouncilPaper.objects.create(accession=teltow_flaeming, query=REFERENCE)
    sync.link_paper(
        paper.pk, {"id": oparl_server.url("paper/1"), "reference": REFERENCE, "name": ""}
    )
    before = _steps(teltow_flaeming)
    oparl_server.break_path(path, kind)

    sync.sync_partner(teltow_flaeming.partner_id)

    assert _steps(teltow_flaeming) == before
    teltow_flaeming.refresh_from_db()
    assert teltow_flaeming.status == Accession.Status.IN_DELIBERATION
    for user in (tf_admin, office):
        client.force_login(user)
        response = client.get(RECORD, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert message in response.content.decode()
    assert message in client.get("/intern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_loop_in_the_paper_list_ends_the_search_with_a_state(oparl_server, teltow_flaeming):
    services.store_connection(
        acting_user=None, accession=teltow_flaeming, system_url=oparl_server.system_url
    )
    sync.discover(OParlConnection.objects.get().pk)
    oparl_server.break_path("oparl/body/1/papers", "loop")
    paper = CouncilPaper.objects.create(accession=teltow_flaeming, query=REFERENCE)
    paper = sync.search_paper(paper.pk)
    assert paper.state == CouncilPaper.State.FAILED
    assert paper.last_error["code"] == "loop"


def test_an_unreadable_system_fails_the_connection(oparl_server, teltow_flaeming):
    oparl_server.break_path("oparl/system", "html")
    connection, _ = services.store_connection(
        acting_user=None, accession=teltow_flaeming, system_url=oparl_server.system_url
    )
    connection = sync.discover(connection.pk)
    assert connection.state == OParlConnection.State.FAILED
    assert connection.last_error["code"] == "not_json"


# -- the client's manners --------------------------------------------------------------
def test_the_client_names_the_portal(oparl_server):
    OParlClient().get_object(oparl_server.system_url, "System")
    assert oparl_server.requests[0]["user_agent"].startswith("Regio.hub-Portal/")


def test_the_client_keeps_a_pause_between_requests_to_one_host(oparl_server):
    client = OParlClient(min_interval=0.2)
    started = time.monotonic()
    for _ in range(3):
        client.get_object(oparl_server.system_url, "System")
    assert time.monotonic() - started >= 0.4


def test_the_client_refuses_private_addresses_unless_allowed(oparl_server, settings):
    settings.OPARL_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(OParlError) as error:
        OParlClient().get_object(oparl_server.system_url, "System")
    assert error.value.code == "private_host"
    assert oparl_server.requests == []


def test_a_list_longer_than_the_page_limit_stops(oparl_server):
    client = OParlClient(max_pages=2)
    with pytest.raises(OParlError) as error:
        list(client.iter_list(oparl_server.url("body/1/papers")))
    assert error.value.code == "too_many_pages"


@pytest.mark.parametrize(
    ("result", "authoritative", "outcome"),
    [
        ("ungeändert beschlossen", True, Outcome.ADOPTED),
        ("Ungeändert beschlossen", False, Outcome.RECOMMENDED),
        ("mit Änderungen beschlossen", None, Outcome.ADOPTED),
        ("empfohlen", True, Outcome.RECOMMENDED),
        ("vertagt", True, Outcome.DEFERRED),
        ("abgelehnt", True, Outcome.REJECTED),
        ("nicht beschlossen", True, Outcome.REJECTED),
        ("zur Kenntnis genommen", True, None),
        ("", True, None),
    ],
)
def test_results_map_to_outcomes(result, authoritative, outcome):
    assert map_result(result, authoritative=authoritative) == outcome


# -- pages ---------------------------------------------------------------------------
def test_the_register_shows_both_steps_with_results_and_source_links(
    client, oparl_server, teltow_flaeming
):
    _link(oparl_server, teltow_flaeming)
    page = client.get("/absichtserklaerung/").content.decode()
    assert "Ausschuss für Wirtschaft, 24.04.2024: empfohlen" in page
    assert "Kreistag, 29.04.2024: beschlossen" in page
    assert f'href="{oparl_server.base}/ris/agendaitem/1"' in page
    assert f'href="{oparl_server.base}/ris/agendaitem/2"' in page


def test_next_council_dates_on_record_dashboard_and_cockpit(
    client, oparl_server, teltow_flaeming, tf_admin, office
):
    oparl_server.set_result(2, "")  # still open: the office's cockpit lists it
    _link(oparl_server, teltow_flaeming)
    teltow_flaeming.refresh_from_db()
    assert teltow_flaeming.state.is_open
    meeting = oparl_server.objects[oparl_server.url("meeting/4")]
    expected = datetime.datetime.fromisoformat(meeting["start"]).astimezone().strftime("%d.%m.%Y")
    client.force_login(tf_admin)
    assert expected in client.get(RECORD).content.decode()
    assert expected in client.get("/intern/").content.decode()
    client.force_login(office)
    assert "4. Sitzung Kreistag" in client.get("/intern/").content.decode()


def test_the_office_calendar_feed_lists_the_next_dates(
    client, oparl_server, teltow_flaeming, office
):
    oparl_server.set_result(2, "")
    _link(oparl_server, teltow_flaeming)
    url = reverse("loi:council_calendar", kwargs={"token": calendar_token(office)})
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    summaries = [
        str(event["summary"]) for event in Calendar.from_ical(response.content).walk("VEVENT")
    ]
    assert "Landkreis Teltow-Fläming: Kreistag" in summaries


def test_the_calendar_feed_is_only_the_offices(client, tf_admin):
    url = reverse("loi:council_calendar", kwargs={"token": calendar_token(tf_admin)})
    assert client.get(url).status_code == 404
    assert client.get(url.replace(".ics", "x.ics")).status_code == 404


def test_connecting_in_the_browser_only_queues_the_task(
    client, oparl_server, teltow_flaeming, tf_admin, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    client.force_login(tf_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{RECORD}ratsinfo/", {"system_url": oparl_server.system_url}, follow=True
        )
    assert response.status_code == 200
    assert oparl_server.requests == []  # the web request read nothing
    assert DBTaskResult.objects.filter(task_path="loi.oparl.sync.discover_task").count() == 1
    assert OParlConnection.objects.get().state == OParlConnection.State.PENDING


def test_a_wrong_address_is_refused_with_what_was_typed(client, teltow_flaeming, tf_admin):
    client.force_login(tf_admin)
    response = client.post(f"{RECORD}ratsinfo/", {"system_url": "kein link"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="kein link"' in page
    assert "aria-invalid" in page
    assert not OParlConnection.objects.exists()


def test_staff_and_other_partners_cannot_connect(client, teltow_flaeming, member_b, admin_b):
    from partners.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    member = MembershipFactory(
        partner=teltow_flaeming.partner,
        role=Membership.Role.MEMBER,
        user=UserFactory(email="mitarbeit@teltow-flaeming.example"),
    ).user
    for user in (member, admin_b):
        client.force_login(user)
        response = client.post(f"{RECORD}ratsinfo/", {"system_url": "https://example.org/"})
        assert response.status_code == 404
    assert not OParlConnection.objects.exists()


def test_the_sync_runs_as_a_task(
    oparl_server, teltow_flaeming, immediate_tasks, tf_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.connect(
            acting_user=tf_admin, accession=teltow_flaeming, system_url=oparl_server.system_url
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.find_paper(acting_user=tf_admin, accession=teltow_flaeming, query=REFERENCE)
    teltow_flaeming.refresh_from_db()
    assert teltow_flaeming.status == Accession.Status.RESOLVED
    assert OParlConnection.objects.get().state == OParlConnection.State.OK


# -- the command --------------------------------------------------------------------
def test_oparl_link_connects_links_and_syncs_and_changes_nothing_the_second_time(
    oparl_server, teltow_flaeming
):
    args = [
        "oparl_link",
        "--partner=landkreis-teltow-flaeming",
        f"--system={oparl_server.system_url}",
        f"--paper={REFERENCE}",
    ]
    first = io.StringIO()
    call_command(*args, stdout=first)
    assert "Body: Landkreis Teltow-Fläming (AGS 12072000)" in first.getvalue()
    assert f"Paper: linked ({REFERENCE}" in first.getvalue()
    assert f"Paper {REFERENCE}: 0 council steps created, 2 updated" in first.getvalue()
    assert "Accession: beschlossen" in first.getvalue() or "Accession: resolved" in first.getvalue()
    rows = (
        Deliberation.history.count(),
        Accession.history.count(),
        OParlConnection.history.count(),
        CouncilPaper.history.count(),
    )
    second = io.StringIO()
    call_command(*args, stdout=second)
    assert "Connection: unchanged" in second.getvalue()
    assert "Paper: already linked" in second.getvalue()
    assert "0 council steps created, 0 updated" in second.getvalue()
    assert rows == (
        Deliberation.history.count(),
        Accession.history.count(),
        OParlConnection.history.count(),
        CouncilPaper.history.count(),
    )


def test_oparl_link_says_when_the_paper_is_not_there(oparl_server, teltow_flaeming):
    with pytest.raises(CommandError, match="was not linked"):
        call_command(
            "oparl_link",
            "--partner=landkreis-teltow-flaeming",
            f"--system={oparl_server.system_url}",
            "--paper=1-0000/99",
            stdout=io.StringIO(),
        )


def test_manual_steps_the_source_does_not_know_survive_a_sync(oparl_server, teltow_flaeming):
    from .factories import DeliberationFactory

    DeliberationFactory(
        accession=teltow_flaeming,
        body="Kreisausschuss",
        session_date=datetime.date(2024, 4, 15),
        outcome=Outcome.RECOMMENDED,
        order=0,
    )
    _link(oparl_server, teltow_flaeming)
    sync.sync_partner(teltow_flaeming.partner_id)
    manual = teltow_flaeming.deliberations.get(body="Kreisausschuss")
    assert (manual.outcome, manual.source_url) == (Outcome.RECOMMENDED, "")
    assert teltow_flaeming.deliberations.count() == 3


def test_the_offices_council_panel_reads_a_fixed_number_of_queries(
    client, oparl_server, teltow_flaeming, office, agreement
):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from loi.models import CouncilMeeting
    from tests.factories import PartnerFactory

    from .factories import AccessionFactory

    oparl_server.set_result(2, "")
    _link(oparl_server, teltow_flaeming)
    client.force_login(office)

    def queries() -> int:
        with CaptureQueriesContext(db) as context:
            assert client.get("/intern/").status_code == 200
        return len(context.captured_queries)

    one = queries()
    source = OParlConnection.objects.get()
    for number in range(3):
        partner = PartnerFactory()
        AccessionFactory(agreement=agreement, partner=partner)
        other = OParlConnection.objects.create(
            partner=partner,
            system_url=source.system_url,
            body_url=source.body_url,
            organizations=source.organizations,
            watched_organizations=[org["id"] for org in source.organizations],
            state=OParlConnection.State.OK,
        )
        for meeting in source.meetings.all():
            meeting.pk = None
            meeting.connection = other
            meeting.oparl_id = f"{meeting.oparl_id}?copy={number}"
            meeting.save()
    assert CouncilMeeting.objects.count() > 4
    assert queries() == one


def test_the_daily_command_queues_one_sync_per_connected_partner(teltow_flaeming):
    from django_tasks_db.models import DBTaskResult

    OParlConnection.objects.create(
        partner=teltow_flaeming.partner, system_url="https://ris.example.org/oparl/system"
    )
    out = io.StringIO()
    call_command("oparl_sync", stdout=out)
    assert "1 synchronisations queued." in out.getvalue()
    task = DBTaskResult.objects.get(task_path="loi.oparl.sync.sync_partner_task")
    assert task.args_kwargs["args"] == [teltow_flaeming.partner_id]
