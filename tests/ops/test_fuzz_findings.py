"""Regression tests for what the fuzz suite (test_fuzz.py) found."""

import pytest

from loi.models import Accession
from notifications.models import NotificationSetting
from partners.models import Membership
from projects.models import Project

pytestmark = pytest.mark.django_db

NOT_A_KEY = [" ", "abc", "1.5", "9187076387238368.0", "9" * 30, "-1", "a\x00b"]


@pytest.fixture
def office_client(client_of, office):
    client = client_of(office)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("value", NOT_A_KEY)
def test_admin_autocomplete_field_with_a_value_that_is_no_key_shows_the_error(
    office_client, partner_a, value
):
    from tests.loi.factories import AccessionFactory

    accession = AccessionFactory(partner=partner_a)
    response = office_client.post(
        f"/admin/loi/accession/{accession.pk}/change/",
        {"agreement": accession.agreement_id, "partner": value, "status": accession.status},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert Accession.objects.get(pk=accession.pk).partner_id == partner_a.pk


@pytest.mark.parametrize("value", ["abc", "9" * 30])
def test_admin_project_adopted_from_with_a_value_that_is_no_key_shows_the_error(
    office_client, partner_a, value
):
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(lead_partner=partner_a)
    response = office_client.post(
        f"/admin/projects/project/{project.pk}/change/",
        {"title": "Neu", "lead_partner": partner_a.pk, "adopted_from": value},
    )
    assert response.status_code == 200
    assert Project.objects.get(pk=project.pk).title == project.title


def test_admin_inline_autocomplete_with_a_value_that_is_no_key_shows_the_error(
    office_client, partner_a, member_a
):
    membership = Membership.objects.get(user=member_a, partner=partner_a)
    page = office_client.get(f"/admin/partners/partner/{partner_a.pk}/change/")
    assert page.status_code == 200
    response = office_client.post(
        f"/admin/partners/partner/{partner_a.pk}/change/",
        {
            "name": partner_a.name,
            "slug": partner_a.slug,
            "kind": partner_a.kind,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(membership.pk),
            "memberships-0-partner": str(partner_a.pk),
            "memberships-0-user": "abc",
            "memberships-0-role": membership.role,
        },
    )
    assert response.status_code == 200
    assert Membership.objects.get(pk=membership.pk).user_id == member_a.pk


def test_a_refused_notification_choice_is_shown_with_its_error(client_of, member_a):
    client = client_of(member_a)
    response = client.post("/intern/benachrichtigungen/", {"announcements": "sometimes"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="kern-error"' in body
    assert 'aria-describedby="id_announcements-error"' in body  # one id scheme for every field
    assert not NotificationSetting.objects.filter(user=member_a).exists()


@pytest.fixture
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.mark.usefixtures("_private_media")
def test_admin_names_a_private_agreement_template_without_a_link(office_client):
    from django.core.files.base import ContentFile

    from tests.loi.factories import AgreementFactory

    agreement = AgreementFactory()
    agreement.template_document.save("vorlage.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    response = office_client.get(f"/admin/loi/agreement/{agreement.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    file_name = agreement.template_document.name.rsplit("/", 1)[-1]
    assert file_name in body
    assert f'href="{agreement.template_document.name}' not in body
    assert "template_document-clear" in body  # the file can still be removed


@pytest.mark.usefixtures("_private_media")
def test_admin_lists_document_versions_without_a_link(office_client, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from community import services
    from community.models import Document
    from tests.loi.factories import pdf_bytes

    document = Document.objects.create(title="Protokoll")
    version = services.add_version(
        document=document, file=SimpleUploadedFile("a.pdf", pdf_bytes()), acting_user=office
    )
    response = office_client.get(f"/admin/community/document/{document.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert version.file.name.rsplit("/", 1)[-1] in body
    assert 'type="file"' in body  # a new version can still be uploaded
