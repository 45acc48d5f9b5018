"""The read API /api/v1/: lists, details, filters with the pages' names, cursors,
conditional GET, CORS, the rate limit and tokens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Announcement, Event
from insights.api import services
from projects.models import PublicationState
from tests.community.factories import AnnouncementFactory, EventFactory, WorkingGroupFactory
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory, DeliberationFactory
from tests.projects.factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def bearer(user, name="Test"):
    _token, secret = services.issue_token(acting_user=user, name=name)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- Lists and details ----------------------------------------------------------------


def test_it_lists_published_projects_with_participations_and_fields(client, partner_a, partner_b):
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    project = PublishedProjectFactory(lead_partner=partner_a, title="Rufbus", fields=[field])
    project.participations.create(partner=partner_b, role="pilot_site")
    ProjectFactory(lead_partner=partner_a, title="Entwurf")

    response = client.get("/api/v1/projects/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["results"]
    assert item["title"] == "Rufbus"
    assert item["fields_of_action"] == ["mobilitaet"]
    assert {p["partner"]["slug"]: p["role"] for p in item["participations"]} == {
        partner_a.slug: "lead",
        partner_b.slug: "pilot_site",
    }
    assert item["url"].endswith(f"/projekte/{project.slug}/")


def test_project_filters_carry_the_showcase_names(client, partner_a, partner_b):
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    wanted = PublishedProjectFactory(lead_partner=partner_a, fields=[field], status="operation")
    PublishedProjectFactory(lead_partner=partner_b, fields=[field], status="operation")
    PublishedProjectFactory(lead_partner=partner_a, status="idea")

    response = client.get(
        f"/api/v1/projects/?handlungsfeld=mobilitaet&partner={partner_a.slug}&status=operation"
    )

    assert [item["slug"] for item in response.json()["results"]] == [wanted.slug]


def test_a_draft_is_a_404_without_a_token_and_readable_with_one_of_its_partner(
    client, partner_a, editor_a, admin_b
):
    draft = ProjectFactory(lead_partner=partner_a)

    assert client.get(f"/api/v1/projects/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/projects/{draft.slug}/", **bearer(admin_b)).status_code == 404
    own = client.get(f"/api/v1/projects/{draft.slug}/", **bearer(editor_a))
    assert own.status_code == 200
    assert own.json()["publication_state"] == PublicationState.DRAFT


def test_the_token_list_holds_what_the_rule_lets_its_owner_read(
    client, partner_a, editor_a, office
):
    PublishedProjectFactory(lead_partner=PartnerFactory())
    ProjectFactory(lead_partner=partner_a)
    ProjectFactory(lead_partner=PartnerFactory())  # another partner's draft

    anonymous = client.get("/api/v1/projects/").json()["count"]
    staff = client.get("/api/v1/projects/", **bearer(editor_a)).json()["count"]
    office_token = client.get("/api/v1/projects/", **bearer(office)).json()["count"]

    # A token is no MFA session (core/mfa.py): it never carries the office's right
    # to read every draft, only what the person's partner roles show (here none).
    assert (anonymous, staff, office_token) == (1, 2, 1)


def test_internal_events_and_partner_news_only_with_a_token(client, partner_a, member_a):
    EventFactory(title="Öffentlich", host_partner=partner_a)
    EventFactory(title="Intern", host_partner=partner_a, is_public=False)
    AnnouncementFactory(title="Für alle")
    AnnouncementFactory(title="Für Partner", audience=Announcement.Audience.PARTNERS)

    def titles(url, **extra):
        return sorted(item["title"] for item in client.get(url, **extra).json()["results"])

    assert titles("/api/v1/events/") == ["Öffentlich"]
    assert titles("/api/v1/events/", **bearer(member_a)) == ["Intern", "Öffentlich"]
    assert titles("/api/v1/announcements/") == ["Für alle"]
    assert titles("/api/v1/announcements/", **bearer(member_a)) == ["Für Partner", "Für alle"]


def test_tour_stops_carry_their_municipality(client, partner_a):
    EventFactory(kind=Event.Kind.TOUR_STOP, municipality_ags="12054000", host_partner=partner_a)
    EventFactory(kind=Event.Kind.WORKSHOP)

    [stop] = client.get("/api/v1/tour-stops/").json()["results"]

    assert stop["kind"] == "innovationsmobil"
    assert stop["municipality"] == {"ags": "12054000", "name": "Potsdam"}


def test_event_filters_and_periods(client, partner_a, partner_b):
    EventFactory(title="Kommend A", host_partner=partner_a)
    past = timezone.now() - timedelta(days=30)
    EventFactory(
        title="Vergangen A", host_partner=partner_a, start=past, end=past + timedelta(hours=1)
    )
    EventFactory(title="Kommend B", host_partner=partner_b)

    def titles(query):
        return [item["title"] for item in client.get(f"/api/v1/events/?{query}").json()["results"]]

    assert titles(f"partner={partner_a.slug}&zeitraum=kommend") == ["Kommend A"]
    assert titles(f"partner={partner_a.slug}&zeitraum=vergangen") == ["Vergangen A"]


def test_the_accession_register_as_on_the_page(client, partner_a):
    agreement = AgreementFactory()
    accession = AccessionFactory(
        agreement=agreement, partner=partner_a, status="signed", resolution_number="6-5282/24-IV"
    )
    DeliberationFactory(accession=accession, body="Kreistag")

    rows = {
        row["partner"]["slug"]: row
        for row in client.get("/api/v1/accession-register/").json()["results"]
    }

    assert rows[partner_a.slug]["status"] == "signed"
    assert rows[partner_a.slug]["resolution_number"] == "6-5282/24-IV"
    assert rows[partner_a.slug]["deliberations"][0]["body"] == "Kreistag"
    assert client.get("/api/v1/agreement/").json()["signed_count"] == 1


def test_partners_and_fields_of_action(client, partner_a):
    FieldOfActionFactory(slug="bildung", name="Bildung")

    assert partner_a.slug in [p["slug"] for p in client.get("/api/v1/partners/").json()["results"]]
    assert client.get(f"/api/v1/partners/{partner_a.slug}/").json()["name"] == partner_a.name
    assert client.get("/api/v1/fields-of-action/bildung/").json()["name"] == "Bildung"


# --- Pagination --------------------------------------------------------------------


def test_the_cursor_walks_every_project_once_in_a_stable_order(client, partner_a):
    now = timezone.now()
    for number in range(7):
        # Pairs with the same publication time: the order falls back on the id.
        PublishedProjectFactory(
            lead_partner=partner_a, published_at=now - timedelta(days=number // 2)
        )
    seen, url = [], "/api/v1/projects/?limit=3"
    while url:
        body = client.get(url).json()
        seen += [item["slug"] for item in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize("sort", ["titel", "beginn", "neueste"])
def test_every_sort_order_pages_completely(client, partner_a, sort):
    for number in range(5):
        PublishedProjectFactory(lead_partner=partner_a, title=f"Projekt {number % 2}")
    seen, url = [], f"/api/v1/projects/?sort={sort}&limit=2"
    while url:
        body = client.get(url).json()
        seen += [item["slug"] for item in body["results"]]
        url = body["next"]
    assert len(set(seen)) == 5


# --- HTTP: conditional GET, CORS, negotiation ------------------------------------


def test_a_conditional_get_is_a_304_without_a_database_query(client, partner_a, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    PublishedProjectFactory(lead_partner=partner_a)
    first = client.get("/api/v1/projects/")
    etag = first["ETag"]

    queries = count_queries(lambda: client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag))
    response = client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert queries == 0
    assert (
        client.get("/api/v1/projects/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )


def test_a_content_change_changes_the_etag(client, partner_a):
    project = PublishedProjectFactory(lead_partner=partner_a)
    etag = client.get("/api/v1/projects/")["ETag"]

    project.title = "Neu"
    project.save()

    response = client.get("/api/v1/projects/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == "Neu"


def test_cors_is_open_for_reading(client):
    assert client.get("/api/v1/partners/")["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/partners/", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    refused = client.post("/api/v1/partners/")
    assert refused.status_code == 405
    assert "Access-Control-Allow-Origin" not in refused


def test_head_answers_like_get_without_a_body(client):
    response = client.head("/api/v1/partners/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


def test_a_session_is_ignored(client_of, partner_a, editor_a):
    ProjectFactory(lead_partner=partner_a)
    assert client_of(editor_a).get("/api/v1/projects/").json()["count"] == 0


# --- Rate limit and tokens ----------------------------------------------------------


def test_the_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    answers = [client.get("/api/v1/fields-of-action/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert answers[-1]["Content-Type"] == "application/problem+json"


def test_a_revoked_token_is_refused_at_once(client, editor_a):
    token, secret = services.issue_token(acting_user=editor_a, name="Skript")
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/projects/", **header).status_code == 200

    services.revoke_token(acting_user=editor_a, token=token)

    response = client.get("/api/v1/projects/", **header)
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert "Bearer" in response["WWW-Authenticate"]


def test_a_token_records_when_it_was_last_used(client, editor_a):
    token, secret = services.issue_token(acting_user=editor_a, name="Skript")
    client.get("/api/v1/partners/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_of_the_secret_is_stored(editor_a):
    token, secret = services.issue_token(acting_user=editor_a, name="Skript")
    token.refresh_from_db()
    assert secret not in (token.token_hash, token.prefix)
    assert secret.startswith(token.prefix)


def test_group_news_reach_the_group_through_the_token(client, member_a):
    group = WorkingGroupFactory()
    group.members.create(user=member_a)
    AnnouncementFactory(title="Gruppe", audience=Announcement.Audience.GROUP, working_group=group)
    assert [
        a["title"]
        for a in client.get("/api/v1/announcements/", **bearer(member_a)).json()["results"]
    ] == ["Gruppe"]
    assert client.get("/api/v1/announcements/").json()["count"] == 0


def test_last_modified_moves_on_with_every_change(client, partner_a, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    project = PublishedProjectFactory(lead_partner=partner_a)
    before = client.get("/api/v1/projects/")["Last-Modified"]

    project.title = "Geändert"
    project.save()

    response = client.get("/api/v1/projects/", HTTP_IF_MODIFIED_SINCE=before)
    assert response.status_code == 200
    assert response["Last-Modified"] != before


def test_the_etag_differs_by_language_and_by_reader(client, editor_a):
    german = client.get("/api/v1/partners/")["ETag"]
    english = client.get("/api/v1/partners/", HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    with_token = client.get("/api/v1/partners/", **bearer(editor_a))
    assert len({german, english, with_token["ETag"]}) == 3
    assert with_token["Cache-Control"] == "private, no-cache"


def test_the_page_cache_does_not_keep_api_answers(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/api/v1/partners/")
    assert "X-Cache" not in client.get("/api/v1/partners/")


def test_english_labels_with_accept_language(client, partner_a):
    PublishedProjectFactory(lead_partner=partner_a, status="operation")
    [item] = client.get("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert item["status_label"] == "In operation"


def test_a_draft_linked_from_an_event_or_an_adoption_is_named_only_to_its_readers(
    client, partner_a, editor_a
):
    draft = ProjectFactory(lead_partner=partner_a)
    EventFactory(host_partner=partner_a, project=draft)
    PublishedProjectFactory(lead_partner=PartnerFactory(), adopted_from=draft)

    assert [e["project"] for e in client.get("/api/v1/events/").json()["results"]] == [None]
    assert [p["adopted_from"] for p in client.get("/api/v1/projects/").json()["results"]] == [None]
    header = bearer(editor_a)
    assert [e["project"] for e in client.get("/api/v1/events/", **header).json()["results"]] == [
        draft.slug
    ]
    adopted = [
        p["adopted_from"] for p in client.get("/api/v1/projects/", **header).json()["results"]
    ]
    assert draft.slug in adopted
