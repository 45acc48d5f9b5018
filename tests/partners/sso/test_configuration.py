"""The office configures a partner's provider in the admin; the secret stays out of the database."""

import pytest
from django.core.exceptions import ValidationError

from partners.models import Membership, PartnerIdentityProvider
from partners.sso.adapter import SocialAccountAdapter

pytestmark = pytest.mark.django_db


def _provider(partner, **fields) -> PartnerIdentityProvider:
    values = {
        "name": "Bezirksamt Nord",
        "slug": "bezirk-nord",
        "server_url": "https://login.nord.example/realms/amt",
        "client_id": "regiohub",
        "client_secret_env": "REGIOHUB_SSO_NORD",
        "email_domains": "nord.example\nba-nord.example",
    } | fields
    return PartnerIdentityProvider(partner=partner, **values)


def test_the_secret_is_named_by_an_environment_variable_of_its_own(partner_a):
    for name in ["DJANGO_SECRET_KEY", "DATABASE_URL", "regiohub_sso_lower"]:
        with pytest.raises(ValidationError) as error:
            _provider(partner_a, client_secret_env=name).full_clean()
        assert "client_secret_env" in error.value.message_dict


def test_no_field_holds_a_secret():
    names = {field.name for field in PartnerIdentityProvider._meta.get_fields()}
    assert not {"secret", "client_secret"} & names


def test_a_domain_belongs_to_one_provider_only(partner_a, partner_b):
    _provider(partner_a).save()
    with pytest.raises(ValidationError) as error:
        _provider(partner_b, slug="andere", email_domains="Nord.example").full_clean()
    assert "nord.example" in str(error.value.message_dict["email_domains"])


def test_a_wrong_role_mapping_names_its_line(partner_a):
    with pytest.raises(ValidationError) as error:
        _provider(partner_a, role_claim="groups", role_mapping="a = admin\nb = chef").full_clean()
    assert "2" in str(error.value.message_dict["role_mapping"])


def test_the_highest_mapped_role_wins(partner_a):
    provider = _provider(
        partner_a, role_claim="groups", role_mapping="staff = member\nleads = editor"
    )
    assert provider.role_from_claims({"groups": ["staff", "leads"]}) == Membership.Role.EDITOR
    assert provider.role_from_claims({"groups": "staff"}) == Membership.Role.MEMBER
    assert provider.role_from_claims({"groups": ["others"]}) is None
    assert provider.role_from_claims({}) is None


def test_allauth_sees_only_active_providers_with_their_secret_set(partner_a, monkeypatch):
    _provider(partner_a).save()
    _provider(partner_a, slug="aus", email_domains="aus.example", is_active=False).save()
    adapter = SocialAccountAdapter()
    assert adapter.list_apps(None) == []
    monkeypatch.setenv("REGIOHUB_SSO_NORD", "s3cret")
    apps = adapter.list_apps(None)
    assert [(app.provider_id, app.secret) for app in apps] == [("bezirk-nord", "s3cret")]
    assert apps[0].settings["oauth_pkce_enabled"] is True
    assert adapter.get_app(None, "bezirk-nord").client_id == "regiohub"


def test_the_office_sees_the_redirect_url_to_register(client_of, office, partner_a):
    provider = _provider(partner_a)
    provider.save()
    page = client_of(office).get(f"/admin/partners/partneridentityprovider/{provider.pk}/change/")
    assert page.status_code == 200
    assert "http://testserver/accounts/oidc/bezirk-nord/login/callback/" in page.content.decode()


def test_a_partner_admin_cannot_configure_providers(client_of, admin_a):
    response = client_of(admin_a).get("/admin/partners/partneridentityprovider/")
    assert response.status_code in (302, 403)
