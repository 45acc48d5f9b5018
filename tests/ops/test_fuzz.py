"""Bad input never breaks anything: hypothesis throws generated and hostile values at forms,
filters and query parameters.

For every target: never a server error; no row changes that should not change;
a rejected form comes back (200) with the typed input kept. To cover a new
form or filter, add a `Target` to TARGETS: the URL (formatted with the
fixtures' objects), the persona fixture that uses it, the fields, and for
forms the id of the form whose current values are sent along.
"""

import html
import os
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import (
    Announcement,
    CalendarFeedToken,
    Document,
    DocumentVersion,
    Event,
    Expert,
    StopRequest,
    WorkingGroupMember,
)
from legal.models import BarrierReport
from loi.models import Accession, Agreement, Deliberation
from notifications.models import NotificationSetting
from partners.models import Membership, Partner, User
from projects.models import (
    ImportRun,
    Participation,
    Project,
    ProjectTransition,
    PublicationState,
    TransferInterest,
)
from tests.ops.htmlforms import form_values

pytestmark = pytest.mark.django_db

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "x" * 5000,
        "\x00",
        "a\x00b",
        "\x1b[31m\x07",
        "\r\n\t",
        "' OR 1=1 --",
        "'; DROP TABLE partners_partner; --",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "9" * 400,
        "-1",
        "-99999999999999999999",
        "2147483648",
        "1e309",
        "NaN",
        "-0",
        "0x1F",
        "²",
        "١٢",
        "%00",
        "%ff%fe",
        "../../etc/passwd",
        "Ä" * 300,
        "\u202egnp.exe",
        "\ufeff",
        "{{ 7*7 }}",
        "${jndi:ldap://x}",
        "[]",
        '{"a": 1}',
        "on",
        "true",
        "1",
        "0",
        "9999-12-31",
        "0000-00-00",
        "2026-02-30",
        "31.12.2026",
        "landkreis",
        "stadt",
        "BB",
        "de",
        "en",
    ]
)
INVALID_UTF8 = st.sampled_from([b"\xff\xfe", b"\xc0\xaf", b"a\x80b", b"\xed\xa0\x80"])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
VALUE = st.one_of(HOSTILE, TEXT, st.integers().map(str), st.floats().map(str), INVALID_UTF8)
ERROR_MARKERS = ("kern-error", "errorlist", "errornote", "kern-alert")


@dataclass(frozen=True)
class Target:
    name: str
    url: str  # formatted with the objects from the `world` fixture
    fields: tuple[str, ...] = ()  # POST: the form's own fields are added from the page
    persona: str | None = None  # fixture name of the user, None for a visitor
    method: str = "GET"
    # POST: the form whose current values are sent along: its id, "action:<url>"
    # or "post" (the page's first POST form); None sends only the fuzzed values.
    form_id: str | None = None
    page: str | None = None  # POST: the page holding the form (default: url)
    # POST: which rows may change when the form is accepted (model, path in the world)
    may_change: tuple[tuple[type, str], ...] = field(default=())
    may_create: tuple[type, ...] = ()  # POST: models that may gain rows when accepted
    kept: tuple[str, ...] = ()  # text fields whose typed value a rejected form shows again
    accepted: tuple[int, ...] = (302,)  # POST: statuses of an accepted form
    rerendered: tuple[int, ...] = (200,)  # POST: statuses of a refused form shown again
    examples: int = 8


PROJECT_FORM_FIELDS = (
    "title",
    "summary",
    "description",
    "kind",
    "status",
    "lead_partner",
    "fields_of_action",
    "transfer_direction",
    "start_date",
    "end_date",
    "funding_programme",
    "funding_amount",
    "website",
    "contact_name",
    "contact_email",
    "contact_is_public",
    "image_alt",
    "version",
    "remove_image",
    "action",
    "teilnehmende-TOTAL_FORMS",
    "teilnehmende-INITIAL_FORMS",
    "teilnehmende-MAX_NUM_FORMS",
    "teilnehmende-0-partner",
    "teilnehmende-0-role",
    "teilnehmende-1-partner",
)
SHOWCASE_FILTERS = ("q", "handlungsfeld", "partner", "status", "richtung", "art", "sort", "page")
RECORD = "/intern/absichtserklaerung/{partner.slug}"

