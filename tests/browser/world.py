"""One coherent data set for the route list: every page type has something to show.

`build_world()` creates partner A with an admin, an editor and a member, the
project office, and for each app the objects its pages need; it returns the
values the URL templates in routes.py are filled with. Each app's part is its
own function, so a change in one app breaks one clearly named step.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.permissions import vouch_for_mfa
from partners.models import Membership, PartnerIdentityProvider
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    make_project_office,
    with_totp,
)


def _people(world: dict) -> None:
    partner = PartnerFactory(name="Landkreis Beispielland", kind="landkreis")
    world["partner"] = partner
    world["partner_slug"] = partner.slug
    for role, key in [
        (Membership.Role.ADMIN, "admin"),
        (Membership.Role.EDITOR, "editor"),
        (Membership.Role.MEMBER, "member"),
    ]:
        user = UserFactory(email=f"{key}@beispielland.example.org")
        world[key] = user
        world[f"{key}_membership"] = MembershipFactory(partner=partner, role=role, user=user)
    world["member_membership_pk"] = world["member_membership"].pk
    world["member_pk"] = world["member"].pk
    world["office"] = make_project_office(UserFactory(email="buero@example.org"))
    root = UserFactory(email="root@example.org")
    root.is_staff = root.is_superuser = True
    root.save()
    world["superuser"] = vouch_for_mfa(with_totp(root))  # as after an MFA login
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(world["office"])
    world["other_partner"] = PartnerFactory(name="Stadt Anderswo", kind="stadt")
    # The partner's own login (single sign-on); its secret is not set, so it is not offered.
    PartnerIdentityProvider.objects.create(
        partner=partner,
        name="Kreisverwaltung Beispielland",
        slug="beispielland",
        server_url="https://login.beispielland.example.org/realms/verwaltung",
        client_id="regiohub",
        client_secret_env="REGIOHUB_SSO_BEISPIELLAND",
        email_domains="beispielland.example.org",
    )


def _projects(world: dict) -> None:
    from tests.projects.factories import (
        FieldOfActionFactory,
        ProjectFactory,
        PublishedProjectFactory,
    )

    field = FieldOfActionFactory(name="Mobilität", slug="mobilitaet")
    published = PublishedProjectFactory(
        title="Rufbus im ländlichen Raum", slug="rufbus", lead_partner=world["partner"],
        fields=[field],
    )  # fmt: skip
    draft = ProjectFactory(title="Digitales Bürgeramt", lead_partner=world["partner"])
    other = PublishedProjectFactory(title="Smarte Laternen", lead_partner=world["other_partner"])
    world.update(project=published, project_slug=published.slug, draft_pk=draft.pk)
    world["fieldofaction_pk"] = field.pk
    world["project_pk"] = published.pk
    world["other_project_pk"] = other.pk
    from projects.models import TransferInterest

    interest = TransferInterest.objects.create(
        project=other, partner=world["partner"], created_by=world["admin"],
        message="Wir möchten die Laternen auch einführen.",
    )  # fmt: skip
    world["interest_pk"] = interest.pk
    from projects.models import Participation

    # Another partner invites the personas' partner to take part (participation by consent).
    invited_to = ProjectFactory(title="Gemeinsame Ladesäulen", lead_partner=world["other_partner"])
    invitation = Participation.objects.create(
        project=invited_to, partner=world["partner"], role=Participation.Role.PARTNER,
        state=Participation.State.INVITED,
    )  # fmt: skip
    world["participation_invitation_pk"] = invitation.pk


def _community(world: dict) -> None:
    from tests.community.factories import (
        AnnouncementFactory,
        EventFactory,
        ExpertFactory,
        WorkingGroupFactory,
        WorkingGroupMemberFactory,
    )

    event = EventFactory(title="Innovationsmobil in Luckenwalde", host_partner=world["partner"])
    announcement = AnnouncementFactory(title="Neues aus dem Regio.hub")
    internal = AnnouncementFactory(title="Intern: Treffen", audience="partners")
    group = WorkingGroupFactory(name="Offene Daten")
    WorkingGroupMemberFactory(group=group, user=world["member"], is_lead=True)
    expert = ExpertFactory(user=world["member"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    from community import services
    from community.models import Document
    from tests.loi.factories import pdf_bytes

    document = Document.objects.create(title="Protokoll", working_group=group)
    upload = SimpleUploadedFile("protokoll.pdf", pdf_bytes(), content_type="application/pdf")
    services.add_version(document=document, file=upload, acting_user=world["member"])
    world.update(
        document_pk=document.pk,
        event_pk=event.pk,
        announcement_pk=announcement.pk,
        internal_announcement_pk=internal.pk,
        group_slug=group.slug,
        expert_pk=expert.pk,
    )


def _loi(world: dict) -> None:
    from tests.loi.factories import AccessionFactory, AgreementFactory, DeliberationFactory

    agreement = AgreementFactory(valid_until=datetime.date(2026, 12, 31))
    accession = AccessionFactory(agreement=agreement, partner=world["partner"])
    deliberation = DeliberationFactory(accession=accession)
    # A council information system (OParl) and the linked paper, as after a sync.
    from loi.models import CouncilPaper, OParlConnection

    OParlConnection.objects.create(
        partner=world["partner"],
        system_url="https://ratsinfo.beispielland.example.org/oparl/system",
        system_name="Ratsinformationssystem Beispielland",
        body_url="https://ratsinfo.beispielland.example.org/oparl/body/1",
        body_name="Landkreis Beispielland",
        body_candidates=[
            {
                "id": "https://ratsinfo.beispielland.example.org/oparl/body/1",
                "name": "Landkreis Beispielland",
                "ags": "12099000",
            },
        ],
        organizations=[
            {
                "id": "https://ratsinfo.beispielland.example.org/oparl/organization/1",
                "name": "Kreistag",
                "shortName": "KT",
            },
        ],
        state=OParlConnection.State.OK,
    )
    CouncilPaper.objects.create(
        accession=accession,
        query="6-5282/24-IV",
        candidates=[
            {
                "id": "https://ratsinfo.beispielland.example.org/oparl/paper/1",
                "reference": "6-5282/24-IV",
                "name": "Beitritt zum Regio.hub",
            },
        ],
        reference="6-5282/24-IV",
        name="Beitritt zum Regio.hub",
        paper_url="https://ratsinfo.beispielland.example.org/oparl/paper/1",
        state=CouncilPaper.State.LINKED,
    )
    world.update(agreement_pk=agreement.pk, deliberation_pk=deliberation.pk)


def _invitation(world: dict) -> None:
    from partners import services

    issued = services.invite(
        partner=world["partner"], email="neu@beispielland.example.org",
        role=Membership.Role.MEMBER, acting_user=world["admin"],
    )  # fmt: skip
    world["invitation_token"] = issued.token
    world["invitation_pk"] = issued.invitation.pk


def _api_token(world: dict) -> None:
    from insights.api import services

    token, _secret = services.issue_token(acting_user=world["member"], name="Intranet")
    world["api_token_pk"] = token.pk


def _legal(world: dict) -> None:
    from legal.models import BarrierReport, LegalSection

    section = LegalSection.objects.create(
        key=LegalSection.Key.IMPRINT_PROVIDER, body_de="Landeshauptstadt Potsdam"
    )
    report = BarrierReport.objects.create(description="Der Kontrast ist zu schwach.")
    section.body_de = "Landeshauptstadt Potsdam, Friedrich-Ebert-Straße 79–81"
    section.save()  # a second version for the admin's history pages
    world.update(
        legalsection_pk=section.pk,
        legalsection_history_id=section.history.earliest().history_id,
        barrierreport_pk=report.pk,
    )


def _exchange(world: dict) -> None:
    from exchange.models import NeedSupport
    from tests.exchange.factories import PublicNeedFactory, SavedSearchFactory

    need = PublicNeedFactory(
        title="Videosprechstunde im Gesundheitsamt", partner=world["partner"],
        contact_name="Gesundheitsamt", contact_is_public=True,
    )  # fmt: skip
    NeedSupport.objects.create(need=need, partner=world["other_partner"])
    world.update(need_pk=need.pk, need_slug=need.slug)
    # Co-initiation: a joint draft of the need, the other partner invited, one comment.
    from exchange.coinit.services import post_comment
    from tests.exchange.factories import start_joint_draft

    draft = start_joint_draft(
        by=world["editor"], lead=world["partner"], co_initiators=[world["other_partner"]],
        need=need,
    )  # fmt: skip
    comment = post_comment(draft=draft, acting_user=world["editor"], body="Passt das so?")
    world.update(
        joint_draft_pk=draft.pk, joint_comment_pk=comment.pk, joint_partner_pk=world["partner"].pk
    )
    search = SavedSearchFactory(owner=world["editor"], name="Sprechstunden", words="Sprechstunde")
    world["saved_search_pk"] = search.pk


def _admin_rows(world: dict) -> None:
    """One row of every model the admin lists that the steps above do not create,
    so the admin suite opens a change form for each (tests/browser/admin_pages.py)."""
    from allauth.usersessions.models import UserSession
    from django_tasks_db.models import DBTaskResult, get_date_max

    from community.models import CalendarFeedToken, StopRequest
    from legal.models import AccessibilityStatement
    from loi.models import ReminderLog
    from notifications.models import DigestItem, NotificationSetting, OutgoingMail

    member, today = world["member"], world["today"]
    UserSession.objects.create(
        user=member, ip="192.0.2.10", session_key="admin-suite-session",
        user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
    )  # fmt: skip
    DBTaskResult.objects.create(
        task_path="notifications.mail.deliver_mail", args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default", queue_name="default", run_after=get_date_max(),
        exception_class_path="", traceback="",
    )  # fmt: skip
    StopRequest.objects.create(
        partner=world["partner"], requested_by=world["admin"], place_name="Luckenwalde",
        preferred_from=today, preferred_until=today + datetime.timedelta(days=14),
    )  # fmt: skip
    NotificationSetting.objects.create(
        user=member, category=NotificationSetting.Category.ANNOUNCEMENTS,
        frequency=NotificationSetting.Frequency.WEEKLY,
    )  # fmt: skip
    OutgoingMail.objects.create(
        key="admin-suite-mail", user=member, to=member.email,
        subject="Neues aus dem Regio.hub", body="Hallo!",
    )  # fmt: skip
    DigestItem.objects.create(
        user=member, category=NotificationSetting.Category.ANNOUNCEMENTS,
        subject="Neues aus dem Regio.hub", url="/aktuelles/",
    )  # fmt: skip
    CalendarFeedToken.issue(member)
    ReminderLog.objects.create(
        agreement_id=world["agreement_pk"], threshold_days=90, recipient="buero@example.org"
    )
    AccessibilityStatement.objects.create(prepared_on=today)


STEPS = [
    _people, _projects, _community, _loi, _invitation, _api_token, _legal, _exchange, _admin_rows,
]  # fmt: skip


def build_world() -> dict:
    world: dict = {"today": timezone.localdate()}
    for step in STEPS:
        step(world)
    return world
