"""The internal start page and the admin's project list run a fixed number of queries.

Requested at two data sizes; the counts must be equal. With the production
session store (cached_db on Redis, as the README's production environment and
`make bench` run) the editor's start page and the admin's project list stay
within the budget of 8; with sessions in the database they need one more.
The office's start page (the cockpit) has its own, higher ceiling.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Event
from notifications.models import OutgoingMail
from partners.models import Membership
from projects.models import Participation
from tests.community.factories import (
    AnnouncementFactory,
    EventFactory,
    WorkingGroupFactory,
    WorkingGroupMemberFactory,
)
from tests.factories import MembershipFactory, PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory
from tests.projects.factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

EDITOR_INTERN_QUERIES = 9  # session, user, office and roles (one query) + one per panel
OFFICE_INTERN_QUERIES = 25  # the cockpit's blocks, the five audit histories, needs without response
ADMIN_PROJECT_LIST_QUERIES = 7  # no permission-table reads (partners/backends.py)
# With the production session store (cached_db on the shared Redis cache) the
# session is read from the cache: one query less, within the budget of 8.
BUDGET = 8


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def world(partner_a, editor_a):
    """The editor's partner has an accession, projects, events, groups; `grow` adds more."""
    agreement = AgreementFactory()
    AccessionFactory(agreement=agreement, partner=partner_a)
    field = FieldOfActionFactory(name="Mobilität")
    state = {"n": 0}

    def grow(count: int) -> None:
        for _ in range(count):
            state["n"] += 1
            number = state["n"]
            partner = PartnerFactory(name=f"Gemeinde Wachstum {number}")
            MembershipFactory(partner=partner_a, role=Membership.Role.MEMBER)
            project = PublishedProjectFactory(
                lead_partner=partner, fields=[field], title=f"Projekt Wachstum {number}"
            )
            Participation.objects.create(project=project, partner=partner_a, role="partner")
            ProjectFactory(lead_partner=partner_a, title=f"Entwurf {number}")
            start = timezone.now() + timedelta(days=number)
            EventFactory(host_partner=partner_a, start=start, end=start + timedelta(hours=2))
            EventFactory(
                host_partner=partner_a,
                is_public=False,
                kind=Event.Kind.TOUR_STOP,
                start=start,
                end=start + timedelta(hours=2),
            )
            group = WorkingGroupFactory()
            WorkingGroupMemberFactory(group=group, user=editor_a)
            AnnouncementFactory()
            AccessionFactory(agreement=agreement, partner=partner)
            OutgoingMail.objects.create(
                key=f"failed-{number}",
                to=f"someone{number}@example.org",
                subject="Betreff",
                body="Text",
                status=OutgoingMail.Status.FAILED,
            )

    grow(1)
    return grow


def _counts(client, url, grow) -> tuple[int, int]:
    assert client.get(url).status_code == 200  # warm: translations, content types
    small = count_queries(lambda: client.get(url))
    grow(8)
    response = client.get(url)
    assert response.status_code == 200
    large = count_queries(lambda: client.get(url))
    return small, large


def test_the_editors_start_page_runs_the_same_few_queries_at_any_size(client_of, editor_a, world):
    small, large = _counts(client_of(editor_a), "/intern/", world)
    assert small == large
    assert large <= EDITOR_INTERN_QUERIES


def test_the_offices_start_page_runs_the_same_queries_at_any_size(client_of, office, world):
    small, large = _counts(client_of(office), "/intern/", world)
    assert small == large
    assert large <= OFFICE_INTERN_QUERIES


def test_the_admins_project_list_runs_the_same_few_queries_at_any_size(client_of, office, world):
    small, large = _counts(client_of(office), "/admin/projects/project/", world)
    assert small == large
    assert large <= ADMIN_PROJECT_LIST_QUERIES


@pytest.fixture
def cached_sessions(settings):
    """The README's production session store: cached_db, sessions read from the cache."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.mark.parametrize(
    ("persona", "url"), [("editor_a", "/intern/"), ("office", "/admin/projects/project/")]
)
def test_with_the_production_session_store_the_internal_pages_stay_within_eight_queries(
    cached_sessions, client_of, world, request, persona, url
):
    small, large = _counts(client_of(request.getfixturevalue(persona)), url, world)
    assert small == large
    assert large <= BUDGET


@pytest.mark.parametrize(
    ("language", "labels"), [("de", ["Energie", "Bildung"]), ("en", ["Energy", "Bildung"])]
)
def test_the_project_lists_filters_offer_every_field_in_order_and_partners_as_text(
    client_of, office, language, labels
):
    FieldOfActionFactory(name="Bildung", name_en="", position=2)
    FieldOfActionFactory(name="Energie", name_en="Energy", position=1)
    zeuthen = PartnerFactory(name="Zeuthen")
    PartnerFactory(name="Beelitz")
    client = client_of(office)
    page = client.get("/admin/projects/project/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    fields = page.index("fields_of_action__id__exact=")
    assert [page.index(f"{label}</a>", fields) for label in labels] == sorted(
        page.index(f"{label}</a>", fields) for label in labels
    )
    # The partners are a text field, not a link per partner (issue 21).
    assert "lead_partner__id__exact=" not in page
    assert 'name="lead_partner__partner"' in page
    filtered = client.get("/admin/projects/project/", {"lead_partner__partner": "zeuth"})
    assert filtered.status_code == 200
    assert 'value="Zeuthen"' in filtered.content.decode()
    old_link = client.get(f"/admin/projects/project/?lead_partner__id__exact={zeuthen.pk}")
    assert old_link.status_code == 200


def test_the_cockpit_counts_every_failed_mail_beyond_the_five_it_lists():
    from office.cockpit import failed_mails

    for number in range(7):
        OutgoingMail.objects.create(
            key=f"k{number}", to="a@example.org", subject="S", body="B", status="failed"
        )
    OutgoingMail.objects.create(key="sent", to="a@example.org", subject="S", body="B")

    mails = failed_mails()
    assert mails["count"] == 7
    assert len(mails["latest"]) == 5
