"""The one permission decorator (core.permissions), and that every view wears it or `public`.

The decorator's answers follow STYLE.md: logged out → the login page,
an object that is not yours → 404, a missing right where you may see the
object → 403, the right → the view, with the object it fetched.
"""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from core.permissions import Access, objectgetter, permission_required, public
from partners.models import Partner
from regiohub import urls as root_urls

# --- Every view asks ------------------------------------------------------------

# URL prefixes whose views are not ours; each asks for access in its own way.
NOT_OURS = {
    "admin/": "Django's admin: the site asks the rule core.access_admin (core/admin_site.py)",
    "accounts/": "django-allauth: login, password, e-mail and MFA pages handle their own access",
}
# Public views below /intern/, each with its reason.
PUBLIC_BELOW_INTERN = {
    "partners_intern:accept_invitation": "the invitation link: the invited person has no account",
}


def url_views() -> list[tuple[str, str, object]]:
    """(route, name, callback) of every URL pattern of the portal, found recursively."""

    def walk(resolver: URLResolver, prefix: str, namespace: str):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern, route, inner)
            elif isinstance(pattern, URLPattern):
                yield route, f"{namespace}{pattern.name}", pattern.callback

    return list(walk(get_resolver(), "", ""))


def our_views() -> list[tuple[str, str, object]]:
    return [view for view in url_views() if not view[0].startswith(tuple(NOT_OURS))]


def test_every_view_of_the_portal_asks_the_rules_or_is_marked_public():
    unguarded = [
        f"{name} ({route})"
        for route, name, view in our_views()
        if not isinstance(getattr(view, "access", None), Access)
    ]
    assert our_views()
    assert not unguarded, (
        "Guard these views with core.permissions.permission_required, or mark them "
        f"@public: {unguarded}"
    )


def test_the_internal_area_asks_for_a_login_except_where_a_reason_is_given():
    public_inside = {
        name
        for route, name, view in our_views()
        if route.startswith("intern/") and not view.access.login
    }
    assert public_inside == set(PUBLIC_BELOW_INTERN)


def test_only_the_admin_and_allauth_are_exempt():
    """A new third-party include must be looked at (and named here) before it ships."""
    exempt = {route.split("/", 1)[0] + "/" for route, _name, _view in url_views()}
    exempt -= {route.split("/", 1)[0] + "/" for route, _name, _view in our_views()}
    assert exempt == set(NOT_OURS)


def test_the_marks_tell_what_a_view_asks():
    views = {name: view for _route, name, view in url_views()}
    assert views["partners_intern:members"].access == Access(
        perm="partners.manage_members", visible="partners.view_internal"
    )
    assert views["community:document_download"].access == Access(
        visible="community.view_document", login=False
    )
    assert views["core:home"].access == Access(login=False)


# --- The decorator's answers, on a probe view -------------------------------------

partner_by_slug = objectgetter(Partner, "slug", "slug")


@permission_required(
    "partners.manage_members", fn=partner_by_slug, visible="partners.view_internal"
)
def probe(request, partner: Partner, slug: str):
    return HttpResponse(f"{partner.name}|{slug}")


@permission_required(fn=partner_by_slug, visible="partners.view_internal", login=False)
def public_probe(request, partner: Partner, slug: str):
    return HttpResponse(partner.name)


@permission_required("core.access_intern")
@permission_required(fn=partner_by_slug, visible="partners.view_internal")
def stacked_probe(request, partner: Partner, slug: str):
    return HttpResponse(partner.name)


@permission_required()
def login_probe(request):
    return HttpResponse(request.user.email)


urlpatterns = [
    path("probe/<slug:slug>/", probe, name="probe"),
    path("public-probe/<slug:slug>/", public_probe),
    path("stacked-probe/<slug:slug>/", stacked_probe),
    path("login-probe/", login_probe),
    *root_urls.urlpatterns,
]
handler500 = root_urls.handler500
handler400 = root_urls.handler400

as_probe_urls = pytest.mark.urls(__name__)


@pytest.mark.django_db
@as_probe_urls
def test_anonymous_visitor_is_sent_to_login_with_next(client, partner_a):
    response = client.get(f"/probe/{partner_a.slug}/?tab=1")
    assert response.status_code == 302
    expected = f"{reverse('account_login')}?next=/probe/{partner_a.slug}/%3Ftab%3D1"
    assert response["Location"] == expected


@pytest.mark.django_db
@as_probe_urls
def test_anonymous_visitor_is_sent_to_login_before_anything_is_looked_up(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/probe/gibt-es-nicht/")
    assert response.status_code == 302
    assert not [q for q in queries.captured_queries if "partners_partner" in q["sql"]]


@pytest.mark.django_db
@as_probe_urls
def test_an_object_that_is_not_yours_is_404(client_of, admin_b, partner_a):
    assert client_of(admin_b).get(f"/probe/{partner_a.slug}/").status_code == 404


@pytest.mark.django_db
@as_probe_urls
def test_an_unknown_object_is_404(client_of, admin_a):
    assert client_of(admin_a).get("/probe/gibt-es-nicht/").status_code == 404


@pytest.mark.django_db
@as_probe_urls
def test_a_missing_right_on_an_object_you_see_is_403(client_of, member_a, partner_a):
    assert client_of(member_a).get(f"/probe/{partner_a.slug}/").status_code == 403


@pytest.mark.django_db
@as_probe_urls
def test_with_the_right_the_view_gets_the_object_fetched_once(client_of, admin_a, partner_a):
    client = client_of(admin_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/probe/{partner_a.slug}/")
    assert response.status_code == 200
    assert response.content.decode() == f"{partner_a.name}|{partner_a.slug}"
    lookups = [q for q in queries.captured_queries if 'FROM "partners_partner"' in q["sql"]]
    assert len(lookups) == 1


@pytest.mark.django_db
@as_probe_urls
def test_the_office_passes_every_check(client_of, office, partner_a):
    assert client_of(office).get(f"/probe/{partner_a.slug}/").status_code == 200


@pytest.mark.django_db
@as_probe_urls
def test_without_login_the_anonymous_visitor_gets_404_for_what_they_may_not_see(
    client, client_of, member_a, partner_a
):
    assert client.get(f"/public-probe/{partner_a.slug}/").status_code == 404
    assert client_of(member_a).get(f"/public-probe/{partner_a.slug}/").status_code == 200


@pytest.mark.django_db
@as_probe_urls
def test_a_check_stacked_above_answers_before_the_lookup(client_of, partner_a):
    from tests.factories import UserFactory

    outsider = client_of(UserFactory())  # no partner: no internal area
    assert outsider.get("/stacked-probe/gibt-es-nicht/").status_code == 403
    assert outsider.get(f"/stacked-probe/{partner_a.slug}/").status_code == 403


@pytest.mark.django_db
@as_probe_urls
def test_a_stacked_lookup_still_hides_the_object_of_another_partner(client_of, admin_b, partner_a):
    assert client_of(admin_b).get(f"/stacked-probe/{partner_a.slug}/").status_code == 404
    assert client_of(admin_b).get("/stacked-probe/gibt-es-nicht/").status_code == 404


@pytest.mark.django_db
@as_probe_urls
def test_without_rules_the_decorator_asks_only_for_a_login(client, client_of, member_a):
    assert client.get("/login-probe/").status_code == 302
    response = client_of(member_a).get("/login-probe/")
    assert response.content.decode() == member_a.email


def test_public_marks_a_view_and_changes_nothing_else():
    def view(request):
        return HttpResponse("ok")

    assert public(view) is view
    assert view.access == Access(perm=None, visible=None, login=False)
