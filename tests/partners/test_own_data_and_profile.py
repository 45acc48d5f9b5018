"""Own data (profile, JSON download, deleting the account) and the partner profile form."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from partners import services
from partners.models import Membership, Partner, User
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def _profile_data(partner, **changes):
    data = {
        "description": "Wir digitalisieren.",
        "website": "https://example.org",
        "street": "Am Nuthefließ 2",
        "postal_code": "14943",
        "city": "Luckenwalde",
        "contact_email": "digital@example.org",
        "contact_phone": "03371 608-0",
        "logo_alt": "",
    }
    data.update(changes)
    return data


def test_the_admin_edits_the_profile_but_not_name_or_ags(client_of, admin_a, partner_a):
    url = reverse("partners_intern:edit_profile", args=[partner_a.slug])
    response = client_of(admin_a).post(
        url, _profile_data(partner_a, name="Hijacked", ags="12072000")
    )
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.city == "Luckenwalde"
    assert partner_a.name == "Landkreis Testland A"
    assert partner_a.ags == ""


def test_a_logo_is_checked_by_its_content(client_of, admin_a, partner_a):
    url = reverse("partners_intern:edit_profile", args=[partner_a.slug])
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client_of(admin_a).post(
        url, {**_profile_data(partner_a, logo_alt="Logo"), "logo": fake}
    )
    assert response.status_code == 200
    assert 'id="id_logo-error"' in response.content.decode()
    partner_a.refresh_from_db()
    assert not partner_a.logo


def test_a_real_logo_needs_an_alt_text_and_is_then_saved(
    client_of, admin_a, partner_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("partners_intern:edit_profile", args=[partner_a.slug])
    client = client_of(admin_a)
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = client.post(url, {**_profile_data(partner_a), "logo": logo})
    assert response.status_code == 200  # alt text missing
    assert 'value="Luckenwalde"' in response.content.decode()  # nothing typed is lost
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = client.post(url, {**_profile_data(partner_a, logo_alt="Wappen"), "logo": logo})
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.logo and partner_a.logo_alt == "Wappen"


def test_a_too_large_logo_is_refused(client_of, admin_a, partner_a):
    url = reverse("partners_intern:edit_profile", args=[partner_a.slug])
    big = SimpleUploadedFile("logo.png", _png() + b"\0" * (1024 * 1024), content_type="image/png")
    response = client_of(admin_a).post(url, {**_profile_data(partner_a, logo_alt="L"), "logo": big})
    assert response.status_code == 200
    assert "höchstens 1 MB" in response.content.decode()


def test_the_last_admin_cannot_be_demoted_or_removed(client_of, admin_a, partner_a):
    membership = admin_a.memberships.get()
    client = client_of(admin_a)
    client.post(
        reverse("partners_intern:change_role", args=[partner_a.slug, membership.pk]),
        {f"m{membership.pk}-role": "member"},
    )
    membership.refresh_from_db()
    assert membership.role == "admin"
    response = client.post(
        reverse("partners_intern:remove_member", args=[partner_a.slug, membership.pk]),
        {"confirmed": "yes"},
        follow=True,
    )
    assert "letzte Administratorin" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_with_a_second_admin_the_first_may_step_down(client_of, admin_a, partner_a):
    MembershipFactory(partner=partner_a, role=Membership.Role.ADMIN)
    membership = admin_a.memberships.get()
    client_of(admin_a).post(
        reverse("partners_intern:change_role", args=[partner_a.slug, membership.pk]),
        {f"m{membership.pk}-role": "member"},
    )
    membership.refresh_from_db()
    assert membership.role == "member"


def test_the_profile_saves_name_function_and_phone(client_of, member_a):
    response = client_of(member_a).post(
        reverse("partners_intern:profile"),
        {
            "first_name": "Mia",
            "last_name": "Muster",
            "function": "CDO",
            "phone": "0331 123",
            "language": "de",
        },
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert (member_a.first_name, member_a.function, member_a.phone) == ("Mia", "CDO", "0331 123")


def test_the_personal_data_download_contains_my_data_and_no_one_elses(
    client_of, member_a, admin_a, partner_a
):
    response = client_of(member_a).get(reverse("partners_intern:personal_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == member_a.email
    assert data["memberships"] == [
        {"partner": partner_a.name, "role": "member", "since": data["memberships"][0]["since"]}
    ]
    assert admin_a.email not in response.content.decode()


def test_deleting_the_account_needs_a_recent_login(client_of, member_a):
    response = client_of(member_a).post(reverse("partners_intern:delete_account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=member_a.pk).exists()


def _reauthenticated_client(client, user):
    from tests.factories import PASSWORD

    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_member_deletes_the_account_after_reauthentication(client, member_a):
    response = _reauthenticated_client(client, member_a).post(
        reverse("partners_intern:delete_account")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert not User.objects.filter(pk=member_a.pk).exists()


def test_the_last_admin_is_told_why_the_account_cannot_be_deleted(client, admin_a, partner_a):
    _reauthenticated_client(client, admin_a)
    page = client.get(reverse("partners_intern:delete_account"))
    assert partner_a.name in page.content.decode()
    assert "einzige Administratorin" in page.content.decode()
    response = client.post(reverse("partners_intern:delete_account"))
    assert response.status_code == 409
    assert User.objects.filter(pk=admin_a.pk).exists()


def test_history_keeps_the_change_but_no_longer_names_the_deleted_person(client, partner_a):
    from tests.factories import PASSWORD

    editor = UserFactory(email="leaving@example.org")
    MembershipFactory(partner=partner_a, role=Membership.Role.ADMIN, user=editor)
    MembershipFactory(partner=partner_a, role=Membership.Role.ADMIN)  # so editor may leave
    client.post(reverse("account_login"), {"login": editor.email, "password": PASSWORD})
    client.post(
        reverse("partners_intern:edit_profile", args=[partner_a.slug]),
        _profile_data(partner_a, city="Jüterbog"),
    )
    change = Partner.history.filter(id=partner_a.pk, city="Jüterbog").get()
    assert change.history_user_id == editor.pk

    services.delete_account(acting_user=editor)

    change = Partner.history.filter(id=partner_a.pk, city="Jüterbog").get()
    assert change.history_user_id is None
    assert change.city == "Jüterbog"
