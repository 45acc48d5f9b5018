"""The funder report for a period: exactly the projects, accessions and events of it."""

import csv
import datetime
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from community.models import Event
from loi.models import Accession
from tests.factories import PartnerFactory
from tests.loi.factories import AccessionFactory, AgreementFactory, DeliberationFactory
from tests.projects.factories import ProjectFactory, PublishedProjectFactory
from tests.utils import FORMULA_PAYLOADS, runnable_cells

pytestmark = pytest.mark.django_db

URL = "/intern/bericht/"
PERIOD = {"von": "2025-01-01", "bis": "2025-06-30"}


def aware(day: datetime.date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def history():
    """Projects, accessions and events inside and outside the first half of 2025."""
    d = datetime.date
    inside = [
        PublishedProjectFactory(title="Läuft durch", start_date=d(2024, 3, 1), end_date=None),
        ProjectFactory(title="Beginnt im Mai", start_date=d(2025, 5, 1), end_date=d(2026, 1, 1)),
        PublishedProjectFactory(
            title="Endet im Januar",
            start_date=d(2023, 1, 1),
            end_date=d(2025, 1, 1),
            funding_programme="KfW 436",
            funding_amount=12500,
        ),
    ]
    outside = [
        PublishedProjectFactory(
            title="Schon vorbei", start_date=d(2023, 1, 1), end_date=d(2024, 12, 31)
        ),
        PublishedProjectFactory(title="Kommt erst", start_date=d(2025, 7, 1)),
    ]
    agreement = AgreementFactory()
    signed = AccessionFactory(
        agreement=agreement,
        partner=PartnerFactory(name="Gemeinde Unterschrieben"),
        status=Accession.Status.SIGNED,
        signed_on=d(2025, 3, 3),
        resolution_number="6-1/25",
    )
    deliberated = AccessionFactory(
        agreement=agreement,
        partner=PartnerFactory(name="Gemeinde Berät"),
        status=Accession.Status.IN_DELIBERATION,
    )
    DeliberationFactory(accession=deliberated, body="Kreistag", session_date=d(2025, 6, 30))
    quiet = AccessionFactory(agreement=agreement, partner=PartnerFactory(name="Gemeinde Still"))
    held = Event.objects.create(
        kind=Event.Kind.TOUR_STOP,
        title="Halt in Belzig",
        start=aware(d(2025, 2, 1)),
        end=aware(d(2025, 2, 1), 16),
        municipality_ags="12069020",
    )
    not_in_period = Event.objects.create(
        kind=Event.Kind.WORKSHOP,
        title="Werkstatt im Juli",
        start=aware(d(2025, 7, 1)),
        end=aware(d(2025, 7, 1), 12),
    )
    return {
        "inside": inside,
        "outside": outside,
        "accessions_in": [signed, deliberated],
        "accessions_out": [quiet],
        "events_in": [held],
        "events_out": [not_in_period],
    }


def sections(text: str) -> dict[str, list[list[str]]]:
    """The CSV's tables by title (a title row, a header row, data rows; empty rows between)."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    tables, current = {}, None
    for row in rows[1:]:
        if not row:
            current = None
        elif current is None:
            current = tables.setdefault(row[0], [])
        else:
            current.append(row)
    return {title: body[1:] for title, body in tables.items()}  # without the header


def test_the_csv_holds_exactly_the_projects_accessions_and_events_of_the_period(
    client_of, office, history
):
    response = client_of(office).get(URL, {**PERIOD, "format": "csv", "language": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    tables = sections(response.content.decode())
    assert sorted(row[0] for row in tables["Projects"]) == sorted(
        p.title for p in history["inside"]
    )
    assert sorted(row[0] for row in tables["Accessions"]) == sorted(
        a.partner.name for a in history["accessions_in"]
    )
    assert [row[2] for row in tables["Events held"]] == ["Halt in Belzig"]
    funded = next(row for row in tables["Projects"] if row[0] == "Endet im Januar")
    assert "KfW 436" in funded and "12500,00" in funded  # German decimal comma


def test_the_xlsx_has_one_sheet_per_table_with_dates_as_dates(client_of, office, history):
    response = client_of(office).get(URL, {**PERIOD, "format": "xlsx", "language": "en"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Projects", "Accessions", "Events held"]
    projects = workbook["Projects"]
    assert projects.max_row == 1 + len(history["inside"])
    events = workbook["Events held"]
    assert events.cell(row=2, column=1).value.date() == datetime.date(2025, 2, 1)


def test_an_event_later_today_or_in_the_future_is_not_held_yet(client_of, office):
    start = timezone.now() + timedelta(hours=2)
    Event.objects.create(
        kind=Event.Kind.WORKSHOP, title="Gleich", start=start, end=start + timedelta(hours=1)
    )
    today = timezone.localdate().isoformat()
    response = client_of(office).get(
        URL, {"von": today, "bis": today, "format": "csv", "language": "en"}
    )
    assert sections(response.content.decode())["Events held"] == []


def test_a_period_ending_before_it_starts_shows_the_form_with_the_error(client_of, office):
    response = client_of(office).get(
        URL, {"von": "2025-06-01", "bis": "2025-01-01", "format": "csv"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-describedby="id_bis-error"' in html
    assert 'id="id_bis-error"' in html
    assert 'value="2025-06-01"' in html  # nothing typed is lost


def test_a_broken_date_is_a_form_error_not_a_server_error(client_of, office):
    response = client_of(office).get(URL, {"von": "gestern", "bis": "2025-01-01", "format": "csv"})
    assert response.status_code == 200
    assert 'id="id_von-error"' in response.content.decode()


def test_only_the_project_office_gets_the_report(client, client_of, admin_a):
    assert client.get(URL).status_code == 302  # to the login
    assert client_of(admin_a).get(URL, {**PERIOD, "format": "csv"}).status_code == 403


@pytest.fixture
def hostile_history():
    """A draft, an accession and an event of the period whose texts start like formulas."""
    d = datetime.date
    agreement = AgreementFactory()
    for number, payload in enumerate(FORMULA_PAYLOADS):
        ProjectFactory(  # a draft: no review stands between its editor and the report
            title=payload,
            funding_programme=payload,
            funding_amount=100 + number,
            start_date=d(2025, 2, 1),
        )
        AccessionFactory(
            agreement=agreement,
            partner=PartnerFactory(name=payload, slug=f"formel-{number}"),
            resolution_number=payload,
            signed_on=d(2025, 3, 3),
            status=Accession.Status.SIGNED,
        )
        Event.objects.create(
            kind=Event.Kind.WORKSHOP,
            title=payload,
            start=aware(d(2025, 2, 1)),
            end=aware(d(2025, 2, 1), 12),
        )


def test_the_csv_shows_formula_like_text_as_text(client_of, office, hostile_history):
    response = client_of(office).get(URL, {**PERIOD, "format": "csv", "language": "en"})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert runnable_cells(rows) == []
    tables = sections(response.content.decode())
    escaped = sorted(f"'{payload}" for payload in FORMULA_PAYLOADS)
    assert sorted(row[0] for row in tables["Projects"]) == escaped
    assert sorted(row[0] for row in tables["Accessions"]) == escaped
    assert sorted(row[2] for row in tables["Events held"]) == escaped


def test_the_xlsx_has_no_formula_and_keeps_the_text_as_typed(client_of, office, hostile_history):
    response = client_of(office).get(URL, {**PERIOD, "format": "xlsx", "language": "en"})
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    # Read back, a carriage return in the text arrives as a line feed (XML).
    typed = sorted(payload.replace("\r", "\n") for payload in FORMULA_PAYLOADS)
    projects = workbook["Projects"]
    assert sorted(row[0].value for row in projects.iter_rows(min_row=2)) == typed
    assert all(row[0].quotePrefix for row in projects.iter_rows(min_row=2))
    assert sorted(row[0].value for row in workbook["Accessions"].iter_rows(min_row=2)) == typed
    assert sorted(row[2].value for row in workbook["Events held"].iter_rows(min_row=2)) == typed
    amounts = [row[10].value for row in projects.iter_rows(min_row=2)]
    assert sorted(amounts) == list(range(100, 100 + len(FORMULA_PAYLOADS)))  # still numbers


def test_the_csv_is_written_for_people_semicolons_bom_and_german_dates(client_of, office, history):
    response = client_of(office).get(URL, {**PERIOD, "format": "csv", "language": "de"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][1:] == ["01.01.2025", "30.06.2025"]
    assert "2025-" not in text  # no ISO date anywhere
    running = next(row for row in rows if row and row[0] == "Läuft durch")
    assert "01.03.2024" in running
