"""The exports stream from a server-side cursor that starts at once (issue 21).

The content is what it was: the same header, byte-order mark, dialect and rows
as each project's record built one by one (`project_record` without the
per-chunk look-ups), in the showcase's newest-first order.
"""

import io
import json

import pytest
from django.db import connection

from core import spreadsheets
from projects.exports import COLUMNS, project_record
from projects.models import Participation, Project
from tests.factories import PartnerFactory

from .factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(partner_a, settings):
    settings.PROJECT_EXPORT_RATE_LIMIT = 0
    fields = [FieldOfActionFactory(slug=f"feld-{n}", name=f"Feld {n}") for n in range(3)]
    others = PartnerFactory.create_batch(3)
    projects = []
    for number in range(7):
        project = PublishedProjectFactory(
            lead_partner=partner_a,
            title=f"Projekt {number}; mit „Anführung“",
            fields=fields[: number % 3 + 1],
            funding_amount="1000.50" if number % 2 else None,
            contact_is_public=bool(number % 2),
            contact_name="Eva Muster",
            contact_email="eva@example.org",
        )
        for partner in others[: number % 4]:
            Participation.objects.create(project=project, partner=partner, state="accepted")
        projects.append(project)
    ProjectFactory(lead_partner=partner_a, title="Entwurf")  # not published: never exported
    return projects


def expected_records() -> list[dict]:
    projects = Project.objects.published().order_by("-published_at", "-pk")
    return [project_record(project) for project in projects]


def streamed(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_the_csv_is_the_records_in_the_machine_dialect_with_bom(client, catalogue):
    response = client.get("/projekte/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="regiohub-projekte.csv"'
    out = io.StringIO()
    writer = spreadsheets.machine_csv_writer(out)
    writer.writerow(COLUMNS)
    for record in expected_records():
        record["fields_of_action"] = "|".join(record["fields_of_action"])
        record["partners"] = "|".join(f"{p['partner']}:{p['role']}" for p in record["partners"])
        writer.writerow([record[column] for column in COLUMNS])
    assert streamed(response).decode("utf-8") == spreadsheets.BOM + out.getvalue()


def test_the_json_is_valid_and_holds_the_same_records(client, catalogue):
    response = client.get("/projekte/export.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(streamed(response))
    assert document["schema_version"] == 1
    assert document["projects"] == expected_records()
    assert len(document["projects"]) == 7


@pytest.mark.parametrize("url", ["/projekte/export.csv", "/projekte/export.json"])
def test_head_answers_with_the_headers(client, catalogue, url):
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        "regiohub-projekte." + url.rsplit(".", 1)[1] + '"'
    )
    assert streamed(response) == b""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/projekte/export.csv", "/projekte/export.json"])
def test_the_cursor_is_not_held_past_a_commit(client, partner_a, settings, monkeypatch, url):
    """In autocommit mode Django declares the server-side cursor WITH HOLD, and
    PostgreSQL then runs the whole query before the first row comes back: the
    export reads its cursor inside a transaction instead."""
    settings.PROJECT_EXPORT_RATE_LIMIT = 0
    PublishedProjectFactory.create_batch(3, lead_partner=partner_a)
    held = []
    original = connection.chunked_cursor

    def spy():
        held.append(connection.autocommit)
        return original()

    monkeypatch.setattr(connection, "chunked_cursor", spy)
    body = streamed(client.get(url))
    assert held == [False]
    assert body.count(b"/projekte/") >= 3
