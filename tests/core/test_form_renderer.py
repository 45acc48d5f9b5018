"""One way to draw a form field (core/forms.py, templates/core/forms/).

Every form of the portal is drawn by the one field template: a form sent with
errors opens with an error summary whose links lead to the fields, every
invalid control says so (aria-invalid) and names its error (aria-describedby),
optional fields are marked one way, and the old partials and widget helpers
do not come back.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django import forms
from django.test import Client
from django.utils import translation

from core.forms import FilterForm, KernBoundField
from tests.browser.routes import ANONYMOUS, ROUTES
from tests.browser.world import build_world

ROOT = Path(__file__).resolve().parents[2]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


# --- Reading a page -----------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict
    in_summary: bool
    in_form: bool
    text: str = ""
    classes: set = field(default_factory=set)


class Page(HTMLParser):
    """The elements of a page, each knowing whether it stands in a form or an error summary."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._stack: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: "" if value is None else value for name, value in attrs}
        classes = set(attrs.get("class", "").split())
        element = Element(
            tag,
            attrs,
            in_summary=any("rh-error-summary" in e.classes for e in self._stack),
            in_form=any(e.tag == "form" for e in self._stack),
            classes=classes,
        )
        self.elements.append(element)
        if tag not in VOID:
            self._stack.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        for element in self._stack:
            element.text += data

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.attrs.get("id") == element_id), None)

    def having_class(self, css: str) -> list[Element]:
        return [e for e in self.elements if css in e.classes]

    def controls(self) -> list[Element]:
        """The form controls a person fills in (no hidden fields, no buttons)."""
        return [
            e
            for e in self.elements
            if e.in_form
            and (
                e.tag in ("select", "textarea")
                or (
                    e.tag == "input"
                    and e.attrs.get("type", "text") not in ("hidden", "submit", "button")
                )
            )
        ]


def logged_in(user) -> Client:
    """A client logged in as after a password (and TOTP) login, as the browser suite's."""
    client = Client()
    if user is None:
        return client
    client.force_login(user)
    session = client.session
    methods = [{"method": "password", "at": time.time(), "email": user.email}]
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        methods.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session["account_authentication_methods"] = methods
    session.save()
    return client


def template_names(response) -> set[str]:
    return {template.name for template in response.templates if template.name}


# --- Every form with errors ---------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A form sent with errors: who sends it, where, what (GET forms send a query)."""

    name: str
    persona: str
    url: str
    data: dict
    method: str = "post"
    # Besides the fields: an error of the whole form (or of its rows) in the summary.
    form_error: str = ""


PARTICIPANT_ROWS = {
    "teilnehmende-TOTAL_FORMS": "2",
    "teilnehmende-INITIAL_FORMS": "0",
    "teilnehmende-MIN_NUM_FORMS": "0",
    "teilnehmende-MAX_NUM_FORMS": "60",
}

