import datetime
import io

import factory
from pypdf import PdfWriter

from loi.models import Accession, Agreement, Deliberation
from tests.factories import PartnerFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Absichtserklärung {n}")
    body = "Erster Absatz.\n\nZweiter Absatz."
    counterpart = factory.SubFactory(PartnerFactory, name="Landeshauptstadt Testsponsor")
    valid_until = datetime.date(2026, 12, 31)
    is_current = True


class AccessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accession

    agreement = factory.SubFactory(AgreementFactory)
    partner = factory.SubFactory(PartnerFactory)


class DeliberationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliberation

    accession = factory.SubFactory(AccessionFactory)
    body = "Kreistag"
    session_date = datetime.date(2024, 4, 29)
    order = 1


def pdf_bytes(*, encrypt: bool = False, text_pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(text_pages):
        writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
