"""Office and superuser rights hold only in a session that passed MFA (issue 15, Why #1).

Every URL pattern of the browser suite's route inventory (tests/browser/routes.py:
ROUTES, the patterns it EXCLUDES as no HTML page, and the admin's generated pages)
is opened as a project-office member and as a superuser whose sessions did not
pass MFA, and as an account without a partner. Outside /intern/ and /admin/ the
answer is the same, byte for byte once the person's address, CSRF tokens and
nonces are taken out; inside, they are sent to set up or confirm MFA. A second
walk without RequireMFAForOfficeMiddleware shows that the views, querysets and
the admin refuse on their own (the rule, not the middleware, holds the line).
With MFA the same people reach their office pages.
"""

import difflib
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from community import services
from community.models import CalendarFeedToken, Document, Event
from partners.models import Membership
from tests.browser.admin_pages import admin_pages
from tests.browser.routes import EXCLUDED, OFFICE, ROUTES, SUPERUSER
from tests.browser.world import build_world
from tests.community.factories import EventFactory, WorkingGroupFactory, WorkingGroupMemberFactory
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    make_project_office,
    with_totp,
)
from tests.loi.factories import pdf_bytes

pytestmark = pytest.mark.django_db

MFA_MIDDLEWARE = "partners.middleware.RequireMFAForOfficeMiddleware"
PROTECTED = ("/admin/", "/intern/")


@dataclass(frozen=True)
class Request:
    name: str
    method: str
    url: str  # str.format template, filled from the world


