"""The pages of saved searches: who may open them, what they do with good and bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exchange.models import SavedSearch
from notifications.models import Frequency
from tests.projects.factories import FieldOfActionFactory

from .factories import SavedSearchFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "network_member", "member_a", "editor_b", "office", "owner"]
LOGIN = "login"


@pytest.fixture
def owner(editor_a):
    return editor_a


@pytest.fixture
def search(owner):
    return SavedSearchFactory(owner=owner, name="Rufbusse", words="Rufbus")


@pytest.fixture
def as_persona(request, client):
    def _client(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return _client


def row(anonymous, network_member, member_a, editor_b, office, owner):
    return dict(
        zip(PERSONAS, [anonymous, network_member, member_a, editor_b, office, owner], strict=True)
    )


PAGES = {
    "list": (lambda s: reverse("exchange_intern:searches"), row(LOGIN, 200, 200, 200, 200, 200)),
    "new": (
        lambda s: reverse("exchange_intern:search_create"),
        row(LOGIN, 200, 200, 200, 200, 200),
    ),
    # Another person's search does not exist for anybody but its owner.
    "edit": (
        lambda s: reverse("exchange_intern:search_edit", args=[s.pk]),
        row(LOGIN, 404, 404, 404, 404, 200),
    ),
    "delete (confirmation)": (
        lambda s: reverse("exchange_intern:search_delete", args=[s.pk]),
        row(LOGIN, 404, 404, 404, 404, 200),
    ),
    "unknown search": (
        lambda s: reverse("exchange_intern:search_edit", args=[99999]),
        row(LOGIN, 404, 404, 404, 404, 404),
    ),
}


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages(as_persona, search, persona, page):
    url_for, expected = PAGES[page]
    client = as_persona(persona)
    _check(client.get(url_for(search)), expected[persona])
    _check(client.head(url_for(search)), expected[persona])


def test_an_account_without_a_partner_may_not_save_searches(client_of, search):
    from tests.factories import UserFactory

    client = client_of(UserFactory())
    assert client.get(reverse("exchange_intern:searches")).status_code == 403
    assert client.post(reverse("exchange_intern:search_create"), {"name": "x"}).status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_delete(as_persona, search, persona):
    url = reverse("exchange_intern:search_delete", args=[search.pk])
    response = as_persona(persona).post(url, {"confirmed": "yes"})
    expected = row(LOGIN, 404, 404, 404, 404, 302)[persona]
    _check(response, expected)
    assert SavedSearch.objects.filter(pk=search.pk).exists() == (expected != 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_rename(as_persona, search, persona):
    url = reverse("exchange_intern:search_edit", args=[search.pk])
    response = as_persona(persona).post(url, {"name": "Neu", "frequency": "weekly"})
    expected = row(LOGIN, 404, 404, 404, 404, 302)[persona]
    _check(response, expected)
    search.refresh_from_db()
    assert (search.name == "Neu") == (expected == 302)


# --- Saving ------------------------------------------------------------------------


@pytest.fixture
def mobility(db):
    return FieldOfActionFactory(name="Mobilität", slug="mobilitaet")


def test_save_this_search_is_offered_with_the_showcases_filters(client_of, editor_a, mobility):
    response = client_of(editor_a).get(reverse("projects:list"), {"q": "Rufbus", "reife": "pilot"})
    html = response.content.decode()
    assert "/intern/suchauftraege/neu/?quelle=projekte&amp;q=Rufbus&amp;reife=pilot" in html


def test_save_this_search_is_not_offered_to_visitors(client):
    assert "suchauftraege" not in client.get(reverse("projects:list")).content.decode()
    assert "suchauftraege" not in client.get(reverse("exchange:list")).content.decode()


def test_save_this_search_is_offered_on_wanted(client_of, editor_a):
    response = client_of(editor_a).get(reverse("exchange:list"), {"art": "gemeinde"})
    assert "/intern/suchauftraege/neu/?quelle=gesucht&amp;art=gemeinde" in response.content.decode()


def test_the_form_is_prefilled_from_the_result_page(client_of, editor_a, mobility):
    url = reverse("exchange_intern:search_create")
    response = client_of(editor_a).get(
        url,
        {"quelle": "projekte", "q": "Rufbus", "handlungsfeld": "mobilitaet", "reife": "pilot",
         "richtung": "urban_rural"},
    )  # fmt: skip
    form = response.context["form"]
    assert form.initial["words"] == "Rufbus"
    assert form.initial["fields_of_action"] == [mobility]
    assert form.initial["maturities"] == ["pilot"]
    assert form.initial["direction"] == "urban_rural"
    assert form.initial["targets"] == "projects"
    assert form.initial["name"] == "Rufbus, Mobilität, Pilot, Stadt → Land"


def test_unknown_filters_in_the_address_are_named_and_left_out(client_of, editor_a):
    url = reverse("exchange_intern:search_create")
    response = client_of(editor_a).get(
        url, {"quelle": "gesucht", "handlungsfeld": "gibt-es-nicht", "art": "mond"}, follow=True
    )
    html = response.content.decode()
    assert "Der Filterwert „gibt-es-nicht“ ist unbekannt und wurde weggelassen." in html
    assert "Der Filterwert „mond“ ist unbekannt" in html
    assert "fields_of_action" not in response.context["form"].initial


def _post(client, **data):
    return client.post(reverse("exchange_intern:search_create"), data)


def test_save_a_search(client_of, editor_a, mobility):
    response = _post(
        client_of(editor_a),
        name="Rufbusse",
        words="Rufbus",
        targets="both",
        fields_of_action=["mobilitaet"],
        partner_kinds=["gemeinde", "landkreis"],
        maturities=["pilot"],
        frequency="weekly",
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get(owner=editor_a)
    assert (search.name, search.words, search.frequency) == ("Rufbusse", "Rufbus", Frequency.WEEKLY)
    assert list(search.fields_of_action.all()) == [mobility]
    assert search.partner_kinds == ["gemeinde", "landkreis"]
    assert search.consent_at is None  # staff are not asked


def test_an_empty_search_is_refused_with_a_clear_message(client_of, editor_a):
    response = _post(client_of(editor_a), name="Alles", words="  ", targets="both",
                     frequency="immediately")  # fmt: skip
    assert response.status_code == 200
    assert "Die Suche ist leer" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_only_general_words_are_refused(client_of, editor_a):
    response = _post(client_of(editor_a), name="X", words="neue Projekte", targets="both",
                     frequency="immediately")  # fmt: skip
    assert "zu allgemein" in response.content.decode()
    assert 'value="neue Projekte"' in response.content.decode()  # what was typed is kept
    assert not SavedSearch.objects.exists()


def test_an_unknown_field_of_action_is_named(client_of, editor_a, mobility):
    response = _post(client_of(editor_a), name="X", words="Rufbus", targets="both",
                     fields_of_action=["raumfahrt"], frequency="immediately")  # fmt: skip
    assert response.status_code == 200
    assert "„raumfahrt“ ist kein Handlungsfeld des Portals." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_maturity_for_needs_only_is_refused(client_of, editor_a):
    response = _post(client_of(editor_a), name="X", words="Rufbus", targets="needs",
                     maturities=["pilot"], frequency="immediately")  # fmt: skip
    assert "Bedarfe haben keinen Reifegrad" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_same_name_twice_is_refused(client_of, editor_a, search):
    response = _post(client_of(editor_a), name="Rufbusse", words="Radweg", targets="both",
                     frequency="immediately")  # fmt: skip
    assert response.status_code == 200
    assert SavedSearch.objects.count() == 1
    assert "bereits eine gespeicherte Suche mit diesem Namen" in response.content.decode()


def test_a_network_member_saves_only_with_consent(client_of, network_member):
    client = client_of(network_member)
    data = {"name": "Sensoren", "words": "Sensor", "targets": "both", "frequency": "weekly"}
    response = _post(client, **data)
    assert response.status_code == 200
    assert "Bitte stimmen Sie zu" in response.content.decode()
    assert not SavedSearch.objects.exists()
    response = _post(client, **data, consent="on")
    assert response.status_code == 302
    assert SavedSearch.objects.get().consent_at is not None


def test_staff_are_not_asked_for_consent(client_of, editor_a):
    response = client_of(editor_a).get(reverse("exchange_intern:search_create"))
    assert "consent" not in response.context["form"].fields


def test_rename_to_a_taken_name_is_refused(client_of, editor_a, search):
    other = SavedSearchFactory(owner=editor_a, name="Radwege", words="Radweg")
    response = client_of(editor_a).post(
        reverse("exchange_intern:search_edit", args=[other.pk]),
        {"name": "Rufbusse", "frequency": "off"},
    )
    assert response.status_code == 200
    assert "bereits eine gespeicherte Suche mit diesem Namen" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Radwege"


def test_delete_asks_first(client_of, editor_a, search):
    client = client_of(editor_a)
    url = reverse("exchange_intern:search_delete", args=[search.pk])
    assert "Die gespeicherte Suche „Rufbusse“ löschen?" in client.get(url).content.decode()
    client.post(url)  # without the confirmation's field: asks again
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_the_list_reads_a_constant_number_of_queries(client_of, editor_a, mobility):
    client = client_of(editor_a)
    url = reverse("exchange_intern:searches")
    SavedSearchFactory(owner=editor_a, fields=[mobility], partner_kinds=["stadt"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(10):
        SavedSearchFactory(
            owner=editor_a, fields=[mobility], maturities=["pilot"], direction="rural_urban"
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('<h2 class="kern-heading-small">') == 11
    assert len(many) == len(few)
