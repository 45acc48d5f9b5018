"""The anonymous page cache: hits for visitors, exact invalidation, nothing private."""

import secrets

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from core import pagecache
from projects.models import Project
from projects.services import archive_project, publish_project, save_project, submit_project
from tests.projects.factories import (
    FieldOfActionFactory,
    ProjectFactory,
    PublishedProjectFactory,
)

pytestmark = pytest.mark.django_db

SHOWCASE = "/projekte/"


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def test_it_serves_the_second_anonymous_visit_from_the_cache(client):
    project = PublishedProjectFactory(title="Digitale Dorfwerkstatt")
    first = get(client, SHOWCASE)
    second = get(client, SHOWCASE)
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert project.title in second.content.decode()


def test_a_hit_keeps_the_security_headers(client):
    PublishedProjectFactory()
    first = get(client, SHOWCASE)
    second = get(client, SHOWCASE)
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
        assert second[header] == first[header]


def test_a_hit_runs_no_sql(client, django_assert_num_queries):
    PublishedProjectFactory()
    get(client, SHOWCASE)
    # The database cache answers with one query; Redis would need none.
    with django_assert_num_queries(1):
        assert get(client, SHOWCASE)["X-Cache"] == "hit"


def test_the_query_is_part_of_the_key_in_any_order(client):
    PublishedProjectFactory(status=Project.Status.IDEA)
    get(client, SHOWCASE + "?status=idea&art=joint")
    assert get(client, SHOWCASE + "?art=joint&status=idea")["X-Cache"] == "hit"
    assert get(client, SHOWCASE + "?status=planning")["X-Cache"] == "miss"