# The patterns routes.py leaves out of its page list (downloads, feeds, POST-only
# actions), each with the request that reaches it. POSTs carry no data: a refusal
# comes before the form is read, and an allowed one shows the form's errors.
EXCLUDED_REQUESTS = [
    Request("socialaccount_login_error", "GET", "/accounts/3rdparty/login/error/"),
    Request("core:healthz", "GET", "/healthz"),
    Request("core:robots_txt", "GET", "/robots.txt"),
    Request("core:sitemap", "GET", "/sitemap.xml"),
    Request("projects:export_csv", "GET", "/projekte/export.csv"),
    Request("projects:export_json", "GET", "/projekte/export.json"),
    Request("projects:feed", "GET", "/projekte/feed/"),
    Request("insights:figure_csv", "GET", "/zahlen/projekte-status.csv"),
    Request("loi:register_csv", "GET", "/absichtserklaerung/export.csv"),
    Request("partners:suggestions", "GET", "/partner/vorschlaege/?partner=Test"),
    Request("insights:catalogue_ttl", "GET", "/opendata/katalog.ttl"),
    Request("insights:catalogue_jsonld", "GET", "/opendata/katalog.jsonld"),
    Request(
        "loi_intern:oparl_sync",
        "POST",
        "/intern/absichtserklaerung/{partner_slug}/ratsinfo/abgleichen/",
    ),
    Request(
        "projects_intern:invitation_accept", "POST", "/intern/projekte/einladungen/1/annehmen/"
    ),
    # The read API: with a session cookie it answers as to anyone (only tokens count).
    Request("api:api-root", "GET", "/api/v1/"),
    Request("api:openapi-json", "GET", "/api/v1/openapi.json"),
    Request("api:console", "GET", "/api/v1/docs/konsole/"),
    Request("api:not_found", "GET", "/api/v1/gibt-es-nicht/"),
    Request("api:partner_list", "GET", "/api/v1/partners/"),
    Request("api:partner_detail", "GET", "/api/v1/partners/{partner_slug}/"),
    Request("api:field_list", "GET", "/api/v1/fields-of-action/"),
    Request("api:field_detail", "GET", "/api/v1/fields-of-action/unbekannt/"),
    Request("api:project_list", "GET", "/api/v1/projects/"),
    Request("api:project_detail", "GET", "/api/v1/projects/{project_slug}/"),
    Request("api:need_list", "GET", "/api/v1/needs/"),
    Request("api:need_detail", "GET", "/api/v1/needs/{need_slug}/"),
    Request("api:event_list", "GET", "/api/v1/events/"),
    Request("api:event_detail", "GET", "/api/v1/events/{event_pk}/"),
    Request("api:tour_stops", "GET", "/api/v1/tour-stops/"),
    Request("api:announcement_list", "GET", "/api/v1/announcements/"),
    Request("api:announcement_detail", "GET", "/api/v1/announcements/{announcement_pk}/"),
    Request("api:document_list", "GET", "/api/v1/documents/"),
    Request("api:document_detail", "GET", "/api/v1/documents/{document_pk}/"),
    Request("api:accession_register", "GET", "/api/v1/accession-register/"),
    Request("api:current_agreement", "GET", "/api/v1/agreement/"),
    Request("community:public_calendar", "GET", "/termine.ics"),
    Request("community:event_ics", "GET", "/termine/{internal_event_pk}/termin.ics"),
    Request("community:announcement_feed", "GET", "/aktuelles/feed/"),
    Request("community:document_download", "GET", "/dokumente/{document_pk}/"),
    Request("community:document_download", "GET", "/dokumente/{closed_document_pk}/"),
    Request(
        "community_intern:document_version_download",
        "GET",
        "/intern/dokumente/{closed_document_pk}/versionen/1/",
    ),
    Request(
        "loi_intern:signed_pdf",
        "GET",
        "/intern/absichtserklaerung/{partner_slug}/unterzeichnet.pdf",
    ),
    Request("loi_intern:document", "GET", "/intern/absichtserklaerung/{partner_slug}/dokument.pdf"),
    Request("loi_intern:proposal", "GET", "/intern/absichtserklaerung/{partner_slug}/vorlage/"),
    Request("partners_intern:personal_data", "GET", "/intern/profil/meine-daten.json"),
    Request("mfa_download_recovery_codes", "GET", "/accounts/2fa/recovery-codes/download/"),
    Request("mfa_list_webauthn", "GET", "/accounts/2fa/webauthn/"),
    Request("mfa_add_webauthn", "GET", "/accounts/2fa/webauthn/add/"),
    Request("projects_intern:submit", "POST", "/intern/projekte/{draft_pk}/einreichen/"),
    Request("projects_intern:publish", "POST", "/intern/projekte/{draft_pk}/veroeffentlichen/"),
    Request("projects_intern:request_changes", "POST", "/intern/projekte/{draft_pk}/zurueckgeben/"),
    Request(
        "projects_intern:interest_create",
        "POST",
        "/intern/projekte/{other_project_pk}/nachnutzung/",
    ),
    Request(
        "projects_intern:interest_decide", "POST", "/intern/projekte/nachnutzung/{interest_pk}/"
    ),
    Request("exchange_intern:open", "POST", "/intern/bedarfe/{need_pk}/oeffnen/"),
    Request("exchange_intern:start_exchange", "POST", "/intern/bedarfe/{need_pk}/im-austausch/"),
    Request("exchange_intern:cosign", "POST", "/intern/bedarfe/{need_pk}/mitzeichnen/"),
    Request(
        "exchange_intern:joint_draft_comment",
        "POST",
        "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/kommentare/",
    ),
    Request(
        "exchange_intern:joint_draft_confirm",
        "POST",
        "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/bestaetigen/",
    ),
    Request(
        "exchange_intern:council_paper_pdf",
        "GET",
        "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/beschlussvorlage/{joint_partner_pk}.pdf",
    ),
    Request(
        "exchange_intern:council_paper_odt",
        "GET",
        "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/beschlussvorlage/{joint_partner_pk}.odt",
    ),
    Request("projects_intern:import_status", "GET", "/intern/projekte-import/1/"),
    Request("projects_intern:import_retry", "POST", "/intern/projekte-import/1/erneut/"),
    Request(
        "community_intern:group_join", "POST", "/intern/arbeitsgruppen/{group_slug}/beitreten/"
    ),
    Request(
        "community_intern:group_request_membership",
        "POST",
        "/intern/arbeitsgruppen/{group_slug}/beitritt-anfragen/",
    ),
    Request(
        "community_intern:group_leave", "POST", "/intern/arbeitsgruppen/{group_slug}/verlassen/"
    ),
    Request(
        "community_intern:group_add_member",
        "POST",
        "/intern/arbeitsgruppen/{closed_group_slug}/mitglieder/",
    ),
    Request(
        "community_intern:group_invite_expert",
        "POST",
        "/intern/arbeitsgruppen/{closed_group_slug}/experten/{expert_pk}/einladen/",
    ),
    Request(
        "community_intern:group_upload",
        "POST",
        "/intern/arbeitsgruppen/{closed_group_slug}/dokumente/",
    ),
    Request(
        "loi_intern:reopen", "GET", "/intern/absichtserklaerung/{partner_slug}/wiedereroeffnen/"
    ),
    Request(
        "loi_intern:deliberation_delete",
        "POST",
        "/intern/absichtserklaerung/{partner_slug}/beratung/{deliberation_pk}/loeschen/",
    ),
    Request("partners_intern:invite", "POST", "/intern/partner/{partner_slug}/einladen/"),
    Request(
        "partners_intern:resend_invitation",
        "POST",
        "/intern/partner/{partner_slug}/einladungen/{invitation_pk}/erneut-senden/",
    ),
    Request(
        "partners_intern:change_role",
        "POST",
        "/intern/partner/{partner_slug}/kolleginnen/{member_membership_pk}/rolle/",
    ),
]
# What no request here can reach: allauth steps that need a login in progress or a
# key from an e-mail. None of them asks an office right.
NOT_REACHABLE = {
    "community:private_calendar": "a token of one's own: test_private_feed_shows_no_office_events",
    "loi:council_calendar": "a signed address of one's own, handed out on an MFA-guarded page",
    "mfa_login_webauthn": "only during a login with a passkey",
    "mfa_reauthenticate_webauthn": "only for a person with a passkey of their own",
    "mfa_edit_webauthn": "needs a passkey of one's own (tests/partners/test_passkeys*.py)",
    "mfa_remove_webauthn": "needs a passkey of one's own (tests/partners/test_passkeys*.py)",
    "account_set_password": "redirects (every account has a password)",
    "mfa_authenticate": "only during a login",
    "account_confirm_login_code": "login by code is not enabled",
    "account_confirm_email": "needs the key from a verification e-mail",
    "account_reset_password_from_key": "needs the key from a reset e-mail",
    "account_request_reauthentication_code": "login by code is not enabled",
    "account_confirm_reauthentication_code": "login by code is not enabled",
    # Single sign-on: an SSO login passes the same MFA step as a password login
    # (tests/partners/sso/test_sessions_and_rights.py, against a real provider).
    "openid_connect_login": "the world's provider has no secret set (started from sso_start)",
    "openid_connect_callback": "only as the provider's redirect during a login",
    "socialaccount_signup": "sign-up through SSO is closed (partners/sso/admission.py)",
}


