"""The public register, its CSV, the agreement PDF, the follow-up agreement, the admin."""

import csv
import datetime
import io

import pytest
from pypdf import PdfReader

from loi.models import Accession, Agreement
from tests.factories import PartnerFactory
from tests.utils import FORMULA_PAYLOADS, count_queries, runnable_cells

from .factories import AccessionFactory, DeliberationFactory

pytestmark = pytest.mark.django_db


def _add_partners(agreement, count: int, start: int):
    for number in range(start, start + count):
        accession = AccessionFactory(
            agreement=agreement, partner=PartnerFactory(name=f"Gemeinde Mengendorf {number}")
        )
        DeliberationFactory(accession=accession, body="Gemeindevertretung")
        DeliberationFactory(accession=accession, body="Hauptausschuss", order=2)


def test_public_page_query_count_does_not_grow_with_the_data(client, agreement):
    _add_partners(agreement, 2, 0)
    small = count_queries(lambda: client.get("/absichtserklaerung/"))
    _add_partners(agreement, 8, 10)
    large = count_queries(lambda: client.get("/absichtserklaerung/"))
    assert small == large


def test_csv_has_one_row_per_partner(client, accession_a, accession_b):
    DeliberationFactory(accession=accession_a, session_date=datetime.date(2024, 4, 29))
    accession_a.resolution_number = "=1+2"
    accession_a.save()
    response = client.get("/absichtserklaerung/export.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "Partner;State;Resolution number;Council deliberations;Date signed"
    row_a = next(line for line in lines if accession_a.partner.name in line)
    assert "'=1+2" in row_a  # no formula for spreadsheet programs
    assert "Kreistag 29.04.2024: result missing" in row_a  # a past session, no result
    assert len(lines) == 1 + 3  # A, B and the counterpart


def test_agreement_pdf_carries_the_partner_name(client_of, member_a, accession_a):
    response = client_of(member_a).get(
        f"/intern/absichtserklaerung/{accession_a.partner.slug}/dokument.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Landkreis Testland A" in " ".join(text.split())
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged PDF


@pytest.fixture
def builds(monkeypatch):
    """The PDFs WeasyPrint really built (the real renderer, counted)."""
    from weasyprint import HTML

    built = []
    write_pdf = HTML.write_pdf

    def counting(self, *args, **kwargs):
        built.append(self)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", counting)
    return built


def test_a_second_download_of_the_same_agreement_is_not_rebuilt(
    client_of, member_a, accession_a, builds
):
    url = f"/intern/absichtserklaerung/{accession_a.partner.slug}/dokument.pdf"
    client = client_of(member_a)
    first = client.get(url)
    second = client.get(url)
    assert len(builds) == 1
    assert second.status_code == 200
    assert second.content == first.content


def test_a_changed_agreement_or_partner_gives_a_new_pdf(client_of, member_a, accession_a, builds):
    url = f"/intern/absichtserklaerung/{accession_a.partner.slug}/dokument.pdf"
    client = client_of(member_a)
    client.get(url)
    accession_a.agreement.title = "Absichtserklärung, zweite Fassung"
    accession_a.agreement.save()
    client.get(url)
    accession_a.partner.name = "Landkreis Umbenannt"
    accession_a.partner.save()
    response = client.get(url)
    assert len(builds) == 3
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Landkreis Umbenannt" in text
    assert "zweite Fassung" in text


def test_agreement_pdfs_are_limited_per_person(client_of, member_a, accession_a, builds):
    from loi.views.intern import AGREEMENT_PDF_LIMIT

    url = f"/intern/absichtserklaerung/{accession_a.partner.slug}/dokument.pdf"
    client = client_of(member_a)
    for _ in range(AGREEMENT_PDF_LIMIT):
        assert client.get(url).status_code == 200
    refused = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Bitte warten Sie eine Minute" in refused.content.decode()


def test_office_opens_a_follow_up_agreement_copying_nothing(client_of, office, accession_a):
    accession_a.status = Accession.Status.SIGNED
    accession_a.resolution_number = "1/2024"
    accession_a.signatory_name = "Wehlan"
    accession_a.save()
    response = client_of(office).post(
        "/intern/absichtserklaerung/folgevereinbarung/",
        {
            "title": "Absichtserklärung 2027–2028",
            "valid_from": "2027-01-01",
            "valid_until": "2028-12-31",
            "body": "Neuer Text.",
        },
    )
    assert response.status_code == 302
    follow_up = Agreement.objects.current().get()
    assert follow_up.predecessor == accession_a.agreement
    new = follow_up.accessions.get()
    assert new.partner == accession_a.partner
    assert new.status == Accession.Status.PREPARED
    assert (new.resolution_number, new.signatory_name, new.signed_pdf.name) == ("", "", "")
    assert not new.deliberations.exists()


def test_partner_admin_cannot_open_a_follow_up(client_of, admin_a, accession_a):
    response = client_of(admin_a).get("/intern/absichtserklaerung/folgevereinbarung/")
    assert response.status_code == 404


def test_office_sees_the_history_on_the_record(client_of, office, accession_a):
    body = client_of(office).get(accession_a.get_absolute_url()).content.decode()
    assert 'id="history-heading"' in body


def test_partner_does_not_see_the_history(client_of, admin_a, accession_a):
    body = client_of(admin_a).get(accession_a.get_absolute_url()).content.decode()
    assert 'id="history-heading"' not in body


def test_office_dashboard_lists_partners_without_signature(client_of, office, accession_a):
    body = client_of(office).get("/intern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Still missing a signature" in body  # in the cockpit, the one accession table
    assert accession_a.partner.name in body


def test_partner_dashboard_shows_state_and_next_step(client_of, admin_a, accession_a):
    body = client_of(admin_a).get("/intern/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "prepared" in body
    assert "Put the accession before your council" in body


def test_admin_exports_the_register(client_of, office, accession_a):
    response = client_of(office).post(
        "/admin/loi/accession/",
        {"action": "export_register_csv", "_selected_action": [accession_a.pk]},
    )
    assert response.status_code == 200
    assert accession_a.partner.name in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "url", ["/admin/loi/agreement/", "/admin/loi/accession/", "/admin/loi/deliberation/"]
)
def test_admin_lists_open_for_the_office(client_of, office, accession_a, url):
    assert client_of(office).get(url).status_code == 200


def test_admin_shows_the_accession_history_to_the_office(client_of, office, accession_a):
    response = client_of(office).get(f"/admin/loi/accession/{accession_a.pk}/history/")
    assert response.status_code == 200


@pytest.fixture
def hostile_accessions(agreement):
    """Accessions whose partner, resolution number and council body start like formulas."""
    accessions = []
    for number, payload in enumerate(FORMULA_PAYLOADS):
        accession = AccessionFactory(
            agreement=agreement,
            partner=PartnerFactory(name=payload, slug=f"formel-{number}"),
            resolution_number=payload,
        )
        DeliberationFactory(accession=accession, body=payload)
        accessions.append(accession)
    return accessions


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_public_csv_shows_formula_like_text_as_text(client, hostile_accessions):
    _header, *rows = read_csv(client.get("/absichtserklaerung/export.csv"))
    assert runnable_cells(rows) == []
    names = [row[0] for row in rows if row[0].startswith("'")]
    assert sorted(names) == sorted(f"'{payload}" for payload in FORMULA_PAYLOADS)


def test_the_admin_export_shows_formula_like_text_as_text(client_of, office, hostile_accessions):
    response = client_of(office).post(
        "/admin/loi/accession/",
        {
            "action": "export_register_csv",
            "_selected_action": [accession.pk for accession in hostile_accessions],
        },
    )
    _header, *rows = read_csv(response)
    assert len(rows) == len(FORMULA_PAYLOADS)
    assert runnable_cells(rows) == []
    assert sorted(row[1] for row in rows) == sorted(f"'{p}" for p in FORMULA_PAYLOADS)


def test_the_register_csv_is_written_for_people_bom_semicolons_german_dates(client, accession_a):
    accession_a.signed_on = datetime.date(2025, 3, 7)
    accession_a.save()
    response = client.get("/absichtserklaerung/export.csv", HTTP_ACCEPT_LANGUAGE="de")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    row = next(r for r in read_csv(response) if r[0] == accession_a.partner.name)
    assert row[-1] == "07.03.2025"


def test_a_past_council_session_without_result_says_so_a_future_one_is_planned(
    client, accession_a, accession_b
):
    today = datetime.date.today()
    DeliberationFactory(accession=accession_a, session_date=today - datetime.timedelta(days=3))
    DeliberationFactory(accession=accession_b, session_date=today + datetime.timedelta(days=3))
    html = client.get("/absichtserklaerung/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    past = html.split(accession_a.partner.name, 1)[1].split("</li>", 1)[0]
    future = html.split(accession_b.partner.name, 1)[1].split("</li>", 1)[0]
    assert "Ergebnis fehlt" in past and "geplant" not in past
    assert "geplant" in future
