import pytest

from legal.models import LegalSection

pytestmark = pytest.mark.django_db


def test_the_office_edits_a_section_and_the_change_is_in_the_history(client_of, office):
    client = client_of(office)
    response = client.post(
        "/admin/legal/legalsection/add/",
        {"key": LegalSection.Key.IMPRINT_PROVIDER, "body_de": "Landeshauptstadt Potsdam"},
    )
    assert response.status_code == 302
    section = LegalSection.objects.get()
    client.post(
        f"/admin/legal/legalsection/{section.pk}/change/",
        {"key": section.key, "body_de": "Landeshauptstadt Potsdam, Friedrich-Ebert-Str. 79/81"},
    )
    history = list(section.history.order_by("history_date"))
    assert [entry.history_user for entry in history] == [office, office]
    assert history[-1].body_de.endswith("79/81")
    assert client.get(f"/admin/legal/legalsection/{section.pk}/history/").status_code == 200


def test_partner_staff_cannot_edit_the_legal_pages(client_of, admin_a):
    response = client_of(admin_a).get("/admin/legal/legalsection/")
    assert response.status_code == 302  # to the admin login


def test_the_office_cannot_delete_a_section_only_a_superuser(client_of, office):
    section = LegalSection.objects.create(key=LegalSection.Key.IMPRINT_PROVIDER, body_de="x")
    response = client_of(office).post(
        f"/admin/legal/legalsection/{section.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert LegalSection.objects.exists()
