"""Invitations mailed before the outbox keep when and whether their mail left."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from notifications import mail
from notifications.models import OutgoingMail
from partners.models import Invitation
from tests.factories import PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("partners", "0003_network_member_role")


def test_sent_and_failed_invitations_keep_their_mail_state_through_the_migration():
    partner, inviter = PartnerFactory(), UserFactory()
    call_command("migrate", *BEFORE, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    invitation = old.get_model("partners", "Invitation")
    now = timezone.now()
    common = {"partner_id": partner.pk, "invited_by_id": inviter.pk, "role": "member",
              "expires_at": now + timedelta(days=14)}  # fmt: skip
    sent = invitation.objects.create(email="sent@example.org", token_hash="a" * 64,
                                     sent_at=now - timedelta(days=1), **common)  # fmt: skip
    failed = invitation.objects.create(
        email="failed@example.org", token_hash="b" * 64, sent_at=now - timedelta(days=2),
        send_failed_at=now - timedelta(days=1), **common,
    )  # fmt: skip
    never = invitation.objects.create(email="never@example.org", token_hash="c" * 64, **common)

    call_command("migrate", verbosity=0)

    sent_mail = Invitation.objects.get(pk=sent.pk).mail
    assert (sent_mail.status, sent_mail.sent_at) == (OutgoingMail.Status.SENT, sent.sent_at)
    failed_mail = Invitation.objects.get(pk=failed.pk).mail
    assert failed_mail.status == OutgoingMail.Status.FAILED
    assert Invitation.objects.get(pk=never.pk).mail is None
    # Their links were never stored: the office's "send again" cannot mail an empty text.
    assert mail.retry(OutgoingMail.objects.filter(pk=failed_mail.pk)) == 0