def _world() -> dict:
    """The browser suite's world plus what the issue found open: a closed working group
    with an internal document and an internal event of another partner."""
    world = build_world()
    closed = WorkingGroupFactory(name="Geschlossene Runde", is_open=False)
    WorkingGroupMemberFactory(group=closed, user=world["editor"])
    document = Document.objects.create(title="Vertrauliches Protokoll", working_group=closed)
    services.add_version(
        document=document,
        file=SimpleUploadedFile("vertraulich.pdf", pdf_bytes(), content_type="application/pdf"),
        acting_user=world["editor"],
    )
    event = EventFactory(
        title="Interne Klausur der Runde",
        host_partner=world["other_partner"],
        working_group=closed,
        is_public=False,
    )
    world.update(
        closed_group_slug=closed.slug,
        closed_document_pk=document.pk,
        internal_event_pk=event.pk,
    )
    return world


def _person(email: str):
    """Every persona of the comparison has the same name, so only the address differs."""
    return UserFactory(email=email, first_name="Erika", last_name="Muster")


# Whom each persona is compared with: an account without a partner in the same
# state of its own two-factor setup (the account pages show that setup).
REFERENCE = {
    "office without an authenticator": "nobody",
    "office whose session skipped MFA": "nobody with an authenticator",
    "superuser without an authenticator": "nobody",
}


def _people() -> dict:
    office_without_app = make_project_office(_person("office-no-app@example.org"), mfa=False)
    office_unconfirmed = make_project_office(_person("office-unconfirmed@example.org"))
    root = _person("root-no-app@example.org")
    root.is_staff = root.is_superuser = True
    root.save()
    return {
        "nobody": _person("nobody@example.org"),
        "nobody with an authenticator": with_totp(_person("nobody-app@example.org")),
        "office without an authenticator": office_without_app,
        "office whose session skipped MFA": office_unconfirmed,
        "superuser without an authenticator": root,
    }


def _client_for(user, *, passed_mfa: bool) -> Client:
    client = Client()
    client.force_login(user)  # records the MFA step for people with an authenticator
    if passed_mfa:  # as allauth records a login: the password, then the code
        session = client.session
        records = session["account_authentication_methods"]
        session["account_authentication_methods"] = [
            {"method": "password", "at": records[0]["at"], "email": user.email},
            *records,
        ]
        session.save()
    else:
        session = client.session
        session.pop("account_authentication_methods", None)
        session.pop("account_authentication_methods_user", None)
        session.save()
    return client


def _requests(world: dict) -> list[Request]:
    requests = [Request(route.name, "GET", route.url) for route in ROUTES]
    requests += EXCLUDED_REQUESTS
    # Models without a row in the world are reported by tests/browser/test_admin.py.
    pages, _missing = admin_pages(world)
    requests += [Request(page.name, "GET", page.path) for page in pages]
    return requests


_NOISE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r"^DTSTAMP:.*$", re.MULTILINE), "DTSTAMP:"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00"), "TIMESTAMP"),
]


def _answer(client: Client, request: Request, world: dict, email: str) -> tuple:
    url = request.url.format(**world)
    response = client.post(url) if request.method == "POST" else client.get(url)
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace").replace(email, "EMAIL")
    for pattern, replacement in _NOISE:
        text = pattern.sub(replacement, text)
    return response.status_code, response.get("Location", ""), text