CASES = [
    Case("barrier report", ANONYMOUS, "/barrierefreiheit/", {"reply_email": "nein"}),
    Case("login", ANONYMOUS, "/accounts/login/", {"login": "x@example.org", "password": "x"},
         form_error="Passwort sind leider falsch"),
    Case("password reset", ANONYMOUS, "/accounts/password/reset/", {"email": "kein"}),
    Case("invitation", ANONYMOUS, "/intern/einladung/{invitation_token}/",
         {"first_name": "", "password1": "a", "password2": "b"}),
    Case("password change", "member", "/accounts/password/change/", {"oldpassword": "x"}),
    Case("own profile", "member", "/intern/profil/", {"first_name": "x" * 200}),
    Case("partner profile", "admin", "/intern/partner/{partner_slug}/profil/",
         {"website": "kein link"}),
    Case("invitation of a colleague", "admin", "/intern/partner/{partner_slug}/einladen/",
         {"email": "kein", "role": "member"}),
    Case("project", "editor", "/intern/projekte/neu/",
         {"action": "save", **PARTICIPANT_ROWS, "teilnehmende-0-partner": "{partner_pk}",
          "teilnehmende-0-role": "partner", "teilnehmende-1-partner": "{partner_pk}",
          "teilnehmende-1-role": "partner", "fields_of_action": "nein"},
         form_error="nur einmal"),
    Case("project import", "office", "/intern/projekte-import/", {"schritt": "pruefen"}),
    Case("council step", "admin", "/intern/absichtserklaerung/{partner_slug}/beratung/neu/",
         {"body": "", "session_date": "morgen"}),
    Case("signature", "admin", "/intern/absichtserklaerung/{partner_slug}/unterzeichnung/",
         {"signatory_name": "", "signed_on": "gestern"}),
    Case("follow-up agreement", "office", "/intern/absichtserklaerung/folgevereinbarung/",
         {"title": ""}),
    Case("announcement", "office", "/intern/aktuelles/neu/", {"title": "", "audience": "x"}),
    Case("library upload", "office", "/intern/bibliothek/hochladen/", {"title": ""}),
    Case("event documents", "editor", "/intern/termine/{event_pk}/dokumente/", {"title": ""}),
    Case("project documents", "editor", "/intern/projekt-dokumente/{draft_pk}/", {"title": ""}),
    Case("new document version", "member", "/intern/dokumente/{document_pk}/ersetzen/",
         {"note": "no file"}),
    Case("group upload", "member", "/intern/arbeitsgruppen/{group_slug}/dokumente/",
         {"title": ""}),
    Case("own expert entry", "member", "/intern/experten/mein-eintrag/",
         {"action": "save", "website": "kein link"}),
    Case("stop request", "admin", "/intern/innovationsmobil/anfrage/",
         {"place_name": "", "preferred_from": "bald"}),
    Case("API token", "member", "/intern/api-tokens/", {"name": ""}),
    Case("need", "editor", "/intern/bedarfe/neu/", {"title": "", "visibility": "x"}),
    Case("need edit", "editor", "/intern/bedarfe/{need_pk}/bearbeiten/", {"title": ""}),
    Case("joint draft from a need", "editor", "/intern/bedarfe/{need_pk}/gemeinsamer-entwurf/",
         {"title": "", "co_initiators": "99999"}),
    Case("joint draft", "editor", "/intern/gemeinsame-entwuerfe/neu/",
         {"title": "", "lead_partner": "nein"}),
    Case("joint draft comment", "editor",
         "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/kommentare/",
         {"body": "@niemand@example.org"}, form_error="niemand@example.org"),
    Case("joint draft comment edit", "editor",
         "/intern/gemeinsame-entwuerfe/{joint_draft_pk}/kommentare/{joint_comment_pk}/bearbeiten/",
         {"body": ""}),
    Case("need solved", "editor", "/intern/bedarfe/{need_pk}/geloest/",
         {"confirmed": "yes", "project": "nein"}),
    Case("saved search", "editor", "/intern/suchauftraege/neu/",
         {"name": "", "fields_of_action": "raumfahrt", "frequency": "x"}),
    Case("saved search rename", "editor", "/intern/suchauftraege/{saved_search_pk}/",
         {"name": "", "frequency": "x"}),
    Case("saved search empty", "editor", "/intern/suchauftraege/neu/",
         {"name": "Leer", "targets": "both", "frequency": "weekly"},
         form_error="Die Suche ist leer"),
    Case("need closed", "editor", "/intern/bedarfe/{need_pk}/schliessen/",
         {"confirmed": "yes", "reason": ""}),
    Case("notification settings", "member", "/intern/benachrichtigungen/",
         {"announcements": "manchmal"}),
    Case("council system", "admin", "/intern/absichtserklaerung/{partner_slug}/ratsinfo/",
         {"system_url": "kein link"}),
    Case("council body", "admin",
         "/intern/absichtserklaerung/{partner_slug}/ratsinfo/koerperschaft/",
         {"body_url": "unbekannt"}),
    Case("bodies to watch", "admin", "/intern/absichtserklaerung/{partner_slug}/ratsinfo/gremien/",
         {"organizations": "unbekannt"}),
    Case("council paper", "admin", "/intern/absichtserklaerung/{partner_slug}/ratsinfo/vorlage/",
         {"query": ""}),
    Case("council paper choice", "admin",
         "/intern/absichtserklaerung/{partner_slug}/ratsinfo/vorlage/auswahl/",
         {"paper_url": "unbekannt"}),
    Case("funder report", "office", "/intern/bericht/", {"von": "gestern", "bis": ""},
         method="get"),
    Case("declining an invitation to a project", "editor",
         "/intern/projekte/einladungen/{participation_invitation_pk}/ablehnen/",
         {"comment": "x" * 2001, "confirmed": "yes"}),
    Case("archiving a project", "office", "/intern/projekte/{project_pk}/archivieren/",
         {"comment": "x" * 4001, "confirmed": "yes"}),
]  # fmt: skip


@pytest.fixture
def world(db):
    """The browser suite's data set: a page of every kind has something to show."""
    built = build_world()
    built["partner_pk"] = built["partner"].pk
    return built


def send(case: Case, world: dict):
    client = logged_in(None if case.persona == ANONYMOUS else world[case.persona])
    data = {key: value.format(**world) for key, value in case.data.items()}
    url = case.url.format(**world)
    if case.method == "get":
        return client.get(url, data)
    return client.post(url, data)


