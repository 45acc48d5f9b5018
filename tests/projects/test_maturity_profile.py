"""Maturity phase and solution profile of projects (issue #17, scope 4)."""

from decimal import Decimal

import pytest

from projects.models import Project

from .factories import PublishedProjectFactory
from .test_editing import form_data

pytestmark = pytest.mark.django_db

PROFILE = {
    "maturity": "pilot",
    "prerequisites": "Ein Tablet je Fachkraft.",
    "operating_model": "Betrieb durch den Kreis.",
    "cost_min": "12.500,00",
    "cost_max": "40.000",
    "data_needed": "Termine der Praxen.",
    "licence": "EUPL-1.2",
    "source_repository": "https://gitlab.opencode.de/beispiel/telemedizin",
    "reuse_contact": "Digitalisierungsstelle, digital@example.org",
}


def test_editor_records_maturity_and_solution_profile(client_of, partner_a, editor_a):
    response = client_of(editor_a).post("/intern/projekte/neu/", form_data(partner_a, **PROFILE))
    assert response.status_code == 302
    project = Project.objects.get(title="Digitale Bürgerdienste")
    assert project.maturity == Project.Maturity.PILOT
    # Amounts as German users type them (thousands dot, decimal comma).
    assert (project.cost_min, project.cost_max) == (Decimal("12500.00"), Decimal("40000"))
    assert project.source_repository == PROFILE["source_repository"]
    assert project.has_solution_profile


def test_a_cost_range_upside_down_is_refused_and_the_input_kept(client_of, partner_a, editor_a):
    data = form_data(partner_a, **{**PROFILE, "cost_min": "50.000", "cost_max": "1.000"})
    response = client_of(editor_a).post("/intern/projekte/neu/", data)
    assert response.status_code == 200
    assert "cost_max" in response.context["form"].errors
    assert "Ein Tablet je Fachkraft." in response.content.decode()


def test_the_form_groups_the_profile_in_its_own_fieldset(client_of, partner_a, editor_a):
    page = client_of(editor_a).get("/intern/projekte/neu/").content.decode()
    legend = page.index("Lösungsprofil für Nachnutzende")
    assert legend < page.index('name="prerequisites"') < page.index('name="reuse_contact"')


def test_the_public_page_shows_only_the_filled_profile_items(client):
    project = PublishedProjectFactory(
        maturity=Project.Maturity.REGULAR_OPERATION,
        licence="EUPL-1.2",
        cost_min=Decimal("1500"),
        cost_max=Decimal("2500.5"),
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Regelbetrieb" in page
    assert "EUPL-1.2" in page
    assert "1.500,00\xa0€ bis 2.500,50\xa0€" in page
    assert "Voraussetzungen" not in page  # not filled, not shown
    assert "Quellcode" not in page


def test_a_project_without_profile_shows_no_profile_section(client):
    project = PublishedProjectFactory()
    assert not project.has_solution_profile
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Lösungsprofil" not in page


def test_the_showcase_filters_by_maturity(client):
    PublishedProjectFactory(title="Pilotprojekt", maturity=Project.Maturity.PILOT)
    PublishedProjectFactory(title="Im Regelbetrieb", maturity=Project.Maturity.REGULAR_OPERATION)
    PublishedProjectFactory(title="Ohne Angabe")
    response = client.get("/projekte/?reife=pilot")
    assert [p.title for p in response.context["projects"]] == ["Pilotprojekt"]
    assert 'name="reife"' in response.content.decode()
