"""The pages of the marketplace as a person uses them: "Gesucht", the internal pages, bad input."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from exchange import services
from exchange.models import DESCRIPTION_MAX_LENGTH, Need, NeedState, NeedSupport
from tests.exchange.factories import NeedFactory, OpenNeedFactory, PublicNeedFactory
from tests.factories import PartnerFactory
from tests.projects.factories import FieldOfActionFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


# --- Gesucht (public) ---------------------------------------------------------


def test_the_public_page_lists_only_public_needs_out_of_the_draft(client, partner_a):
    PublicNeedFactory(partner=partner_a, title="Videosprechstunde")
    OpenNeedFactory(partner=partner_a, title="Nur im Netzwerk")
    NeedFactory(partner=partner_a, title="Noch ein Entwurf", visibility=Need.Visibility.PUBLIC)
    closed = PublicNeedFactory(partner=partner_a, title="Geschlossen")
    Need.objects.filter(pk=closed.pk).update(state=NeedState.CLOSED, closed_reason="x")
    page = client.get("/gesucht/").content.decode()
    assert "Videosprechstunde" in page
    assert "Nur im Netzwerk" not in page
    assert "Noch ein Entwurf" not in page
    assert "Geschlossen" not in page


def test_filters_narrow_the_list(client):
    health = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    district = PartnerFactory(name="Landkreis Filter", kind="landkreis")
    town = PartnerFactory(name="Stadt Filter", kind="stadt")
    PublicNeedFactory(partner=district, title="Telemedizin im Kreis", fields=[health])
    PublicNeedFactory(partner=town, title="Parken in der Stadt")
    page = client.get("/gesucht/?handlungsfeld=gesundheit").content.decode()
    assert "Telemedizin im Kreis" in page and "Parken in der Stadt" not in page
    page = client.get("/gesucht/?art=stadt").content.decode()
    assert "Parken in der Stadt" in page and "Telemedizin im Kreis" not in page
    page = client.get("/gesucht/?stand=solved").content.decode()
    assert "Parken in der Stadt" not in page


def test_an_invalid_filter_value_is_ignored_not_an_error(client, partner_a):
    PublicNeedFactory(partner=partner_a, title="Videosprechstunde")
    response = client.get("/gesucht/?stand=gibt-es-nicht&art=%00")
    assert response.status_code == 200
    assert "Videosprechstunde" in response.content.decode()


def test_the_list_needs_the_same_queries_for_many_needs(client, django_assert_max_num_queries):
    field = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    for number in range(3):
        PublicNeedFactory(title=f"Bedarf {number}", fields=[field])
    with django_assert_max_num_queries(12) as few:
        client.get("/gesucht/")
    for number in range(3, 25):
        PublicNeedFactory(title=f"Bedarf {number}", fields=[field])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/gesucht/")


def test_the_public_page_shows_the_contact_only_when_allowed(client, partner_a):
    hidden = PublicNeedFactory(partner=partner_a, contact_email="versteckt@example.org")
    shown = PublicNeedFactory(
        partner=partner_a, contact_email="amt@example.org", contact_is_public=True
    )
    assert "versteckt@example.org" not in client.get(hidden.get_absolute_url()).content.decode()
    assert "amt@example.org" in client.get(shown.get_absolute_url()).content.decode()


def test_the_public_page_names_the_partners_with_the_same_need(client, partner_a, partner_b):
    need = PublicNeedFactory(partner=partner_a)
    NeedSupport.objects.create(need=need, partner=partner_b)
    assert partner_b.name in client.get(need.get_absolute_url()).content.decode()


def test_head_is_answered(client, partner_a):
    need = PublicNeedFactory(partner=partner_a)
    assert client.head("/gesucht/").status_code == 200
    assert client.head(need.get_absolute_url()).status_code == 200


def test_the_sitemap_lists_public_needs_only(client, partner_a):
    public = PublicNeedFactory(partner=partner_a)
    network = OpenNeedFactory(partner=partner_a)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in sitemap
    assert network.get_absolute_url() not in sitemap


def test_the_header_links_to_gesucht(client):
    assert 'href="/gesucht/"' in client.get("/").content.decode()


# --- Recording a need ---------------------------------------------------------


def _form(partner, **changes):
    field = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    data = {
        "title": "Videosprechstunde im Gesundheitsamt",
        "partner": partner.pk,
        "description": "Wir suchen eine Lösung für Beratungen per Video.",
        "fields_of_action": [field.pk],
        "visibility": "public",
        "contact_name": "",
        "contact_email": "",
        "form_token": "one-time-token-0001",
    }
    data.update(changes)
    return data


def test_an_editor_records_a_draft(client, editor_a, partner_a):
    client.force_login(editor_a)
    response = client.post(reverse("exchange_intern:create"), _form(partner_a))
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == need.get_internal_url()
    assert need.state == NeedState.DRAFT
    assert need.partner == partner_a


def test_a_double_click_records_one_need(client, editor_a, partner_a):
    client.force_login(editor_a)
    client.post(reverse("exchange_intern:create"), _form(partner_a))
    client.post(reverse("exchange_intern:create"), _form(partner_a))
    assert Need.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "This field is required."),
        ({"description": "  \n "}, "description", "This field is required."),
        ({"description": "x" * (DESCRIPTION_MAX_LENGTH + 1)}, "description", "at most"),
        ({"title": "T" * 201}, "title", "at most 200"),
        ({"fields_of_action": []}, "fields_of_action", "required"),
        ({"contact_is_public": "on"}, "contact_is_public", "contact person or e-mail"),
    ],
)
def test_bad_input_is_explained_and_kept(client, editor_a, partner_a, changes, field, message):
    client.force_login(editor_a)
    response = client.post(
        reverse("exchange_intern:create") + "?language=en", _form(partner_a, **changes)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert not Need.objects.exists()
    if "title" not in changes:
        assert "Videosprechstunde im Gesundheitsamt" in response.content.decode()


def test_a_need_cannot_be_recorded_for_another_partner(client, editor_a, partner_b):
    client.force_login(editor_a)
    response = client.post(reverse("exchange_intern:create"), _form(partner_b))
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Need.objects.exists()


def test_control_characters_are_refused(client, editor_a, partner_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("exchange_intern:create"), _form(partner_a, title="Video\x00sprechstunde")
    )
    assert response.status_code == 200
    assert not Need.objects.exists()


# --- Steps and co-signing on the page ---------------------------------------------


def test_the_solve_page_asks_first_and_requires_a_project(client, editor_a, partner_a):
    need = OpenNeedFactory(partner=partner_a)
    client.force_login(editor_a)
    url = reverse("exchange_intern:solve", args=[need.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["heading"].endswith("als gelöst markieren?")
    response = client.post(url, {"confirmed": "yes", "project": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["project"]
    need.refresh_from_db()
    assert need.state == NeedState.OPEN


def test_co_signing_twice_says_so(client, editor_b, partner_a, partner_b):
    need = OpenNeedFactory(partner=partner_a)
    client.force_login(editor_b)
    url = reverse("exchange_intern:cosign", args=[need.pk])
    client.post(url, {"partner": partner_b.pk})
    response = client.post(url, {"partner": partner_b.pk})
    assert "bereits mitgezeichnet" in _messages(response)
    assert NeedSupport.objects.count() == 1


def test_co_signing_the_own_need_says_so(client, editor_a, partner_a):
    need = OpenNeedFactory(partner=partner_a)
    client.force_login(editor_a)
    response = client.post(
        reverse("exchange_intern:cosign", args=[need.pk]), {"partner": partner_a.pk}
    )
    assert "eigenen Partners" in _messages(response)
    assert not NeedSupport.objects.exists()


def test_co_signing_a_closed_need_says_so(client, editor_a, editor_b, partner_a, partner_b):
    need = OpenNeedFactory(partner=partner_a)
    client.force_login(editor_b)
    page = client.get(need.get_internal_url()).content.decode()
    assert "Wir haben diesen Bedarf auch" in page
    services.close_need(need=need, acting_user=editor_a, reason="Erledigt")
    response = client.post(
        reverse("exchange_intern:cosign", args=[need.pk]), {"partner": partner_b.pk}
    )
    assert "nicht mehr offen" in _messages(response)
    assert not NeedSupport.objects.exists()


def test_the_button_is_gone_once_co_signed(client, editor_b, partner_a, partner_b):
    need = OpenNeedFactory(partner=partner_a)
    client.force_login(editor_b)
    client.post(reverse("exchange_intern:cosign", args=[need.pk]), {"partner": partner_b.pk})
    page = client.get(need.get_internal_url()).content.decode()
    assert "Wir haben diesen Bedarf auch" not in page
    assert partner_b.name in page


def test_the_internal_list_shows_network_needs_to_staff_not_other_drafts(
    client, editor_b, partner_a
):
    OpenNeedFactory(partner=partner_a, title="Netzwerkbedarf")
    NeedFactory(partner=partner_a, title="Fremder Entwurf")
    client.force_login(editor_b)
    page = client.get(reverse("exchange_intern:list")).content.decode()
    assert "Netzwerkbedarf" in page
    assert "Fremder Entwurf" not in page


def test_the_internal_list_needs_few_queries(
    client, editor_a, partner_a, django_assert_max_num_queries
):
    field = FieldOfActionFactory(name="Gesundheit", slug="gesundheit")
    for number in range(3):
        OpenNeedFactory(title=f"Bedarf {number}", fields=[field])
    OpenNeedFactory(title="Unser Bedarf", fields=[field], partner=partner_a)
    client.force_login(editor_a)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("exchange_intern:list"))
    for number in range(3, 20):
        OpenNeedFactory(title=f"Bedarf {number}", fields=[field], partner=partner_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("exchange_intern:list"))


def test_the_description_is_shown_as_sanitised_markdown(client, partner_a):
    need = PublicNeedFactory(
        partner=partner_a, description="Wir suchen **Video**.<script>alert(1)</script>"
    )
    page = client.get(need.get_absolute_url()).content.decode()
    assert "<strong>Video</strong>" in page
    assert "alert(1)</script>" not in page
    assert "&lt;strong&gt;" not in page


def test_the_form_preselects_the_one_partner_one_edits_for(client, editor_a, partner_a):
    client.force_login(editor_a)
    form = client.get(reverse("exchange_intern:create")).context["form"]
    assert form["partner"].value() == partner_a.pk


def test_the_history_names_each_step_in_the_readers_language(
    client, editor_a, partner_a, partner_b, editor_b
):
    need = OpenNeedFactory(partner=partner_a)
    services.cosign_need(need=need, partner=partner_b, acting_user=editor_b)
    client.force_login(editor_a)
    german = client.get(need.get_internal_url(), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f"Mitgezeichnet von {partner_b.name}" in german
    assert "co-signed by" not in german
    english = client.get(need.get_internal_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Co-signed by {partner_b.name}" in english
