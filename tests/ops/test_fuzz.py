"""Bad input never breaks anything: hypothesis throws generated and hostile values at forms,
filters and query parameters.

For every target: never a server error; no row changes that should not change;
a rejected form comes back (200) with the typed input kept. To cover a new
form or filter, add a `Target` to TARGETS: the URL (formatted with the
fixtures' objects), the persona fixture that uses it, the fields, and for
forms the id of the form whose current values are sent along.
"""

import html
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.models import Membership, Partner, User
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
        "1e309",
        "NaN",
        "-0",
        "%00",
        "%ff%fe",
        "../../etc/passwd",
        "Ä" * 300,
        "\u202egnp.exe",
        "\ufeff",
        "{{ 7*7 }}",
        "${jndi:ldap://x}",
        "landkreis",
        "stadt",
        "BB",
        "de",
        "en",
    ]
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
VALUE = st.one_of(HOSTILE, TEXT, st.integers().map(str), st.floats().map(str))


@dataclass(frozen=True)
class Target:
    name: str
    url: str  # formatted with the objects from `objects()`
    fields: tuple[str, ...]
    persona: str | None = None  # fixture name of the user, None for a visitor
    method: str = "GET"
    form_id: str | None = None  # POST: send the page's current values of this form along
    # POST: which rows may change when the form is accepted (model, pk attribute of objects)
    may_change: tuple[tuple[type, str], ...] = field(default=())


TARGETS = [
    Target("partner directory filters", "/partner/", ("art", "land", "page", "q")),
    Target("language switch", "/", ("language",)),
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
    ),
]

WATCHED = (Partner, User, Membership)


def snapshot() -> dict[type, list[dict]]:
    return {model: list(model.objects.order_by("pk").values()) for model in WATCHED}


def changed_rows(before, after) -> set[tuple[type, int]]:
    changed = set()
    for model in WATCHED:
        old = {row["id"]: row for row in before[model]}
        new = {row["id"]: row for row in after[model]}
        for pk in old.keys() | new.keys():
            if old.get(pk) != new.get(pk):
                changed.add((model, pk))
    return changed


def fuzzed_input(fields: tuple[str, ...]):
    """Values for some of the fields (others missing), plus unknown and duplicated keys."""
    chosen = st.dictionaries(st.sampled_from(fields), VALUE, max_size=len(fields))
    extra = st.lists(st.tuples(st.sampled_from([*fields, "zzz", "", "a[]"]), VALUE), max_size=3)
    return st.tuples(chosen, extra)


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_hostile_input_never_breaks_anything(target: Target, request, client, partner_a, admin_b):
    objects = {"partner": partner_a}
    url = target.url.format(**objects)
    if target.persona:
        client.force_login(request.getfixturevalue(target.persona))
    client.raise_request_exception = False
    allowed = {(model, eval_path(objects, path)) for model, path in target.may_change}

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
        database=None,  # no .hypothesis directory in the checkout
    )
    @given(fuzzed_input(target.fields))
    def check(values):
        chosen, extra = values
        before = snapshot()
        if target.method == "GET":
            data = list(chosen.items()) + extra
            response = client.get(url, data=_as_multi(data))
        else:
            page = client.get(url)
            assert page.status_code == 200
            base = [(k, v) for k, v in form_values(page.content.decode(), target.form_id)]
            data = [(k, v) for k, v in base if k not in chosen] + list(chosen.items()) + extra
            response = client.post(url, data=_as_multi(data))
        assert response.status_code < 500, (target.name, values)
        changes = changed_rows(before, snapshot())
        if target.method == "GET" or response.status_code != 302:
            assert not changes, (target.name, values, changes)
        else:
            assert changes <= allowed, (target.name, values, changes)
        if target.method == "POST" and response.status_code == 200:
            body = response.content.decode()
            for name, value in chosen.items():
                kept = name in ("description", "name", "city") and "\x00" not in value
                if kept and value.strip():
                    assert html.escape(value) in body or html.escape(value.strip()) in body, (
                        f"typed {name} lost"
                    )

    check()


def eval_path(objects: dict, path: str):
    name, _dot, attribute = path.partition(".")
    return getattr(objects[name], attribute)


def _as_multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
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
