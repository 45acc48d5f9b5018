"""Numbers in forms are read and written in the user's language (issue 16, Why #1)."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.forms import LocalizedDecimalField
from projects.models import Project

from ..projects.factories import ProjectFactory
from ..projects.test_editing import form_data


class AmountForm(forms.Form):
    amount = LocalizedDecimalField(max_digits=12, decimal_places=2, min_value=0)


def clean(language: str, text: str):
    with translation.override(language):
        form = AmountForm({"amount": text})
        form.is_valid()
        return form


@pytest.mark.parametrize(
    "text", ["125.000,50", "125000,50", "125 000,50", "125\u00a0000,50", "125.000,50 €"]
)
def test_german_input_reads_as_the_same_amount(text):
    assert clean("de", text).cleaned_data["amount"] == Decimal("125000.50")


@pytest.mark.parametrize("text", ["125,000.50", "125000.50", "125 000.50", "€125,000.50"])
def test_english_input_reads_as_the_same_amount(text):
    assert clean("en", text).cleaned_data["amount"] == Decimal("125000.50")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "125.50"),  # an English decimal point: 125,50 or 12.550?
        ("de", "125,000"),  # 125 with three decimals, or 125.000 in English?
        ("de", "125,000.50"),
        ("en", "125,50"),
        ("en", "1.000"),
        ("en", "125.000,50"),
    ],
)
def test_ambiguous_input_is_refused_not_guessed(language, text):
    form = clean(language, text)
    assert "amount" in form.errors
    assert "without guessing" in str(form.errors["amount"]) or language == "de"


@pytest.mark.parametrize("text", ["12a", "1..0", "--5", "1,2,3", "∞", "1e5", "9" * 80])
def test_malformed_input_is_refused(text):
    assert "amount" in clean("en", text).errors


def test_the_error_names_the_decimal_separator_and_an_example_in_german():
    message = str(clean("de", "125.50").errors["amount"])
    assert "„,“" in message or "“,”" in message
    assert "125.000,50" in message


def test_the_error_in_english_shows_an_english_example():
    message = str(clean("en", "125,50").errors["amount"])
    assert "125,000.50" in message and "without guessing" in message


def test_the_input_is_a_text_input_for_the_number_keyboard():
    html = str(AmountForm()["amount"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html


@pytest.mark.parametrize(("language", "shown"), [("de", "125.000,50"), ("en", "125,000.50")])
def test_a_stored_value_is_shown_in_the_users_locale(language, shown):
    with translation.override(language):
        html = str(AmountForm(initial={"amount": Decimal("125000.50")})["amount"])
    assert f'value="{shown}"' in html


@pytest.mark.parametrize(
    ("language", "shown"), [("de", "125.000,50\u00a0€"), ("en", "€125,000.50")]
)
def test_money_filter_writes_euros_in_the_locale(language, shown):
    with translation.override(language):
        html = Template("{% load core %}{{ amount|money }}").render(
            Context({"amount": Decimal("125000.50")})
        )
    assert html == shown


@pytest.mark.django_db
class TestProjectFundingAmount:
    def test_german_amount_round_trips_on_the_project_form(self, client_of, partner_a, editor_a):
        client = client_of(editor_a)
        data = form_data(partner_a, funding_amount="125000,50")
        response = client.post("/intern/projekte/neu/", data, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 302, response.context["form"].errors
        project = Project.objects.get()
        assert project.funding_amount == Decimal("125000.50")
        page = client.get(f"/intern/projekte/{project.pk}/bearbeiten/", HTTP_ACCEPT_LANGUAGE="de")
        assert 'value="125.000,50"' in page.content.decode()

    def test_english_amount_round_trips(self, client_of, partner_a, editor_a):
        client = client_of(editor_a)
        client.cookies["django_language"] = "en"
        data = form_data(partner_a, funding_amount="125,000.50")
        response = client.post("/intern/projekte/neu/", data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302, response.context["form"].errors
        assert Project.objects.get().funding_amount == Decimal("125000.50")

    def test_ambiguous_amount_is_refused_and_kept(self, client_of, partner_a, editor_a):
        data = form_data(partner_a, funding_amount="125000.50")
        response = client_of(editor_a).post(
            "/intern/projekte/neu/", data, HTTP_ACCEPT_LANGUAGE="de"
        )
        assert response.status_code == 200
        assert "funding_amount" in response.context["form"].errors
        assert 'value="125000.50"' in response.content.decode()
        assert not Project.objects.exists()

    def test_office_review_page_shows_the_amount_in_euros(self, client_of, office, partner_a):
        project = ProjectFactory(lead_partner=partner_a, funding_amount=Decimal("125000.50"))
        page = client_of(office).get(f"/intern/projekte/{project.pk}/", HTTP_ACCEPT_LANGUAGE="de")
        assert "125.000,50\u00a0€" in page.content.decode()

    def test_admin_shows_and_reads_a_german_amount(self, client_of, office, partner_a):
        project = ProjectFactory(lead_partner=partner_a, funding_amount=Decimal("1000"))
        url = f"/admin/projects/project/{project.pk}/change/"
        response = client_of(office).get(url, HTTP_ACCEPT_LANGUAGE="de")
        assert 'value="1.000,00"' in response.content.decode()
        field = response.context["adminform"].form.fields["funding_amount"]
        with translation.override("de"):
            assert field.clean("125.000,50") == Decimal("125000.50")
            with pytest.raises(forms.ValidationError):
                field.clean("125.50")