def form_problems(page: Page, *, form_error: bool) -> list[str]:
    """What is wrong with the error markup of a page showing a form with errors."""
    problems = []
    summaries = page.having_class("rh-error-summary")
    if len(summaries) != 1:
        return [f"{len(summaries)} error summaries instead of one"]
    summary = summaries[0]
    if summary.attrs.get("tabindex") != "-1" or "data-focus-on-load" not in summary.attrs:
        problems.append("the summary cannot take the focus")
    links = [e for e in page.elements if e.in_summary and e.tag == "a"]
    if not links and not form_error:
        problems.append("the summary links to no field")
    controls = {e.attrs.get("id"): e for e in page.controls()}
    for link in links:
        target = link.attrs.get("href", "").removeprefix("#")
        if target not in controls:
            problems.append(f"summary link #{target} leads to no form control")
        elif controls[target].attrs.get("aria-invalid") != "true":
            problems.append(f"summary link #{target} leads to a control without aria-invalid")
    errors = {e.attrs.get("id"): e for e in page.having_class("kern-error")}
    described = set()
    for element in page.elements:
        for target in element.attrs.get("aria-describedby", "").split():
            described.add(target)
            if page.by_id(target) is None:
                problems.append(f"aria-describedby names #{target}, which is not on the page")
    for control in controls.values():
        if control.attrs.get("aria-invalid") == "true":
            named = control.attrs.get("aria-describedby", "").split()
            in_group = control.attrs.get("type") in ("radio", "checkbox")
            if not in_group and not any(target in errors for target in named):
                problems.append(f"#{control.attrs.get('id')} is invalid but names no error")
    for error_id in errors:
        if not error_id or error_id not in described:
            problems.append(f"the error #{error_id} is named by no control")
    invalid_groups = page.having_class("kern-fieldset--error")
    for group in invalid_groups:
        if not any(t in errors for t in group.attrs.get("aria-describedby", "").split()):
            problems.append("an invalid group names no error")
    return problems


@pytest.mark.django_db
def test_every_form_sent_with_errors_leads_to_its_fields(world):
    report = []
    for case in CASES:
        response = send(case, world)
        html = response.content.decode()
        if response.status_code not in (200, 400):
            report.append(f"{case.name}: status {response.status_code}")
            continue
        problems = form_problems(Page(html), form_error=bool(case.form_error))
        if "core/forms/field.html" not in template_names(response):
            problems.append("not drawn with core/forms/field.html")
        if case.form_error and case.form_error not in html:
            problems.append(f"the form's own error ({case.form_error}) is missing")
        report += [f"{case.name}: {problem}" for problem in problems]
    assert not report, "\n".join(report)


# Pages with form fields whose errors the cases above do not send, each with its reason.
WITHOUT_CASE = {
    "partners_intern:members": "its invitation form is the case 'invitation of a colleague'; "
    "a role change redirects with a message",
    "community_intern:group_detail": "its upload form is the case 'group upload'; adding a "
    "member redirects with a message",
    "projects_intern:detail": "submitting, reviewing and deciding redirect with a message",
    "projects:detail": "the interest form redirects with a message",
    "projects_intern:edit": "the form of the case 'project'",
    "exchange_intern:joint_draft": "its comment form is the case 'joint draft comment'; "
    "a confirmation redirects with a message",
    "loi_intern:deliberation_edit": "the form of the case 'council step'",
    "account_reauthenticate": "allauth's password form, drawn like the case 'login'",
    "mfa_reauthenticate": "allauth's code form, drawn like the case 'login'",
    "mfa_activate_totp": "allauth's code form, drawn like the case 'login'",
    "account_email": "allauth's e-mail form, drawn like the case 'password reset'",
    "projects:list": "a filter: unknown values are dropped, never an error",
    "partners:list": "a filter: unknown values are dropped, never an error",
    "community:event_list": "a filter: unknown values are dropped, never an error",
    "community_intern:expert_directory": "a filter: unknown values are dropped, never an error",
    "insights:map": "a filter: unknown values are ignored, never an error",
    "projects_intern:list": "a filter: an unknown state shows every project",
    "exchange:list": "a filter: unknown values are dropped, never an error",
    "exchange_intern:list": "a filter: unknown values are dropped, never an error",
    "loi:register": "a filter: unknown values are dropped, never an error",
    "insights:search": "the search: what is wrong with a query is said above the results "
    "(tests/insights/test_search.py)",
    "sso_start": "the address for single sign-on: an unknown domain is said on the page "
    "(tests/partners/sso)",
}


