"""What ends in the community when a person stops being staff of a partner.

partners.services.end_role runs these steps in the transaction that removes the
membership or makes it a network member (PartnersConfig.ready imports this module).
"""

from django.utils import timezone

from partners.models import Partner, User
from partners.services import still_staff, when_staff_role_ends

from .models import CalendarFeedToken, WorkingGroupMember


@when_staff_role_ends
def end_group_memberships(*, user: User, partner: Partner, acting_user: User) -> None:
    """Working groups are for partner staff: without a staff role left, the person
    leaves every group (also as lead). Each row leaves a history row naming the cause."""
    if still_staff(user):
        return
    for member in WorkingGroupMember.objects.filter(user=user).select_related("group"):
        member._change_reason = f"staff role at partner {partner.pk} ended"
        member.delete()


@when_staff_role_ends
def revoke_calendar_feeds(*, user: User, partner: Partner, acting_user: User) -> None:
    """The private feed carried the events the role showed; its address may sit in
    the old organisation's shared calendar. It stops working; a new one can be made."""
    CalendarFeedToken.objects.filter(user=user).active().update(revoked_at=timezone.now())
