"""The office cockpit lists the open needs the matching has no project for (issue #17, scope 7)."""

from io import StringIO

import pytest
from django.core.management import call_command

from exchange.gaps import gap_overview, refresh_gaps, without_suggestion
from exchange.matching import has_project_suggestion, suggest_projects
from exchange.models import NeedMatchState
from exchange.services import close_need
from exchange.suggestions import query_for
from tests.exchange.factories import OpenNeedFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _block(html: str) -> str:
    return html.split('id="cockpit-need-gaps"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def solution(partner_b):
    return PublishedProjectFactory(
        lead_partner=partner_b, title="Videosprechstunde im Gesundheitsamt", summary="Beratung."
    )


def test_a_need_no_project_answers_is_a_gap_one_with_a_suggestion_is_not(partner_a, solution):
    lonely = OpenNeedFactory(
        partner=partner_a, title="Glockenläuten automatisieren", description="Kirchturm."
    )
    answered = OpenNeedFactory(
        partner=partner_a, title="Sprechstunde per Video", description="Für Dörfer."
    )
    assert refresh_gaps() == (2, 1)
    assert list(without_suggestion()) == [lonely]
    assert answered.match_state.has_project_suggestion


def test_the_gap_answer_is_the_need_pages_answer(partner_a, partner_b, solution):
    field = FieldOfActionFactory(name="Gesundheit")
    PublishedProjectFactory(lead_partner=partner_b, title="Pflegeplanung", fields=[field])
    PublishedProjectFactory(lead_partner=partner_a, title="Glockenläuten per Funk")
    needs = [
        OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren"),  # own only
        OpenNeedFactory(partner=partner_a, title="Videoberatung"),  # compound part
        OpenNeedFactory(partner=partner_a, title="Telemedizin"),  # thesaurus
        OpenNeedFactory(partner=partner_a, title="Nichts dergleichen", fields=[field]),
        OpenNeedFactory(partner=partner_a, title="Nichts dergleichen"),
    ]
    answers = [has_project_suggestion(query_for(need)) for need in needs]
    assert answers == [bool(suggest_projects(query_for(need), limit=1)) for need in needs]
    assert answers == [False, True, True, True, False]


def test_the_office_cockpit_lists_the_gaps_with_links(client_of, office, partner_a, solution):
    lonely = OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren")
    OpenNeedFactory(partner=partner_a, title="Videosprechstunde für Dörfer")
    refresh_gaps()
    for url in ("/intern/", "/admin/"):
        block = _block(client_of(office).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
        assert f'href="{lonely.get_internal_url()}"' in block
        assert "Glockenläuten automatisieren" in block
        assert "Videosprechstunde für Dörfer" not in block
        assert "Last checked:" in block


def test_a_changed_need_waits_for_the_next_check_and_a_new_project_closes_the_gap(
    client_of, office, partner_a, partner_b
):
    need = OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren")
    refresh_gaps()
    other = OpenNeedFactory(partner=partner_a, title="Sirenen warten")
    refresh_gaps()
    need.description = "Auch das Stundenschlagwerk."
    need.save()
    block = _block(client_of(office).get("/intern/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Glockenläuten automatisieren" not in block
    assert other.title in block
    assert "1 open need is new or changed since" in block
    # With no known gap the cockpit shows no block at all.
    other.delete()
    assert "cockpit-need-gaps" not in client_of(office).get("/intern/").content.decode()
    PublishedProjectFactory(lead_partner=partner_b, title="Glockenläuten per Funk")
    assert refresh_gaps() == (1, 0)
    assert not without_suggestion().exists()


def test_only_the_stale_answers_are_checked_again(partner_a, partner_b):
    OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren")
    assert refresh_gaps() == (1, 1)
    assert refresh_gaps() == (0, 0)
    PublishedProjectFactory(lead_partner=partner_b, title="Winterdienst")  # the index changed
    assert refresh_gaps() == (1, 1)


def test_a_closed_need_is_no_gap(partner_a, editor_a):
    need = OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren")
    refresh_gaps()
    close_need(need=need, reason="Erledigt.", acting_user=editor_a)
    assert not without_suggestion().exists()
    refresh_gaps()
    assert not NeedMatchState.objects.exists()


def test_partner_staff_see_no_gap_list(client_of, editor_a, partner_a):
    OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren")
    refresh_gaps()
    assert "cockpit-need-gaps" not in client_of(editor_a).get("/intern/").content.decode()


def test_the_gap_list_costs_the_same_queries_at_any_size(partner_a):
    OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren")
    refresh_gaps()
    small = count_queries(gap_overview)
    for number in range(15):
        OpenNeedFactory(partner=partner_a, title=f"Glockenläuten Nummer {number}")
    refresh_gaps()
    overview = gap_overview()
    assert count_queries(gap_overview) == small == 2
    assert (len(overview.needs), overview.count, overview.unchecked) == (10, 16, 0)


def test_the_command_says_what_it_checked(partner_a):
    OpenNeedFactory(partner=partner_a, title="Glockenläuten automatisieren")
    out = StringIO()
    call_command("check_need_gaps", stdout=out)
    assert "1 open needs checked" in out.getvalue()
    assert "1 of them without a project suggestion" in out.getvalue()
