"""The real data: the council document of Teltow-Fläming, field for field, loaded idempotently."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from loi.models import Accession, Agreement, Deliberation
from loi.realdata import load_agreements
from partners.models import Partner

pytestmark = pytest.mark.django_db

# A copy of the council document (../shared/seed/000_5cf04c84deabcb4f.txt).
DOCUMENT = Path(__file__).parent / "data" / "vorlage-6-5282-24-IV.txt"


@pytest.fixture
def loaded():
    call_command("load_real_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Accession.objects.get(partner__name="Landkreis Teltow-Fläming")


def test_the_first_agreement_is_as_the_document_states(loaded):
    agreement = Agreement.objects.current().get()
    assert agreement.title == (
        "Absichtserklärung für eine smarte Zusammenarbeit in der Hauptstadtregion "
        "Berlin-Brandenburg im Rahmen eines kooperativen Regio.hubs"
    )
    assert agreement.counterpart.name == "Landeshauptstadt Potsdam"
    assert agreement.counterpart_role == "Projektträger Smart City Potsdam"
    assert agreement.valid_until == datetime.date(2026, 12, 31)
    assert agreement.valid_from is None


def test_teltow_flaeming_matches_the_council_document_field_for_field(loaded):
    assert loaded.resolution_number == "6-5282/24-IV"
    assert loaded.public_session is True
    assert loaded.proposal_place == "Luckenwalde"
    assert loaded.proposal_date == datetime.date(2024, 4, 8)
    assert loaded.proposal_dated == "Luckenwalde, 08.04.2024"
    assert (loaded.proposal_signed_by_name, loaded.proposal_signed_by_function) == (
        "Wehlan",
        "Landrätin",
    )
    assert loaded.subject == (
        "Regionale Kooperation für eine smarte Zusammenarbeit in der Hauptstadtregion "
        "Berlin-Brandenburg im Rahmen eines kooperativen Regio.hubs"
    )
    assert loaded.financial_implications == "keine"
    assert loaded.status == Accession.Status.IN_DELIBERATION
    assert loaded.signed_on is None and not loaded.signed_pdf


def test_texts_are_verbatim_from_the_document(loaded):
    with open(DOCUMENT, encoding="utf-8") as source:
        document = " ".join(source.read().split())
    for text in (loaded.resolution_proposal, loaded.statement_of_facts, loaded.attachments):
        for paragraph in text.split("\n\n"):
            assert " ".join(paragraph.split()) in document, paragraph[:60]


def test_the_deliberations_are_scheduled_with_the_document_dates(loaded):
    steps = list(loaded.deliberations.order_by("order"))
    assert [(s.body, s.session_date, s.outcome) for s in steps] == [
        ("Ausschuss für Wirtschaft", datetime.date(2024, 4, 24), Deliberation.Outcome.SCHEDULED),
        ("Kreistag", datetime.date(2024, 4, 29), Deliberation.Outcome.SCHEDULED),
    ]


def test_other_partners_are_prepared_without_invented_dates(loaded):
    others = Accession.objects.exclude(pk=loaded.pk)
    assert others.count() == 10
    assert set(others.values_list("status", flat=True)) == {Accession.Status.PREPARED}
    assert not others.filter(proposal_date__isnull=False).exists()
    assert not others.filter(signed_on__isnull=False).exists()
    assert not Deliberation.objects.exclude(accession=loaded).exists()
    assert not Accession.objects.filter(partner__name="Landeshauptstadt Potsdam").exists()


def test_loading_twice_changes_nothing(loaded):
    histories = Accession.history.count() + Deliberation.history.count()
    assert load_agreements() == {
        "agreements": 0,
        "accessions": 0,
        "deliberations": 0,
        "fields filled": 0,
    }
    assert Accession.history.count() + Deliberation.history.count() == histories


def test_loading_again_keeps_what_the_partner_recorded(loaded):
    kreistag = loaded.deliberations.get(body="Kreistag")
    kreistag.outcome = Deliberation.Outcome.ADOPTED
    kreistag.save()
    loaded.notes = "Beschluss gefasst"
    loaded.financial_implications = ""
    loaded.save()
    load_agreements()
    loaded.refresh_from_db()
    kreistag.refresh_from_db()
    assert kreistag.outcome == Deliberation.Outcome.ADOPTED
    assert loaded.financial_implications == ""
    assert loaded.deliberations.count() == 2


def test_public_page_shows_all_twelve_partners_and_the_resolution(loaded, client):
    body = client.get("/absichtserklaerung/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for partner in Partner.objects.all():
        assert partner.name in body
    assert body.count('<th scope="row"') == 12
    assert "6-5282/24-IV" in body
    assert "24.04.2024" in body and "29.04.2024" in body
    assert "Vertragspartner (Projektträger)" in body