# --- Every page draws its fields with the one template ------------------------

# Controls that are not a form field, each with its reason.
NOT_FORM_FIELDS = {
    ("partners_intern:accept_invitation", "email"): "the invited address, shown read-only",
    ("mfa_activate_totp", "authenticator_secret"): "allauth shows the secret (element field)",
    ("mfa_view_recovery_codes", "recovery_codes"): "allauth shows the codes (element field)",
    ("account_email", "email"): "allauth's list of addresses (element field radios)",
}


# The site search's field in the header of every page and in the home page's hero:
# one field with its label, no errors (tests/insights/test_search.py).
SITE_SEARCH_IDS = {"rh-header-search", "hero-search"}


@pytest.mark.django_db
def test_every_page_draws_its_fields_with_the_one_field_template(world):
    """Every page with form fields: drawn by the field template, and its errors sent above."""
    assert set(WITHOUT_CASE) <= {route.name for route in ROUTES}
    case_urls = {case.url for case in CASES}
    report = []
    for route in ROUTES:
        if route.name.startswith("admin:"):
            continue  # the admin keeps Django's own forms
        client = logged_in(None if route.persona == ANONYMOUS else world[route.persona])
        response = client.get(route.path(world))
        if response.status_code != 200:
            continue
        page = Page(response.content.decode())
        fields = [
            control
            for control in page.controls()
            if (route.name, control.attrs.get("name")) not in NOT_FORM_FIELDS
            and control.attrs.get("id") not in SITE_SEARCH_IDS
        ]
        if not fields:
            continue
        if route.url not in case_urls and route.name not in WITHOUT_CASE:
            report.append(f"{route.name}: a page with a form but no case in CASES")
        if "core/forms/field.html" not in template_names(response):
            report.append(f"{route.name}: fields not drawn with core/forms/field.html")
        for control in fields:
            problem = control_problem(page, control)
            if problem:
                report.append(f"{route.name}: {control.attrs.get('name')}: {problem}")
    assert not report, "\n".join(report)


def control_problem(page: Page, control: Element) -> str:
    """A control drawn by the field template has its KERN class and a label."""
    kind = control.attrs.get("type", "text") if control.tag == "input" else control.tag
    expected = {
        "select": "kern-form-input__select",
        "checkbox": "kern-form-check__checkbox",
        "radio": "kern-form-check__radio",
    }.get(kind, "kern-form-input__input")
    if expected not in control.classes:
        return f"has not the KERN class {expected}"
    control_id = control.attrs.get("id")
    if not any(e.tag == "label" and e.attrs.get("for") == control_id for e in page.elements):
        return "has no label"
    return ""


# --- One way to mark optional fields --------------------------------------------


class Example(forms.Form):
    name = forms.CharField(label="Name")
    phone = forms.CharField(label="Phone", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")], required=False)
    topics = forms.MultipleChoiceField(
        label="Topics", choices=[("a", "A")], required=False, widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Agree", required=False)


class ExampleFilter(FilterForm):
    phone = forms.CharField(label="Phone", required=False)


def test_optional_fields_say_so_in_their_label_and_required_ones_do_not():
    html = str(Example())
    marked = re.findall(r">([^<>]+) <span class=\"kern-label__optional\">– optional</span>", html)
    assert marked == ["Phone", "Kind", "Topics"]
    assert html.count("kern-label__optional") == 3  # not the name, not the single checkbox


def test_a_filter_form_marks_no_field_optional():
    assert "kern-label__optional" not in str(ExampleFilter())


@pytest.mark.django_db
def test_optional_fields_are_marked_one_way_on_every_page(world):
    report = []
    for route in ROUTES:
        if route.name.startswith("admin:"):
            continue
        client = logged_in(None if route.persona == ANONYMOUS else world[route.persona])
        html = client.get(route.path(world)).content.decode()
        for old in ("(optional)", "(Pflichtfeld)", "(required)", "rh-required"):
            if old in html:
                report.append(f"{route.name}: {old}")
        for marker in re.findall(r'<span class="kern-label__optional">([^<]*)</span>', html):
            if marker != "– optional":
                report.append(f"{route.name}: optional marked as {marker!r}")
    assert not report, "\n".join(report)


# --- The fast paths draw what Django's widget templates draw ---------------------


class Widgets(forms.Form):
    title = forms.CharField(label="Title", max_length=20, help_text="Short")
    amount = forms.DecimalField(label="Amount", required=False, localize=True)
    day = forms.DateField(
        label="Day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 3}))
    agree = forms.BooleanField(label="Agree")
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "---"), ("Group", [("a", "A & B"), ("b", '"B"')])]
    )
    known = forms.NullBooleanField(label="Known")
    many = forms.MultipleChoiceField(label="Many", choices=[("x", "X"), ("y", "Y")])


