"""Partner A's people never reach partner B's record; the public never gets a PDF."""

import pytest
from django.core.files.base import ContentFile

from loi.models import Accession

from .factories import pdf_bytes

pytestmark = pytest.mark.django_db

BASE = "/intern/absichtserklaerung"


@pytest.fixture
def signed_b(accession_b):
    accession_b.signed_pdf.save("x.pdf", ContentFile(pdf_bytes()), save=True)
    return accession_b


@pytest.mark.parametrize(
    "suffix",
    ["", "vorlage/", "beratung/neu/", "unterzeichnung/", "unterzeichnet.pdf", "dokument.pdf"],
)
def test_admin_of_other_partner_gets_404(client_of, admin_a, signed_b, suffix):
    response = client_of(admin_a).get(f"{BASE}/{signed_b.partner.slug}/{suffix}")
    assert response.status_code == 404


def test_admin_of_other_partner_cannot_change_the_state(client_of, admin_a, accession_b):
    response = client_of(admin_a).post(
        f"{BASE}/{accession_b.partner.slug}/status/", {"target": "in_deliberation"}
    )
    assert response.status_code == 404
    accession_b.refresh_from_db()
    assert accession_b.status == Accession.Status.PREPARED


def test_admin_of_other_partner_cannot_download_the_signed_pdf(client_of, admin_a, signed_b):
    response = client_of(admin_a).get(f"{BASE}/{signed_b.partner.slug}/unterzeichnet.pdf")
    assert response.status_code == 404


def test_member_reads_but_cannot_edit(client_of, member_a, accession_a):
    client = client_of(member_a)
    assert client.get(f"{BASE}/{accession_a.partner.slug}/").status_code == 200
    assert client.get(f"{BASE}/{accession_a.partner.slug}/unterzeichnung/").status_code == 404
    response = client.post(
        f"{BASE}/{accession_a.partner.slug}/status/", {"target": "in_deliberation"}
    )
    assert response.status_code == 404


def test_partner_staff_and_office_download_the_signed_pdf(client_of, member_b, office, signed_b):
    for user in (member_b, office):
        response = client_of(user).get(f"{BASE}/{signed_b.partner.slug}/unterzeichnet.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "absichtserklaerung-" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_logged_out_visitor_is_sent_to_login(client, signed_b):
    response = client.get(f"{BASE}/{signed_b.partner.slug}/unterzeichnet.pdf")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_public_never_gets_a_pdf(client, signed_b):
    for url in ("/absichtserklaerung/", "/absichtserklaerung/export.csv"):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert ".pdf" not in body
        assert signed_b.signed_pdf.name not in body
    assert client.get(f"/media/{signed_b.signed_pdf.name}").status_code == 404


def test_signed_pdf_is_stored_outside_the_media_root(settings, signed_b):
    path = signed_b.signed_pdf.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = signed_b.signed_pdf.url


def test_outsider_without_partner_is_refused(client_of, accession_a):
    from tests.factories import UserFactory

    response = client_of(UserFactory()).get(f"{BASE}/{accession_a.partner.slug}/")
    assert response.status_code == 404
