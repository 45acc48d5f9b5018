"""The councils' next dates, from the meetings the sync stored (no network here)."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from ..models import Accession, CouncilMeeting, CouncilPaper, OParlConnection

NEXT_PER_BODY = 3


@dataclass(frozen=True)
class CouncilDate:
    partner_name: str
    partner_slug: str
    body: str
    start: datetime.datetime
    name: str
    url: str
    uid: str
    deciding: bool


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def relevant_organizations(
    connection: OParlConnection, paper: CouncilPaper | None
) -> tuple[list[str], set[str]]:
    """The organizations to watch (the paper's, then the chosen ones) and the deciding ones."""
    ids: list[str] = []
    deciding: set[str] = set()
    if paper is not None:
        ids.extend(paper.organization_ids)
        deciding.update(paper.deciding_organization_ids)
    ids.extend(org for org in connection.watched_organizations if org not in ids)
    return ids, deciding


def next_dates(
    connection: OParlConnection,
    paper: CouncilPaper | None,
    *,
    now: datetime.datetime | None = None,
    per_body: int = NEXT_PER_BODY,
    deciding_only: bool = False,
    meetings: list[CouncilMeeting] | None = None,
) -> list[CouncilDate]:
    """The next meetings of each relevant body, soonest first (one query, or none
    when the connection's upcoming `meetings` are given)."""
    ids, deciding = relevant_organizations(connection, paper)
    if deciding_only and deciding:
        ids = [org for org in ids if org in deciding]
    if not ids:
        return []
    names = connection.organization_names()
    wanted = set(ids)
    found: dict[str, int] = {}
    dates = []
    if meetings is None:
        meetings = list(CouncilMeeting.objects.filter(connection=connection).upcoming(now))
    for meeting in meetings:
        if meeting.start is None:  # upcoming() has only meetings with a start
            continue
        for org in meeting.organization_ids:
            if org in wanted and found.get(org, 0) < per_body:
                found[org] = found.get(org, 0) + 1
                dates.append(
                    CouncilDate(
                        partner_name=connection.partner.name,
                        partner_slug=connection.partner.slug,
                        body=names.get(org) or meeting.name,
                        start=meeting.start,
                        name=meeting.name,
                        url=meeting.web_url or meeting.oparl_id,
                        uid=f"oparl-{meeting.pk}-{_short_hash(org)}@regiohub",
                        deciding=org in deciding,
                    )
                )
                break
    return sorted(dates, key=lambda date: date.start)


def next_dates_of_open_accessions(*, now=None, per_body: int = 1) -> list[CouncilDate]:
    """For each open accession of the current agreement with a source: when its councils meet."""
    accessions = (
        Accession.objects.of_current_agreement()
        .open()
        .filter(partner__oparl_connection__isnull=False)
        .select_related("partner", "partner__oparl_connection", "council_paper")
        .order_by("partner__name")
    )
    accessions = list(accessions)
    upcoming: dict[int, list[CouncilMeeting]] = {}
    for meeting in CouncilMeeting.objects.filter(
        connection__partner__in=[accession.partner_id for accession in accessions]
    ).upcoming(now):
        upcoming.setdefault(meeting.connection_id, []).append(meeting)
    dates: list[CouncilDate] = []
    for accession in accessions:
        connection = accession.partner.oparl_connection
        paper = getattr(accession, "council_paper", None)
        dates.extend(
            next_dates(
                connection,
                paper,
                now=now,
                per_body=per_body,
                meetings=upcoming.get(connection.pk, []),
            )
        )
    return sorted(dates, key=lambda date: (date.start, date.partner_name))
