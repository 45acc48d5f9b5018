"""The hub's communication structure, split by sub-domain."""

from .announcements import Announcement
from .calendars import CalendarFeedToken
from .documents import Document, DocumentVersion
from .events import Event, StopRequest
from .experts import Expert
from .groups import WorkingGroup, WorkingGroupMember

__all__ = [
    "Announcement",
    "CalendarFeedToken",
    "Document",
    "DocumentVersion",
    "Event",
    "Expert",
    "StopRequest",
    "WorkingGroup",
    "WorkingGroupMember",
]