TARGETS = [
    # --- partners, site-wide (the first suite) ---
    Target("partner directory filters", "/partner/", ("art", "land", "page", "q"), examples=25),
    Target("language switch", "/", ("language",), examples=25),
    Target("language switch on a partner", "/partner/{partner.slug}/", ("language",)),
    Target("health check", "/healthz", ("database", "format")),
    Target("robots.txt", "/robots.txt", ("user-agent",)),
    Target("internal dashboard", "/intern/", ("language", "tab"), persona="member_a"),
    Target(
        "admin: edit a partner (project office)",
        "/admin/partners/partner/{partner.pk}/change/",
        (
            "name",
            "short_name",
            "slug",
            "kind",
            "federal_state",
            "ags",
            "postal_code",
            "latitude",
            "longitude",
            "website",
            "contact_email",
            "description",
            "joined_on",
            "memberships-TOTAL_FORMS",
        ),
        persona="office",
        method="POST",
        form_id="partner_form",
        may_change=((Partner, "partner.pk"),),
        kept=("name", "description"),
        examples=25,
    ),
    # --- projects ---
    Target("showcase filters", "/projekte/", SHOWCASE_FILTERS, examples=15),
    Target("showcase filters (logged in)", "/projekte/", SHOWCASE_FILTERS, persona="member_a"),
    Target("CSV export filters", "/projekte/export.csv", SHOWCASE_FILTERS),
    Target("JSON export filters", "/projekte/export.json", SHOWCASE_FILTERS),
    Target("project feed", "/projekte/feed/", SHOWCASE_FILTERS),
    Target("project page", "/projekte/{published.slug}/", ("language", "page")),
    Target("internal project list", "/intern/projekte/", ("stand", "page"), persona="editor_a"),
    Target(
        "project form: new project",
        "/intern/projekte/neu/",
        PROJECT_FORM_FIELDS,
        persona="editor_a",
        method="POST",
        form_id="post",
        may_create=(Project, Participation, ProjectTransition),
        kept=("title", "summary", "description", "funding_programme", "contact_name"),
        examples=12,
    ),
    Target(
        "project form: edit with participants and preview",
        "/intern/projekte/{draft.pk}/bearbeiten/",
        PROJECT_FORM_FIELDS,
        persona="editor_a",
        method="POST",
        form_id="post",
        may_change=((Project, "draft.pk"),),
        may_create=(Participation, ProjectTransition),
        kept=("title", "summary", "description", "funding_programme", "contact_name"),
        examples=12,
    ),
    Target(
        "workflow: submit with a comment",
        "/intern/projekte/{draft.pk}/einreichen/",
        ("comment",),
        persona="editor_a",
        method="POST",
        may_change=((Project, "draft.pk"),),
        may_create=(ProjectTransition,),
    ),
    Target(
        "workflow: office returns with a comment",
        "/intern/projekte/{in_review.pk}/zurueckgeben/",
        ("comment",),
        persona="office",
        method="POST",
        may_change=((Project, "in_review.pk"),),
        may_create=(ProjectTransition,),
    ),
    Target(
        "workflow: office publishes and archives",
        "/intern/projekte/{in_review.pk}/veroeffentlichen/",
        ("comment",),
        persona="office",
        method="POST",
        may_change=((Project, "in_review.pk"),),
        may_create=(ProjectTransition,),
    ),
    Target(
        "transfer interest",
        "/intern/projekte/{published.pk}/nachnutzung/",
        ("partner", "message"),
        persona="admin_b",
        method="POST",
        form_id="action:/intern/projekte/{published.pk}/nachnutzung/",
        page="/projekte/{published.slug}/",
        may_create=(TransferInterest,),
    ),
    Target(
        "transfer interest decision",
        "/intern/projekte/nachnutzung/{interest.pk}/",
        ("status", "comment"),
        persona="admin_a",
        method="POST",
        form_id="action:/intern/projekte/nachnutzung/{interest.pk}/",
        page="/intern/projekte/{published.pk}/",
        may_change=((TransferInterest, "interest.pk"),),
        may_create=(Project, Participation, ProjectTransition),
    ),
    # --- letter of intent ---
    Target("public register", "/absichtserklaerung/", ("page", "q", "status", "language")),
    Target("accession records", "/intern/absichtserklaerung/", ("page", "status"), "office"),
    Target(
        "accession: resolution proposal",
        RECORD + "/vorlage/",
        persona="admin_a",
        method="POST",
        form_id="post",
        may_change=((Accession, "accession.pk"),),
        kept=("resolution_number", "subject", "proposal_place", "resolution_proposal"),
    ),
    Target(
        "accession: add a deliberation",
        RECORD + "/beratung/neu/",
        persona="admin_a",
        method="POST",
        form_id="post",
        may_create=(Deliberation,),
        kept=("body",),
    ),
    Target(
        "accession: edit a deliberation",
        RECORD + "/beratung/{deliberation.pk}/",
        persona="admin_a",
        method="POST",
        form_id="post",
        may_change=((Deliberation, "deliberation.pk"),),
        kept=("body",),
    ),
    Target(
        "accession: state transition with reason",
        RECORD + "/status/",
        ("target", "reason", "comment"),
        persona="office",
        method="POST",
        may_change=((Accession, "accession.pk"),),
    ),
    Target(
        "accession: state transition refused with a reason (partner admin)",
        RECORD + "/status/",
        ("target", "reason"),
        persona="admin_a",
        method="POST",
        may_change=((Accession, "accession.pk"),),
    ),
    Target(
        "accession: signature without a file",
        RECORD + "/unterzeichnung/",
        ("signatory_name", "signatory_function", "signed_on", "signed_pdf"),
        persona="admin_a",
        method="POST",
        form_id="post",
        may_change=((Accession, "accession.pk"),),
        kept=("signatory_name", "signatory_function"),
    ),
    Target(
        "follow-up agreement",
        "/intern/absichtserklaerung/folgevereinbarung/",
        persona="office",
        method="POST",
        form_id="post",
        may_change=((Agreement, "agreement.pk"),),
        may_create=(Agreement, Accession),
        kept=("title", "body"),
    ),
    # --- community ---
    Target("event list filters", "/termine/", ("art", "partner", "kommend", "seite")),
    Target("calendar feed", "/termine.ics", ("art", "partner", "language")),
    Target("event page", "/termine/{event.pk}/", ("language",)),
    Target("Innovationsmobil tour", "/innovationsmobil/", ("seite", "kommend")),
    Target("announcements", "/aktuelles/", ("seite", "q")),
    Target("internal announcements", "/intern/aktuelles/", ("seite", "q"), "member_a"),
    Target("public experts", "/experten/", ("q", "handlungsfeld", "sektor", "seite")),
    Target(
        "expert directory search",
        "/intern/experten/",
        ("q", "handlungsfeld", "sektor", "seite"),
        "member_a",
    ),
    Target("library", "/intern/bibliothek/", ("q", "seite"), "member_a"),
    Target(
        "Innovationsmobil stop request",
        "/intern/innovationsmobil/anfrage/",
        persona="admin_a",
        method="POST",
        form_id="post",
        may_create=(StopRequest,),
        kept=("place_name", "message"),
    ),
    Target(
        "notification settings",
        "/intern/benachrichtigungen/",
        persona="member_a",
        method="POST",
        form_id="post",
        may_create=(NotificationSetting,),
        may_change=((NotificationSetting, "*"),),
    ),
    Target(
        "calendar token",
        "/intern/kalender/",
        ("action",),
        persona="member_a",
        method="POST",
        may_create=(CalendarFeedToken,),
        may_change=((CalendarFeedToken, "*"),),
        accepted=(200, 302),  # a new link is shown once, on the page itself
    ),
    Target(
        "announcement form (project office)",
        "/intern/aktuelles/neu/",
        persona="office",
        method="POST",
        form_id="post",
        may_create=(Announcement,),
        kept=("title", "body"),
    ),
    Target(
        "library upload without a file",
        "/intern/bibliothek/hochladen/",
        ("file",),
        persona="office",
        method="POST",
        form_id="post",
        rerendered=(200, 400),
        kept=("title", "description"),
    ),
    Target(
        "project documents: upload without a file",
        "/intern/projekt-dokumente/{published.pk}/",
        ("file",),
        persona="editor_a",
        method="POST",
        form_id="post",
        rerendered=(200, 400),
        kept=("title", "description"),
    ),
    Target(
        "working group: upload without a file",
        "/intern/arbeitsgruppen/{group.slug}/dokumente/",
        ("title", "description", "file"),
        persona="member_a",
        method="POST",
        rerendered=(200, 400),
        kept=("title", "description"),
    ),
    Target(
        "working group: add a member",
        "/intern/arbeitsgruppen/{group.slug}/mitglieder/",
        ("email",),
        persona="office",
        method="POST",
        may_create=(WorkingGroupMember,),
    ),
    Target(
        "document: replace without a file",
        "/intern/dokumente/{document.pk}/ersetzen/",
        ("file", "title"),
        persona="member_a",
        method="POST",
        form_id="post",
        rerendered=(200, 400),
    ),
    Target("public document index", "/dokumente/", ("seite", "q")),
    Target(
        "event documents: upload without a file",
        "/intern/termine/{event.pk}/dokumente/",
        ("file",),
        persona="office",
        method="POST",
        form_id="post",
        rerendered=(200, 400),
        kept=("title", "description"),
    ),
    Target(
        "own expert entry",
        "/intern/experten/mein-eintrag/",
        persona="member_a",
        method="POST",
        form_id="post:2",
        may_change=((Expert, "expert.pk"),),
        kept=("organisation", "expertise"),
    ),
    # --- core, insights, office, legal, projects (import) ---
    Target(
        "barrier report form",
        "/barrierefreiheit/",
        ("page_url", "description", "reply_email"),
        method="POST",
        form_id="action:/barrierefreiheit/#fehler",
        may_create=(BarrierReport,),
        kept=("page_url", "description"),
    ),
    Target("barrier report page link", "/barrierefreiheit/", ("seite",)),
    Target("funder report period", "/intern/bericht/", ("von", "bis", "format"), "office"),
    Target("map layers", "/karte/", ("ebene", "handlungsfeld", "language")),
    Target("figures", "/zahlen/", ("language", "chart")),
    Target("figure CSV", "/zahlen/projekte-handlungsfeld.csv", ("language",)),
    Target(
        "project import without a valid file",
        "/intern/projekte-import/",
        ("partner", "datei", "schritt", "lauf", "zeile"),
        persona="office",
        method="POST",
        form_id="post",
    ),
    # --- accounts ---
    Target(
        "login form",
        "/accounts/login/",
        ("login", "password", "remember", "next"),
        method="POST",
        form_id="post",
        rerendered=(200, 400),
        kept=("login",),
    ),
    Target(
        "password reset form",
        "/accounts/password/reset/",
        ("email",),
        method="POST",
        form_id="post",
        rerendered=(200, 400),
    ),
    # --- the admin forms the office uses most ---
    Target(
        "admin: edit a project",
        "/admin/projects/project/{published.pk}/change/",
        ("title", "summary", "description", "funding_amount", "start_date", "end_date"),
        persona="office",
        method="POST",
        form_id="project_form",
        may_change=((Project, "published.pk"),),
        may_create=(Participation,),
        kept=("title", "summary"),
    ),
    Target(
        "admin: edit an accession",
        "/admin/loi/accession/{accession.pk}/change/",
        ("resolution_number", "subject", "proposal_date", "signed_on", "notes"),
        persona="office",
        method="POST",
        form_id="accession_form",
        # The office edits the accession's deliberations inline on the same page.
        may_change=((Accession, "accession.pk"), (Deliberation, "deliberation.pk")),
        may_create=(Deliberation,),
        kept=("subject",),
    ),
    Target(
        "admin: edit an event",
        "/admin/community/event/{event.pk}/change/",
        ("title", "description", "start_0", "start_1", "end_0", "end_1", "municipality_ags"),
        persona="office",
        method="POST",
        form_id="event_form",
        may_change=((Event, "event.pk"),),
        kept=("title",),
    ),
    Target(
        "admin: edit an announcement",
        "/admin/community/announcement/{announcement.pk}/change/",
        ("title", "body", "audience", "state", "publish_at_0", "publish_at_1"),
        persona="office",
        method="POST",
        form_id="announcement_form",
        may_change=((Announcement, "announcement.pk"),),
        kept=("title",),
    ),
    Target(
        "admin: project list search and filters",
        "/admin/projects/project/",
        ("q", "publication_state__exact", "o", "p", "all", "e"),
        persona="office",
    ),
]

