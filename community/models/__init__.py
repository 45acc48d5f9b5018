"""The hub's communication structure, split by sub-domain."""

from .announcements import Announcement
from .documents import Document, DocumentVersion
from .events import Event, StopRequest
from .experts import Expert
from .groups import WorkingGroup, WorkingGroupMember
from .notifications import CalendarFeedToken, DigestItem, NotificationSetting, OutgoingMail

__all__ = [
    "Announcement",
    "CalendarFeedToken",
    "DigestItem",
    "Document",
    "DocumentVersion",
    "Event",
    "Expert",
    "NotificationSetting",
    "OutgoingMail",
    "StopRequest",
    "WorkingGroup",
    "WorkingGroupMember",
]