def canonical(html: str) -> list:
    """Tags with their attributes in a fixed order, and the text between them."""
    tokens = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tokens.append((tag, sorted(attrs)))

        def handle_endtag(self, tag):
            tokens.append(("/", tag))

        def handle_data(self, data):
            if data.strip():
                tokens.append(("text", data.strip()))

    Reader(convert_charrefs=True).feed(html)
    return tokens


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"title": "x" * 30, "day": "2025-03-31", "text": "<b>&</b>", "kind": "b",
         "known": "true", "many": ["x", "y"]},
        {"title": "Tür & Tor", "amount": "nein", "kind": "zzz", "known": "false"},
        {"amount": "1234.5"},
    ],
)  # fmt: skip
def test_each_control_is_what_djangos_widget_template_draws_plus_the_kern_attributes(data):
    form = Widgets(data)
    form.is_valid()
    for bound in form:
        assert isinstance(bound, KernBoundField)
        ours = canonical(bound.control)
        attrs = dict(ours[0][1])
        expected = bound.as_widget(
            attrs={key: attrs[key] for key in ("class", "aria-describedby", "cols") if key in attrs}
        )
        django = canonical(expected)
        if bound.name == "text":  # the control leaves Django's default of 40 columns out
            django[0] = (django[0][0], [a for a in django[0][1] if a[0] != "cols"])
        assert ours == django, bound.name


def test_a_localized_number_is_shown_in_the_language_of_the_page():
    with translation.override("de"):
        control = Widgets(initial={"amount": Decimal("1234.5")})["amount"].control
    assert 'value="1234,5"' in control


def test_an_invalid_control_is_marked_and_names_its_hint_and_error():
    form = Widgets({"title": "x" * 30})
    form.is_valid()
    control = form["title"].control
    assert 'aria-invalid="true"' in control
    assert 'aria-describedby="id_title-hint id_title-error"' in control
    assert "kern-form-input__input--error" in control


# --- The admin keeps Django's forms; nothing of the old way comes back -----------


@pytest.mark.django_db
def test_the_admin_keeps_djangos_own_field_markup(world):
    client = logged_in(world["office"])
    html = client.get("/admin/projects/fieldofaction/add/").content.decode()
    assert "kern-form-input" not in html
    assert "core/forms/field.html" not in template_names(
        client.get("/admin/projects/fieldofaction/add/")
    )


OLD_HELPERS = ("kern_widget", "select_options", "partners_forms", "KernFormMixin")
SOURCE_FOLDERS = (
    "core", "notifications", "partners", "projects", "loi", "community", "insights", "office",
    "legal", "ops", "templates",
)  # fmt: skip


def test_no_field_partial_or_widget_helper_is_left():
    partials = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "templates").rglob("*.html")
        if re.search(r"field", path.name) and path.relative_to(ROOT).as_posix()
        not in ("templates/core/forms/field.html", "templates/allauth/elements/field.html",
                "templates/allauth/elements/fields.html")
    ]  # fmt: skip
    assert not partials
    sources = [
        path
        for folder in SOURCE_FOLDERS
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html")
    ]
    found = [
        f"{path.relative_to(ROOT)}: {helper}"
        for path in sources
        for helper in OLD_HELPERS
        if helper in path.read_text()
    ]
    assert not found


# Templates that write a control by hand, each with its reason.
HAND_WRITTEN_CONTROLS = {
    "templates/core/forms/field.html": "the field template itself (the box to remove a file)",
    "templates/allauth/elements/field.html": "allauth's fields that are no form field",
    "templates/partners/invitation/accept.html": "the invited address, shown read-only",
    "templates/projects/intern/import.html": "a box per row of the file in the preview table",
    "templates/community/event_list.html": "the calendar address to copy, read-only, no form",
    "templates/includes/header.html": "the site search's one field in every page's header",
    "templates/core/home.html": "the site search's one field in the hero, as in the header",
    "templates/account/login.html": "the address for single sign-on beside allauth's login "
    "form (partners/sso/forms.py validates it; tests/partners/sso)",
}


def test_no_template_writes_a_form_control_by_hand():
    control = re.compile(r"<(select|textarea)\b|<input(?![^>]*type=\"hidden\")")
    found = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "templates").rglob("*.html")
        if not path.relative_to(ROOT).as_posix().startswith("templates/admin/")
        and control.search(path.read_text())
    ]
    assert sorted(found) == sorted(HAND_WRITTEN_CONTROLS)