WATCHED = (
    Partner,
    User,
    Membership,
    Project,
    Participation,
    ProjectTransition,
    TransferInterest,
    Agreement,
    Accession,
    Deliberation,
    Event,
    StopRequest,
    Announcement,
    CalendarFeedToken,
    BarrierReport,
    ImportRun,
    WorkingGroupMember,
    Document,
    DocumentVersion,
    Expert,
)


@pytest.fixture
def world(partner_a, partner_b, admin_a, editor_a, member_a, admin_b, settings, tmp_path):
    """One of everything the targets need; partner A's staff and the office use them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from community.services import add_version
    from tests.loi.factories import pdf_bytes

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    from tests.community.factories import (
        AnnouncementFactory,
        EventFactory,
        ExpertFactory,
        WorkingGroupFactory,
        WorkingGroupMemberFactory,
    )
    from tests.loi.factories import AccessionFactory, AgreementFactory, DeliberationFactory
    from tests.projects.factories import (
        FieldOfActionFactory,
        ProjectFactory,
        PublishedProjectFactory,
    )

    field_of_action = FieldOfActionFactory()
    published = PublishedProjectFactory(lead_partner=partner_a)
    published.fields_of_action.add(field_of_action)
    draft = ProjectFactory(lead_partner=partner_a)
    in_review = ProjectFactory(lead_partner=partner_a, publication_state=PublicationState.IN_REVIEW)
    interest = TransferInterest.objects.create(
        project=published, partner=partner_b, created_by=admin_b, message="Interesse"
    )
    group = WorkingGroupFactory()
    WorkingGroupMemberFactory(group=group, user=member_a)
    document = Document.objects.create(title="Protokoll", working_group=group)
    add_version(
        document=document, file=SimpleUploadedFile("v1.pdf", pdf_bytes()), acting_user=member_a
    )
    agreement = AgreementFactory()
    accession = AccessionFactory(agreement=agreement, partner=partner_a)
    return {
        "partner": partner_a,
        "published": published,
        "draft": draft,
        "in_review": in_review,
        "interest": interest,
        "agreement": agreement,
        "accession": accession,
        "deliberation": DeliberationFactory(accession=accession),
        "event": EventFactory(host_partner=partner_a),
        "announcement": AnnouncementFactory(),
        "group": group,
        "document": document,
        "expert": ExpertFactory(user=member_a),
    }


def snapshot() -> dict[type, list[dict]]:
    return {model: list(model.objects.order_by("pk").values()) for model in WATCHED}


def changed_rows(before, after) -> set[tuple[type, int, bool]]:
    """(model, pk, is_new) of every row that appeared, vanished or changed."""
    changed = set()
    for model in WATCHED:
        old = {row["id"]: row for row in before[model]}
        new = {row["id"]: row for row in after[model]}
        for pk in old.keys() | new.keys():
            if old.get(pk) != new.get(pk):
                changed.add((model, pk, pk not in old))
    return changed


def fuzzed_input(fields: tuple[str, ...]):
    """Values for some of the fields (others missing), plus unknown and duplicated keys."""
    chosen = st.dictionaries(st.sampled_from(fields), VALUE, max_size=len(fields))
    extra = st.lists(st.tuples(st.sampled_from([*fields, "zzz", "", "a[]"]), VALUE), max_size=3)
    return st.tuples(chosen, extra)


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_hostile_input_never_breaks_anything(target: Target, request, client, world):
    url = target.url.format(**world)
    page_url = (target.page or target.url).format(**world)
    form_id = target.form_id.format(**world) if target.form_id else None
    if target.persona:
        client.force_login(request.getfixturevalue(target.persona))
    client.raise_request_exception = False
    allowed = {
        (model, None if path == "*" else eval_path(world, path))
        for model, path in target.may_change
    }
    fields = target.fields
    if target.method == "POST" and form_id:
        page = client.get(page_url)
        assert page.status_code == 200, (target.name, page.status_code)
        own = [name for name, _value in form_values(page.content.decode(), form_id)]
        assert own, f"{target.name}: no form {form_id} on {page_url}"
        fields = tuple(dict.fromkeys([*fields, *own]).keys() - {"csrfmiddlewaretoken"})
        fields = tuple(sorted(fields))

    if target.method == "GET":
        assert client.get(url).status_code == 200, f"{target.name}: {url} not reachable"
    statuses = []

    def acceptable(change) -> bool:
        model, pk, is_new = change
        if is_new and model in target.may_create:
            return True
        return (model, pk) in allowed or (model, None) in allowed

    @settings(
        # FUZZ_EXAMPLES=200 for a deeper run than the bounded one in CI.
        max_examples=int(os.environ.get("FUZZ_EXAMPLES") or target.examples),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
        database=None,  # no .hypothesis directory in the checkout
    )
    @given(fuzzed_input(fields))
    def check(values):
        chosen, extra = values
        before = snapshot()
        if target.method == "GET":
            data = list(chosen.items()) + extra
            response = client.get(url, data=_as_multi(data))
        else:
            base = []
            if form_id:
                page = client.get(page_url)
                assert page.status_code == 200, (target.name, values)
                base = form_values(page.content.decode(), form_id)
            data = [(k, v) for k, v in base if k not in chosen] + list(chosen.items()) + extra
            response = client.post(url, data=_as_multi(data))
        assert response.status_code < 500, (target.name, values)
        statuses.append(response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)  # an error while streaming is a 500 too
        changes = changed_rows(before, snapshot())
        if target.method == "GET" or response.status_code not in target.accepted:
            assert not changes, (target.name, values, changes)
        else:
            unexpected = {change for change in changes if not acceptable(change)}
            assert not unexpected, (target.name, values, unexpected)
        if target.method == "POST" and response.status_code in target.rerendered:
            body = response.content.decode()
            if not changes and ("action", "preview") not in data:
                assert any(marker in body for marker in ERROR_MARKERS), (
                    f"{target.name}: form shown again without a message",
                    values,
                )
            sent = dict(data)  # what the form sees: the last value of a duplicated key
            for name, value in sent.items():
                if name not in target.kept or not isinstance(value, str):
                    continue
                if "\x00" in value or not value.strip() or "\r" in value:
                    continue
                assert html.escape(value) in body or html.escape(value.strip()) in body, (
                    f"{target.name}: typed {name} lost",
                    values,
                )

    check()
    # The persona reaches the target: not every answer was a refusal.
    assert set(statuses) - {403, 404, 405}, (target.name, statuses)


def eval_path(objects: dict, path: str):
    name, _dot, attribute = path.partition(".")
    return getattr(objects[name], attribute)


def _as_multi(pairs: list[tuple[str, str | bytes]]) -> dict[str, list[str | bytes]]:
    data: dict[str, list[str | bytes]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


@pytest.mark.parametrize(
    "query",
    ["/partner/?art=%FF%FE", "/partner/?land=%C0%AF", "/?language=%00", "/partner/?art=a&art=b"],
)
def test_invalid_utf8_and_duplicated_keys_in_query_strings_are_harmless(client, query):
    client.raise_request_exception = False
    assert client.get(query).status_code == 200


def test_an_oversized_form_is_refused_with_a_client_error(client_of, office, partner_a):
    client = client_of(office)
    client.raise_request_exception = False
    response = client.post(
        f"/admin/partners/partner/{partner_a.pk}/change/", {"description": "x" * 3_000_000}
    )
    assert response.status_code == 400
    assert Partner.objects.get(pk=partner_a.pk).description == partner_a.description
