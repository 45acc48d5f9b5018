"""The role "network member": experts of research, companies and associations.

They are invited like colleagues, keep their own expert entry and see the
expert directory, but are not partner staff: no projects, no Letter of
Intent, no internal content.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loi.models import Accession
from partners import services
from partners.models import Invitation, Membership, User
from partners.rules import forget_cached_roles
from projects.models import TransferInterest
from tests.factories import MembershipFactory, PartnerFactory, UserFactory
from tests.loi.factories import AccessionFactory, AgreementFactory
from tests.projects.factories import ProjectFactory, PublishedProjectFactory
from tests.worker import committed

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fläming-Korridor-2026"


@pytest.fixture
def institute(db):
    return PartnerFactory(name="Hochschule Testingen", kind="wissenschaft")


@pytest.fixture
def institute_admin(institute):
    return MembershipFactory(
        partner=institute, role="admin", user=UserFactory(email="admin.hs@example.org")
    ).user


@pytest.fixture
def expert(institute):
    return MembershipFactory(
        partner=institute, role="network", user=UserFactory(email="expertin@example.org")
    ).user


def _invite(client, partner, role="network", email="expertin@example.org"):
    return committed(
        lambda: client.post(
            reverse("partners_intern:invite", args=[partner.slug]), {"email": email, "role": role}
        )
    )


def test_admin_of_a_research_partner_invites_a_network_member(
    client_of, institute, institute_admin, mailoutbox
):
    page = client_of(institute_admin).get(reverse("partners_intern:members", args=[institute.slug]))
    assert 'value="network"' in page.content.decode()
    response = _invite(client_of(institute_admin), institute)
    assert response.status_code == 302
    assert Invitation.objects.get().role == "network"
    assert len(mailoutbox) == 1


def test_office_invites_a_network_member_into_a_company(client_of, office, mailoutbox):
    company = PartnerFactory(name="Beispiel GmbH", kind="unternehmen")
    assert _invite(client_of(office), company).status_code == 302
    assert Invitation.objects.get(partner=company).role == "network"


def test_a_municipality_has_no_network_members(client_of, partner_a, admin_a, mailoutbox):
    page = client_of(admin_a).get(reverse("partners_intern:members", args=[partner_a.slug]))
    assert 'value="network"' not in page.content.decode()
    response = _invite(client_of(admin_a), partner_a)
    assert response.status_code == 400
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError):
        services.invite(
            partner=partner_a, email="x@example.org", role="network", acting_user=admin_a
        )
    membership = Membership.objects.get(user=admin_a)
    with pytest.raises(ValidationError):
        services.change_role(membership=membership, role="network", acting_user=admin_a)


def test_member_of_a_research_partner_cannot_invite(client_of, institute):
    member = MembershipFactory(partner=institute, role="member").user
    assert _invite(client_of(member), institute).status_code == 403
    assert not Invitation.objects.exists()


def test_accepting_as_network_member_leads_to_the_own_expert_entry(
    client, client_of, institute, institute_admin, mailoutbox
):
    _invite(client_of(institute_admin), institute)
    link = re.search(r"http://testserver(/intern/einladung/[^/\s]+/)", mailoutbox[0].body)[1]
    client.logout()
    response = client.post(
        link,
        {
            "first_name": "Erika",
            "last_name": "Beispiel",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == reverse("community_intern:own_expert_entry")
    erika = User.objects.get(email="expertin@example.org")
    assert Membership.objects.get(user=erika).role == "network"
    page = client.get(reverse("community_intern:own_expert_entry")).content.decode()
    assert "Hochschule Testingen" in page  # the organisation is prefilled


@pytest.mark.parametrize(
    "path",
    ["/intern/projekte/", "/intern/projekte/neu/", "/intern/arbeitsgruppen/"],
)
def test_network_member_does_not_reach_the_staff_pages(client_of, expert, path):
    assert client_of(expert).get(path).status_code in (403, 404)


def test_network_member_opening_the_internal_start_lands_on_the_own_entry(client_of, expert):
    response = client_of(expert).get("/intern/")
    assert response.status_code == 302
    assert response["Location"] == "/intern/experten/mein-eintrag/"


def test_network_member_sees_the_expert_directory(client_of, expert):
    assert client_of(expert).get("/intern/experten/").status_code == 200


def test_network_member_has_no_staff_rights_on_projects_or_the_letter_of_intent(expert, institute):
    project = ProjectFactory(lead_partner=institute)
    published = PublishedProjectFactory(lead_partner=PartnerFactory(name="Stadt Anders"))
    accession = AccessionFactory(agreement=AgreementFactory(), partner=institute)
    interest = TransferInterest(project=project, partner=institute)
    forget_cached_roles(expert)
    for perm, obj in [
        ("core.access_intern", None),
        ("projects.create_project", None),
        ("projects.view_internal", project),
        ("projects.edit_project", project),
        ("projects.submit_project", project),
        ("projects.signal_interest", published),
        ("projects.decide_interest", interest),
        ("loi.view_record", accession),
        ("loi.edit_record", accession),
        ("loi.download_signed_pdf", accession),
        ("partners.view_internal", institute),
        ("partners.edit_profile", institute),
        ("partners.manage_members", institute),
        ("community.view_workinggroup", None),
        ("community.request_stop", institute),
    ]:
        assert not expert.has_perm(perm, obj), perm
    assert expert.has_perm("community.view_expert_directory")
    assert expert.has_perm("community.keep_own_expert_entry")
    assert list(Accession.objects.for_user(expert)) == []


def test_staff_keep_their_rights_beside_a_network_membership(partner_a, editor_a, institute):
    """An editor of a town who is also an expert of an institute stays an editor of the town."""
    MembershipFactory(user=editor_a, partner=institute, role="network")
    project = ProjectFactory(lead_partner=partner_a)
    assert editor_a.has_perm("projects.edit_project", project)
    assert not editor_a.has_perm("projects.view_internal", ProjectFactory(lead_partner=institute))


def test_after_login_an_expert_lands_on_the_own_entry_and_staff_on_the_dashboard(
    client, expert, member_a
):
    from tests.factories import PASSWORD

    response = client.post(reverse("account_login"), {"login": expert.email, "password": PASSWORD})
    assert response["Location"] == reverse("community_intern:own_expert_entry")
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": member_a.email, "password": PASSWORD}
    )
    assert response["Location"] == "/intern/"
