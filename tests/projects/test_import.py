"""Import of a partner's existing projects: preview, row errors, drafts, no duplicates.

Confirming queues the import on the task queue; here the tasks run at once
(the immediate backend) when `do_import` lets the commit callbacks run.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from projects.models import Participation, Project, PublicationState
from tests.projects.factories import PublishedProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]

URL = "/intern/projekte-import/"
HEADER = (
    "slug;title;summary;kind;status;fields_of_action;lead_partner;partners;"
    "start_date;end_date;funding_amount_eur"
)


def csv_file(*lines, name="projekte.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + "\r\n".join([HEADER, *lines])).encode())


GOOD = [
    ";Rufbus digital;Ein Rufbus per App.;existing;operation;mobilitaet;"
    "landkreis-teltow-flaeming;stadt-luckenwalde:pilot_site;2023-01-01;;12.500,00",
    ";Schul-WLAN;WLAN an allen Schulen.;existing;completed;bildung|mobilitaet;;;"
    "01.08.2022;31.07.2024;",
]
BROKEN = (
    ";Kaputt;Eine Zeile mit Fehlern.;existing;unbekannt;gibt-es-nicht;;;2024-05-01;2024-01-01;viel"
)


def preview(client, partner, upload):
    response = client.post(URL, {"partner": partner.pk, "datei": upload, "schritt": "pruefen"})
    assert response.status_code == 200
    return response


def confirm(client, response, lines):
    return client.post(
        URL,
        {
            "schritt": "importieren",
            "lauf": response.context["run"].pk,
            "zeile": [str(n) for n in lines],
        },
    )


def do_import(client, response, lines, capture):
    """Confirm the ticked lines, then let the worker run the queued import."""
    with capture(execute=True):
        return confirm(client, response, lines)


def test_the_preview_lists_every_row_with_its_errors_and_imports_nothing_yet(
    client_of, office, setting
):
    response = preview(client_of(office), setting["partner"], csv_file(*GOOD, BROKEN))
    rows = response.context["rows"]
    assert [row.number for row in rows] == [2, 3, 4]
    assert not rows[0].errors and not rows[1].errors
    assert len(rows[2].errors) >= 4  # status, field of action, dates, amount
    assert Project.objects.count() == 0


def test_a_file_with_a_broken_row_imports_nothing_until_it_is_deselected(
    client_of, office, setting, oncommit
):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*GOOD, BROKEN))
    blocked = do_import(client, response, [2, 3, 4], oncommit)
    assert blocked.status_code == 200 and blocked.context["blocked"]
    assert Project.objects.count() == 0
    done = do_import(client, response, [2, 3], oncommit)
    assert done.status_code == 302
    projects = Project.objects.order_by("title")
    assert [p.title for p in projects] == ["Rufbus digital", "Schul-WLAN"]
    assert {p.publication_state for p in projects} == {PublicationState.DRAFT}
    assert {p.lead_partner for p in projects} == {setting["partner"]}
    bus = projects[0]
    assert str(bus.funding_amount) == "12500.00"
    assert bus.participations.get(partner=setting["other"]).role == Participation.Role.PILOT_SITE
    assert sorted(f.slug for f in projects[1].fields_of_action.all()) == ["bildung", "mobilitaet"]


def test_importing_the_same_file_twice_creates_no_duplicates(client_of, office, setting, oncommit):
    client = client_of(office)
    do_import(client, preview(client, setting["partner"], csv_file(*GOOD)), [2, 3], oncommit)
    assert Project.objects.count() == 2
    again = preview(client, setting["partner"], csv_file(*GOOD))
    assert all(row.existing for row in again.context["rows"])
    do_import(client, again, [2, 3], oncommit)
    assert Project.objects.count() == 2


def test_an_export_reimported_changes_nothing(client_of, office, setting, oncommit):
    for index in range(3):
        PublishedProjectFactory(lead_partner=setting["partner"], title=f"Veröffentlicht {index}")
    before = list(Project.objects.order_by("pk").values())
    export = b"".join(client_of(office).get("/projekte/export.csv").streaming_content)
    client = client_of(office)
    response = preview(client, setting["partner"], SimpleUploadedFile("export.csv", export))
    assert [bool(row.existing) for row in response.context["rows"]] == [True] * 3
    do_import(client, response, [2, 3, 4], oncommit)
    assert list(Project.objects.order_by("pk").values()) == before


def test_a_project_of_another_partner_in_the_file_is_an_error(client_of, office, setting):
    PublishedProjectFactory(lead_partner=setting["other"], title="Fremdes Projekt", slug="fremd")
    line = "fremd;Fremdes Projekt;Text.;existing;operation;;;;;;"
    response = preview(client_of(office), setting["partner"], csv_file(line))
    assert response.context["rows"][0].errors


def test_an_xlsx_file_is_read_by_its_content(client_of, office, setting, oncommit):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(
        ["", "Tabellenprojekt", "Aus Excel.", "existing", "idea", "", "", "", None, None, 1000]
    )
    out = io.BytesIO()
    workbook.save(out)
    client = client_of(office)
    response = preview(client, setting["partner"], SimpleUploadedFile("liste.bin", out.getvalue()))
    assert not response.context["rows"][0].errors
    do_import(client, response, [2], oncommit)
    assert Project.objects.get().title == "Tabellenprojekt"


def test_an_unreadable_file_is_a_form_error(client_of, office, setting):
    upload = SimpleUploadedFile("x.csv", "title;summary\r\nÄ;B".encode("latin-1"))
    response = client_of(office).post(URL, {"partner": setting["partner"].pk, "datei": upload})
    assert response.status_code == 200
    assert 'id="id_datei-error"' in response.content.decode()


def test_only_the_project_office_may_import(client_of, admin_a):
    assert client_of(admin_a).get(URL).status_code == 403


def test_a_control_character_in_a_cell_is_the_rows_error_naming_the_column(
    client_of, office, setting
):
    line = ";Rufbus\x0bdigital;Ein Rufbus per App.;existing;operation;;;;;;"
    response = preview(client_of(office), setting["partner"], csv_file(line))
    [row] = response.context["rows"]
    assert any("Steuerzeichen" in error and "Titel" in error for error in row.errors), row.errors


def test_a_summary_with_line_breaks_is_imported_as_one_paragraph(client_of, office, setting):
    line = ';Rufbus digital;"Ein Rufbus\r\nper App.";existing;operation;;;;;;'
    response = preview(client_of(office), setting["partner"], csv_file(line))
    [row] = response.context["rows"]
    assert not row.errors, row.errors
    assert row.project.summary == "Ein Rufbus per App."
