"""/api/v1/needs/: the public needs that look for answers; projects with maturity and profile."""

from decimal import Decimal

import pytest

from exchange.models import Need, NeedState
from insights.api import services
from tests.exchange.factories import NeedFactory, OpenNeedFactory, PublicNeedFactory
from tests.projects.factories import FieldOfActionFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def needs(partner_a, partner_b):
    field = FieldOfActionFactory(slug="gesundheit", name="Gesundheit")
    return {
        "public": PublicNeedFactory(
            partner=partner_a,
            title="Videosprechstunde",
            fields=[field],
            contact_name="Gesundheitsamt",
            contact_email="ga@example.org",
            contact_is_public=True,
        ),
        "exchange": PublicNeedFactory(
            partner=partner_b, title="Im Austausch", state=NeedState.IN_EXCHANGE
        ),
        "network": OpenNeedFactory(partner=partner_a, title="Nur im Netzwerk"),
        "draft": NeedFactory(partner=partner_a, title="Entwurf", visibility=Need.Visibility.PUBLIC),
        "closed": PublicNeedFactory(
            partner=partner_a, title="Geschlossen", state=NeedState.CLOSED, closed_reason="x"
        ),
    }


def _titles(client, url="/api/v1/needs/", **extra):
    return sorted(item["title"] for item in client.get(url, **extra).json()["results"])


def test_the_list_has_the_public_open_needs_only(client, needs):
    assert _titles(client) == ["Im Austausch", "Videosprechstunde"]


def test_a_token_of_partner_staff_does_not_widen_the_list(client, needs, editor_a):
    _token, secret = services.issue_token(acting_user=editor_a, name="Bedarfe")
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert _titles(client, **header) == ["Im Austausch", "Videosprechstunde"]
    network = needs["network"]
    assert client.get(f"/api/v1/needs/{network.slug}/", **header).status_code == 404


@pytest.mark.parametrize("hidden", ["network", "draft", "closed"])
def test_a_need_that_is_not_public_and_open_is_a_404(client, needs, hidden):
    response = client.get(f"/api/v1/needs/{needs[hidden].slug}/")
    assert response.status_code == 404


def test_a_need_says_its_fields_partner_state_and_dates(client, needs, partner_a, partner_b):
    need = needs["public"]
    need.supports.create(partner=partner_b)
    body = client.get(f"/api/v1/needs/{need.slug}/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert body["fields_of_action"] == ["gesundheit"]
    assert body["partner"]["slug"] == partner_a.slug
    assert body["partner_kind"] == "landkreis"
    assert body["state"] == "open"
    assert body["opened_at"] is not None
    assert [signer["slug"] for signer in body["co_signers"]] == [partner_b.slug]
    assert body["contact"] == {"name": "Gesundheitsamt", "email": "ga@example.org"}
    assert body["url"].endswith(f"/gesucht/{need.slug}/")


def test_the_list_filters_as_gesucht_does_and_refuses_unknown_values(client, needs):
    assert _titles(client, "/api/v1/needs/?stand=in_exchange") == ["Im Austausch"]
    assert _titles(client, "/api/v1/needs/?handlungsfeld=gesundheit") == ["Videosprechstunde"]
    assert client.get("/api/v1/needs/?stand=solved").status_code == 400
    assert client.get("/api/v1/needs/?handlungsfeld=gibtsnicht").status_code == 400


def test_the_index_names_the_needs(client):
    assert client.get("/api/v1/").json()["lists"]["need_list"].endswith("/api/v1/needs/")


def test_a_project_gives_its_maturity_and_solution_profile(client, partner_a):
    project = PublishedProjectFactory(
        lead_partner=partner_a,
        maturity="regular",
        prerequisites="Ein Server.",
        cost_min=Decimal("1000"),
        licence="EUPL-1.2",
        source_repository="https://gitlab.opencode.de/x/y",
    )
    listed = client.get("/api/v1/projects/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert (listed["maturity"], listed["maturity_label"]) == ("regular", "Regular operation")
    profile = client.get(f"/api/v1/projects/{project.slug}/").json()["solution_profile"]
    assert profile["prerequisites"] == "Ein Server."
    assert profile["cost_min"] == "1000.00"
    assert profile["cost_max"] is None
    assert profile["licence"] == "EUPL-1.2"
    assert profile["source_repository"] == "https://gitlab.opencode.de/x/y"
