"""The council paper (Beschlussvorlage) of each co-initiator, as PDF and ODT.

The structure of the Teltow-Fläming paper: Betreff, Beschlussvorschlag,
Sachverhalt, Finanzielle Auswirkungen. Built from stored data, so odd
characters and empty fields must never break it.
"""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from exchange.coinit.council_paper import council_paper, council_paper_odt
from exchange.models import NeedSupport
from projects import services as project_services
from projects.models import Participation, Project
from tests.exchange.factories import OpenNeedFactory, start_joint_draft
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

SECTIONS = ["Betreff", "Beschlussvorschlag", "Sachverhalt", "Finanzielle Auswirkungen"]


@pytest.fixture
def draft(editor_a, partner_a, partner_b, editor_b):
    need = OpenNeedFactory(partner=partner_a, title="Videosprechstunde im Gesundheitsamt")
    NeedSupport.objects.create(need=need, partner=partner_b)
    draft = start_joint_draft(
        by=editor_a,
        lead=partner_a,
        co_initiators=[partner_b],
        need=need,
        description="Erster Absatz.\n\n- Punkt eins\n- Punkt zwei",
    )
    project_services.accept_participation(
        participation=Participation.objects.get(project=draft.project, partner=partner_b),
        acting_user=editor_b,
    )
    Project.objects.filter(pk=draft.project_id).update(
        cost_min=Decimal("12500"), cost_max=Decimal("40000.5"), funding_programme="Smart Cities"
    )
    draft.project.refresh_from_db()
    return draft


def _odt_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        assert odt.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        return odt.read("content.xml").decode()


def test_each_co_initiator_gets_its_own_paper_with_the_four_sections(draft, partner_a, partner_b):
    paper = council_paper(draft, partner_b)
    assert paper.subject == (
        "Beteiligung von Stadt Testhausen B am gemeinsamen Regio.hub-Projekt "
        "„Gemeinsame Videosprechstunde“"
    )
    assert paper.partners == ["Landkreis Testland A"]
    assert any("Videosprechstunde im Gesundheitsamt" in fact for fact in paper.facts)
    assert paper.finances[0] == (
        "Geschätzte Kosten: 12.500,00 € bis 40.000,50 € (gesamt, für alle Partner)."
    )
    content = _odt_text(council_paper_odt(paper))
    for section in SECTIONS:
        assert section in content
    assert "Stadt Testhausen B" in content


def test_the_pages_deliver_pdf_and_odt(client, draft, editor_b, partner_a):
    client.force_login(editor_b)
    pdf = client.get(reverse("exchange_intern:council_paper_pdf", args=[draft.pk, partner_a.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="beschlussvorlage-landkreis-testland-a.pdf"' in pdf["Content-Disposition"]
    odt = client.get(reverse("exchange_intern:council_paper_odt", args=[draft.pk, partner_a.pk]))
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert "Betreff" in _odt_text(odt.content)


def test_odd_characters_and_empty_fields_never_break_it(client, draft, editor_a, partner_b):
    partner_b.name = "Gemeinde <Ä&Ö> \u201eTest\u201c \U0001f600"
    partner_b.save()
    Project.objects.filter(pk=draft.project_id).update(
        title="Titel mit \x0b Tab & <script>alert(1)</script> \U0001f680",
        summary="",
        description="",
        cost_min=None,
        cost_max=None,
        funding_programme="",
        funding_amount=None,
    )
    client.force_login(editor_a)
    for name in ("council_paper_pdf", "council_paper_odt"):
        response = client.get(reverse(f"exchange_intern:{name}", args=[draft.pk, partner_b.pk]))
        assert response.status_code == 200, name
    content = _odt_text(response.content)
    assert "&lt;script&gt;" in content
    assert "noch nicht beziffert" in content


def test_no_paper_for_a_partner_that_was_never_asked(client, draft, editor_a):
    client.force_login(editor_a)
    stranger = PartnerFactory()
    url = reverse("exchange_intern:council_paper_pdf", args=[draft.pk, stranger.pk])
    assert client.get(url).status_code == 404


def test_an_invited_partner_finds_its_council_paper_among_its_invitations(
    client, editor_a, partner_a, partner_b, editor_b
):
    draft = start_joint_draft(by=editor_a, lead=partner_a, co_initiators=[partner_b])
    client.force_login(editor_b)
    html = client.get(reverse("exchange_intern:joint_drafts")).content.decode()
    own = reverse("exchange_intern:council_paper_pdf", args=[draft.pk, partner_b.pk])
    assert own in html
    assert client.get(own).content.startswith(b"%PDF")
    # Another co-initiator's paper stays closed until B takes part.
    other = reverse("exchange_intern:council_paper_pdf", args=[draft.pk, partner_a.pk])
    assert client.get(other).status_code == 404