def test_each_language_has_its_own_entry(client):
    PublishedProjectFactory()
    german = get(client, SHOWCASE, HTTP_ACCEPT_LANGUAGE="de")
    english = get(client, SHOWCASE, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Cache"] == "miss"
    assert german["Content-Language"] == "de"
    assert english["Content-Language"] == "en"
    assert get(client, SHOWCASE, HTTP_ACCEPT_LANGUAGE="en").content == english.content


def test_the_htmx_partial_and_the_full_page_are_separate_entries(client):
    PublishedProjectFactory()
    full = get(client, SHOWCASE)
    partial = get(client, SHOWCASE, HTTP_HX_REQUEST="true")
    assert partial["X-Cache"] == "miss"
    assert b"<html" in full.content
    assert b"<html" not in partial.content


def test_publishing_shows_the_project_at_once(client, office, editor_a, partner_a):
    draft = ProjectFactory(lead_partner=partner_a, title="Neue Rufbus-Linie")
    PublishedProjectFactory()
    assert draft.title not in get(client, SHOWCASE).content.decode()
    assert get(client, SHOWCASE)["X-Cache"] == "hit"

    submit_project(project=draft, acting_user=editor_a)
    publish_project(project=draft, acting_user=office)

    response = get(client, SHOWCASE)
    assert response["X-Cache"] == "miss"
    assert draft.title in response.content.decode()


def test_editing_a_published_project_changes_its_cached_pages(client, editor_a, partner_a):
    project = PublishedProjectFactory(lead_partner=partner_a, title="Alter Titel")
    get(client, SHOWCASE)
    get(client, project.get_absolute_url())

    project.title = "Neuer Titel"
    save_project(
        project=project,
        acting_user=editor_a,
        fields_of_action=[],
        expected_version=project.version,
    )

    assert "Neuer Titel" in get(client, SHOWCASE).content.decode()
    assert "Neuer Titel" in get(client, project.get_absolute_url()).content.decode()


def test_archiving_removes_the_project_from_the_cached_pages(client, office):
    project = PublishedProjectFactory(title="Bald im Archiv")
    assert project.title in get(client, SHOWCASE).content.decode()
    get(client, project.get_absolute_url())

    archive_project(project=project, acting_user=office)

    assert project.title not in get(client, SHOWCASE).content.decode()
    assert client.get(project.get_absolute_url()).status_code == 404


def test_editing_a_partner_changes_its_cached_profile_and_the_showcase(client, partner_a):
    PublishedProjectFactory(lead_partner=partner_a)
    get(client, partner_a.get_absolute_url())
    get(client, SHOWCASE)

    partner_a.name = "Landkreis Umbenannt"
    partner_a.save()

    assert "Landkreis Umbenannt" in get(client, partner_a.get_absolute_url()).content.decode()
    assert "Landkreis Umbenannt" in get(client, SHOWCASE).content.decode()


def test_a_login_alone_keeps_the_cache(client, editor_a):
    PublishedProjectFactory()
    get(client, SHOWCASE)
    editor_a.last_login = editor_a.date_joined
    editor_a.save(update_fields=["last_login"])
    assert get(client, SHOWCASE)["X-Cache"] == "hit"


def test_a_logged_in_visitor_never_gets_a_cached_page(client, client_of, editor_a):
    PublishedProjectFactory()
    anonymous = get(Client(), SHOWCASE)
    assert get(Client(), SHOWCASE)["X-Cache"] == "hit"

    response = get(client_of(editor_a), SHOWCASE)

    assert "X-Cache" not in response
    assert response.content != anonymous.content  # the header shows the logged-in user


def test_a_page_rendered_for_a_logged_in_visitor_is_never_stored(client_of, editor_a):
    PublishedProjectFactory()
    get(client_of(editor_a), SHOWCASE)
    assert get(Client(), SHOWCASE)["X-Cache"] == "miss"


def test_internal_pages_are_never_cached(client_of, editor_a):
    staff = client_of(editor_a)
    assert "X-Cache" not in staff.get("/intern/")
    assert "X-Cache" not in Client().get("/intern/")
    assert "X-Cache" not in Client().get("/accounts/login/")
    assert "X-Cache" not in Client().get("/admin/")


def test_the_health_check_is_never_cached(client):
    client.get("/healthz")
    assert "X-Cache" not in client.get("/healthz")


def test_a_page_with_a_csrf_protected_form_is_never_cached(client):
    # The accessibility statement carries the barrier report form with its token.
    first = get(client, "/barrierefreiheit/")
    second = get(client, "/barrierefreiheit/")
    assert b"csrfmiddlewaretoken" in second.content
    assert "X-Cache" not in first
    assert "X-Cache" not in second


def test_not_found_is_never_cached(client):
    client.get("/projekte/gibt-es-nicht/")
    assert "X-Cache" not in client.get("/projekte/gibt-es-nicht/")


def test_the_exports_stream_past_the_cache(client):
    PublishedProjectFactory()
    client.get("/projekte/export.json")
    response = client.get("/projekte/export.json")
    assert response.streaming
    assert "X-Cache" not in response


def test_a_cached_page_sets_no_cookie(client):
    PublishedProjectFactory()
    get(client, SHOWCASE)
    assert not get(client, SHOWCASE).cookies


def test_pages_use_no_csp_nonce(client):
    # A nonce would be frozen into cached pages; the policy is strict 'self' instead.
    PublishedProjectFactory()
    for url in ("/", SHOWCASE):
        assert "nonce" not in get(client, url)["Content-Security-Policy"]


def test_it_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    PublishedProjectFactory()
    get(client, SHOWCASE)
    assert "X-Cache" not in get(client, SHOWCASE)


# --- Which variants of a page are kept (issue 15, Why 7) ---------------------


def cached_pages() -> int:
    """How many pages the shared cache holds (the tests' cache is the database table)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {settings.CACHES['default']['LOCATION']} "  # noqa: S608
            "WHERE cache_key LIKE %s",
            [f"%{pagecache.KEY_PREFIX}%"],
        )
        return cursor.fetchone()[0]


def test_unknown_parameters_make_no_new_entries(client):
    PublishedProjectFactory()
    get(client, "/")
    for _ in range(60):
        response = client.get(f"/?x={secrets.token_hex(8)}")
        assert response.status_code == 302
        assert response["Location"] == "/"
    assert cached_pages() == 1
    assert get(client, "/")["X-Cache"] == "hit"


def test_an_unknown_parameter_redirects_to_the_page_with_the_known_ones(client):
    PublishedProjectFactory(status=Project.Status.IDEA)
    response = client.get(SHOWCASE + "?status=idea&utm_source=newsletter&q=Dorf&q=Rad")
    assert response.status_code == 302
    assert response["Location"] == SHOWCASE + "?status=idea&q=Dorf&q=Rad"


def test_the_language_switch_is_no_unknown_parameter(client):
    response = client.get(SHOWCASE + "?language=en")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


def test_a_page_that_declares_no_parameters_is_not_cached_with_a_query(client):
    # The tour page does not say which parameters it reads: served, never stored.
    client.get("/innovationsmobil/?x=1")
    assert "X-Cache" not in client.get("/innovationsmobil/?x=1")
    assert cached_pages() == 0


def test_a_logged_in_visitor_keeps_unknown_parameters(client_of, editor_a):
    assert client_of(editor_a).get("/?x=1").status_code == 200


def test_real_filters_are_cached_separately_and_invalidated(client, office, editor_a, partner_a):
    mobility = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    health = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    bus = PublishedProjectFactory(title="Rufbus im Fläming", fields=[mobility])
    PublishedProjectFactory(title="Telemedizin im Dorf", fields=[health])
    by_mobility = get(client, SHOWCASE + "?handlungsfeld=mobilitaet")
    by_health = get(client, SHOWCASE + "?handlungsfeld=gesundheit")
    assert bus.title in by_mobility.content.decode()
    assert bus.title not in by_health.content.decode()
    assert get(client, SHOWCASE + "?handlungsfeld=mobilitaet")["X-Cache"] == "hit"
    assert get(client, SHOWCASE + "?handlungsfeld=gesundheit")["X-Cache"] == "hit"

    draft = ProjectFactory(lead_partner=partner_a, title="Carsharing Zossen")
    draft.fields_of_action.set([mobility])
    submit_project(project=draft, acting_user=editor_a)
    publish_project(project=draft, acting_user=office)

    response = get(client, SHOWCASE + "?handlungsfeld=mobilitaet")
    assert response["X-Cache"] == "miss"
    assert draft.title in response.content.decode()


def test_the_number_of_variants_per_path_is_bounded(client, settings):
    settings.PAGE_CACHE_VARIANTS = 5
    PublishedProjectFactory()
    searches = [f"{SHOWCASE}?q={secrets.token_hex(4)}" for _ in range(20)]
    statuses = [get(client, url)["X-Cache"] for url in searches]
    assert statuses == ["miss"] * 5 + ["bypass"] * 15
    assert cached_pages() == 5
    # The kept variants are still served from the cache, and so is the page without a query.
    assert get(client, searches[0])["X-Cache"] == "hit"
    assert get(client, searches[-1])["X-Cache"] == "bypass"
    get(client, SHOWCASE)
    assert get(client, SHOWCASE)["X-Cache"] == "hit"
    # Another path has its own bound.
    assert get(client, "/partner/?land=brandenburg")["X-Cache"] == "miss"