def test_the_inventory_is_complete():
    """Every pattern routes.py excludes has its request here or a reason why none."""
    covered = {request.name for request in EXCLUDED_REQUESTS} | set(NOT_REACHABLE)
    assert set(EXCLUDED) == covered


def _forget_messages(client: Client) -> None:
    """The middleware's "set up MFA" message would show on the next page of the walk."""
    client.cookies.pop("messages", None)
    session = client.session
    if session.pop("_messages", None) is not None:
        session.save()


def _walk(world, people, *, middleware: bool) -> list[str]:
    clients = {label: _client_for(user, passed_mfa=False) for label, user in people.items()}
    problems = []
    for request in _requests(world):
        url = request.url.format(**world)
        answers = {}
        for label in ("nobody", "nobody with an authenticator"):
            answers[label] = _answer(clients[label], request, world, people[label].email)
        for label, reference in REFERENCE.items():
            got = _answer(clients[label], request, world, people[label].email)
            _forget_messages(clients[label])
            expected = answers[reference]
            if middleware and url.startswith(PROTECTED):
                step = "mfa_activate_totp" if "without" in label else "mfa_reauthenticate"
                if got[0] != 302 or not got[1].startswith(reverse(step)):
                    problems.append(f"{label}: {request.method} {url} → {got[0]} {got[1]}")
            elif got != expected:
                problems.append(
                    f"{label}: {request.method} {url} → {got[0]} {got[1]!r}, "
                    f"an account without a partner gets {expected[0]} {expected[1]!r}"
                    + _diff(expected[2], got[2])
                )
    return problems


def _diff(expected: str, got: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), got.splitlines(), lineterm="", n=0)
    return "\n    " + "\n    ".join(list(lines)[2:10])


def test_without_mfa_office_and_superuser_reach_no_office_right(settings):
    settings.RATELIMIT_ENABLE = False
    world = _world()
    people = _people()
    problems = _walk(world, people, middleware=True)
    assert not problems, "\n".join(problems)


def test_without_the_middleware_the_rules_alone_refuse(settings):
    """The views, querysets and the admin ask the rule: no middleware holds the line."""
    settings.MIDDLEWARE = [entry for entry in settings.MIDDLEWARE if entry != MFA_MIDDLEWARE]
    world = _world()
    people = _people()
    problems = _walk(world, people, middleware=False)
    assert not problems, "\n".join(problems)


def test_with_mfa_the_office_and_the_superuser_reach_their_pages():
    world = _world()
    office = world["office"]
    people = {OFFICE: office, SUPERUSER: world["superuser"]}
    failures = []
    for route in ROUTES:
        # The account's own MFA settings also ask for a fresh re-authentication.
        if route.persona not in people or route.url.startswith("/accounts/"):
            continue
        response = _client_for(people[route.persona], passed_mfa=True).get(route.path(world))
        if response.status_code != 200:
            failures.append(f"{route.persona}: {route.path(world)} → {response.status_code}")
    assert not failures, failures
    client = _client_for(office, passed_mfa=True)
    assert client.get(f"/dokumente/{world['closed_document_pk']}/").status_code == 200
    assert client.get(f"/termine/{world['internal_event_pk']}/").status_code == 200
    assert "Interne Klausur der Runde" in client.get("/termine/").content.decode()


def test_the_findings_of_the_issue_are_closed():
    """Why #1: an internal document of a closed group, an internal event and the list."""
    world = _world()
    for user in _people().values():
        client = _client_for(user, passed_mfa=False)
        assert client.get(f"/dokumente/{world['closed_document_pk']}/").status_code == 404
        assert client.get(f"/termine/{world['internal_event_pk']}/").status_code == 404
        assert "Interne Klausur der Runde" not in client.get("/termine/").content.decode()


def test_the_superuser_has_no_right_without_mfa():
    """Django's "a superuser may do everything" waits for MFA as well."""
    root = _people()["superuser without an authenticator"]
    assert not root.has_perm("partners.delete_partner")
    assert not root.has_perm("core.access_admin")
    assert not root.has_module_perms("partners")


def test_private_feed_shows_no_office_events():
    """A calendar token is no session: the office member's feed carries what their
    partner roles show, never the office's view of every internal event."""
    world = _world()
    office = make_project_office(_person("office-feed@example.org"))
    MembershipFactory(user=office, partner=PartnerFactory(), role=Membership.Role.MEMBER)
    token = CalendarFeedToken.issue(office)
    feed = Client().get(f"/termine/privat/{token}.ics").content.decode()
    assert Event.objects.get(pk=world["internal_event_pk"]).title not in feed
