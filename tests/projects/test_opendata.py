import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest

from projects.models import Participation
from tests.factories import PartnerFactory
from tests.utils import FORMULA_PAYLOADS, count_queries, runnable_cells

from .factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(partner_a):
    field = FieldOfActionFactory(slug="mobilitaet", name="Mobilität")
    public = PublishedProjectFactory(
        lead_partner=partner_a,
        title="Bürgerbus Fläming",
        slug="buergerbus",
        fields=[field],
        funding_amount="1234.50",
        contact_email="nicht-oeffentlich@example.org",
    )
    PublishedProjectFactory(lead_partner=partner_a, title="Schule digital", slug="schule")
    for state in ("draft", "in_review", "changes_requested", "archived"):
        ProjectFactory(lead_partner=partner_a, title=f"Geheim {state}", slug=f"geheim-{state}")
    return public


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_has_bom_semicolons_and_one_row_per_published_project(client, projects):
    response = client.get("/projekte/export.csv")
    text = body(response)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert sorted(row["title"] for row in rows) == ["Bürgerbus Fläming", "Schule digital"]
    assert "Geheim" not in text
    assert "nicht-oeffentlich@example.org" not in text


def test_csv_cells_never_start_a_formula(client, partner_a):
    for number, payload in enumerate(FORMULA_PAYLOADS):
        PublishedProjectFactory(
            lead_partner=partner_a,
            slug=f"formel-{number}",
            title=payload,
            summary=payload,
            funding_programme=payload,
        )
    text = body(client.get("/projekte/export.csv"))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert runnable_cells(rows) == []
    header, *records = rows
    title = header.index("title")
    assert sorted(row[title] for row in records) == sorted(f"'{p}" for p in FORMULA_PAYLOADS)


def test_json_parses_carries_the_licence_and_honours_filters(client, projects):
    data = json.loads(body(client.get("/projekte/export.json?handlungsfeld=mobilitaet")))
    assert data["schema_version"] == 1
    assert data["licence"]["id"] == "dl-de/by-2-0"
    assert [p["slug"] for p in data["projects"]] == ["buergerbus"]
    record = data["projects"][0]
    assert record["funding_amount_eur"] == "1234.50"
    assert record["fields_of_action"] == ["mobilitaet"]
    assert record["contact_email"] is None


def test_feed_lists_only_published_projects(client, projects):
    response = client.get("/projekte/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Bürgerbus Fläming" in titles
    assert not any("Geheim" in (t or "") for t in titles)


def test_sitemap_has_published_projects_and_partners_but_no_drafts(client, projects, partner_a):
    text = client.get("/sitemap.xml").content.decode()
    assert "/projekte/buergerbus/" in text
    assert partner_a.get_absolute_url() in text
    assert "geheim" not in text


def test_search_never_finds_drafts(client, projects):
    response = client.get("/projekte/?q=Geheim")
    assert list(response.context["projects"]) == []


@pytest.mark.parametrize("url", ["/projekte/export.csv", "/projekte/export.json"])
def test_export_query_count_does_not_grow(client, url, partner_a, settings):
    settings.PROJECT_EXPORT_RATE_LIMIT = 0  # count the export's own queries only

    def populate(count):
        others = PartnerFactory.create_batch(2)
        for _number in range(count):
            project = PublishedProjectFactory(lead_partner=partner_a)
            Participation.objects.create(project=project, partner=others[0])

    populate(3)
    small = count_queries(lambda: body(client.get(url)))
    populate(12)
    large = count_queries(lambda: body(client.get(url)))
    assert small == large


def load_real_data():
    # The loaders this app contributes to `load_real_data`, in their order.
    from partners.realdata import load_partners
    from projects.realdata import load_fields_of_action, load_innovationsmobil

    for loader in (load_partners, load_fields_of_action, load_innovationsmobil):
        loader()


def test_real_data_loaders_are_idempotent():
    load_real_data()
    load_real_data()
    from projects.models import FieldOfAction, Project

    assert FieldOfAction.objects.count() == 10
    mobil = Project.objects.get(slug="innovationsmobil")
    assert mobil.is_flagship and mobil.is_published
    assert mobil.lead_partner.slug == "landeshauptstadt-potsdam"
    assert mobil.participations.count() == 12
    assert mobil.participations.get(role="lead").partner == mobil.lead_partner


def test_seed_demo_generates_published_projects():
    from django.core.management.base import BaseCommand

    from projects.demo import load_demo

    load_real_data()
    out = io.StringIO()
    load_demo(BaseCommand(stdout=out), projects=1200)
    from projects.models import Project

    generated = Project.objects.published().filter(slug__startswith="demo-gen-")
    assert generated.count() == 1200
    assert all(p.title.startswith("[Demo]") for p in generated[:20])
    assert "1200/1200" in out.getvalue()
    assert Project.objects.filter(slug__startswith="demo-", is_demo=True).count() >= 1206


def test_exports_are_rate_limited_with_a_clear_message(client):
    from projects.exports import EXPORT_LIMIT

    for _ in range(EXPORT_LIMIT):
        assert client.get("/projekte/export.json").status_code == 200
    refused = client.get("/projekte/export.csv", HTTP_ACCEPT_LANGUAGE="de")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Bitte warten Sie eine Minute" in refused.content.decode()


def test_behind_the_proxy_one_client_s_downloads_do_not_stop_another(client, settings):
    from projects.exports import EXPORT_LIMIT

    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(EXPORT_LIMIT):
        client.get("/projekte/export.json", **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    refused = client.get("/projekte/export.json", **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert refused.status_code == 429
    other = client.get("/projekte/export.json", **proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 200


def test_csv_is_in_the_machine_dialect_true_false_and_iso_dates(client, partner_a):
    PublishedProjectFactory(
        lead_partner=partner_a,
        slug="leuchtturm",
        is_flagship=True,
        start_date=datetime.date(2025, 3, 7),
    )
    PublishedProjectFactory(lead_partner=partner_a, slug="klein", is_flagship=False)
    text = body(client.get("/projekte/export.csv"))
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(text[1:]), delimiter=";")}
    assert rows["leuchtturm"]["is_flagship"] == "true"
    assert rows["klein"]["is_flagship"] == "false"
    assert rows["leuchtturm"]["start_date"] == "2025-03-07"
