"""Reading a partner's OParl source into the portal (runs in the task worker only).

Three jobs, each a django-tasks task beside the function it runs:

- `discover`: read the System, list its bodies, choose the one whose AGS (or
  RGS) is the partner's, store it with its organizations.
- `search_paper`: find the accession's council paper by reference, words or URL.
- `sync_partner`: the daily and on-demand run: meetings changed since the last
  run (`modified_since`; deleted ones removed), then each linked paper, whose
  consultations become the accession's deliberations.

Everything is read before anything is written, and each paper is written in one
transaction, so a source that breaks half-way leaves the record as it was and a
clear state (`OParlConnection.last_error`, `CouncilPaper.last_error`).
"""

from __future__ import annotations

import datetime
import logging
import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from ..models import CouncilMeeting, CouncilPaper, OParlConnection
from .client import OParlClient, parse_oparl_datetime
from .errors import OParlError
from .steps import SourceStep, advance, apply_steps

log = logging.getLogger(__name__)

# The first run reads meetings changed within this window; later runs only
# what changed since the last one (with some overlap against clock skew).
INITIAL_WINDOW = datetime.timedelta(days=400)
OVERLAP = datetime.timedelta(minutes=15)
MAX_CANDIDATES = 20


# -- matching ------------------------------------------------------------------
def ags_matches(body: dict, ags: str) -> bool:
    """Whether an OParl Body is the municipality with this AGS.

    The RGS (12 digits) holds the AGS as its first five and last three digits.
    """
    if not ags:
        return False
    if (body.get("ags") or "").strip() == ags:
        return True
    rgs = (body.get("rgs") or "").strip()
    return len(rgs) == 12 and rgs[:5] + rgs[9:] == ags


def normalise_reference(value: str) -> str:
    return re.sub(r"\s+", "", (value or "").casefold())


def _str(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _url(value) -> str:
    text = _str(value, 500)
    return text if text.startswith(("http://", "https://")) else ""


# -- discover ------------------------------------------------------------------
def _fail_connection(connection_id: int, error: OParlError) -> None:
    OParlConnection.objects.filter(pk=connection_id).update(
        state=OParlConnection.State.FAILED,
        last_error=error.as_dict(),
        last_attempt_at=timezone.now(),
        updated_at=timezone.now(),
    )
    log.warning("OParl connection %s failed: %s", connection_id, error.as_dict())


def _read_body(client: OParlClient, connection: OParlConnection, body: dict) -> dict:
    """The body's fields and organizations (read, not yet saved)."""
    body_url = _url(body.get("id"))
    organizations = []
    if body.get("organization"):
        for org in client.iter_list(_url(body["organization"])):
            if org.get("deleted") or not _url(org.get("id")):
                continue
            organizations.append(
                {
                    "id": _url(org["id"]),
                    "name": _str(org.get("name"), 200),
                    "shortName": _str(org.get("shortName"), 100),
                }
            )
    return {
        "body_url": body_url,
        "body_name": _str(body.get("name"), 300),
        "body_ags": _str(body.get("ags"), 12),
        "body_web_url": _url(body.get("website")) or _url(body.get("web")),
        "organizations": organizations,
        "meeting_list": _url(body.get("meeting")),
        "paper_list": _url(body.get("paper")),
    }


def discover(connection_id: int) -> OParlConnection | None:
    """Read the System and choose the body (by the stored choice, else by AGS)."""
    connection = OParlConnection.objects.select_related("partner").filter(pk=connection_id).first()
    if connection is None:
        return None
    client = OParlClient()
    try:
        system = client.get_object(connection.system_url, "System")
        if not system.get("body"):
            raise OParlError("no_body", url=connection.system_url)
        bodies = [
            body
            for body in client.iter_list(_url(system["body"]))
            if not body.get("deleted") and _url(body.get("id"))
        ]
        if not bodies:
            raise OParlError("no_body", url=connection.system_url)
        candidates = [
            {
                "id": _url(body["id"]),
                "name": _str(body.get("name"), 300),
                "ags": _str(body.get("ags"), 12),
                "rgs": _str(body.get("rgs"), 12),
            }
            for body in bodies
        ]
        chosen = None
        if connection.body_url:
            chosen = next((b for b in bodies if _url(b["id"]) == connection.body_url), None)
            if chosen is None:
                raise OParlError("body_gone", url=connection.body_url)
        else:
            matching = [b for b in bodies if ags_matches(b, connection.partner.ags)]
            if len(matching) == 1:
                chosen = matching[0]
            elif len(bodies) == 1:
                chosen = bodies[0]
        read = _read_body(client, connection, chosen) if chosen else None
    except OParlError as error:
        _fail_connection(connection_id, error)
        return OParlConnection.objects.get(pk=connection_id)
    with transaction.atomic():
        connection = OParlConnection.objects.select_for_update().get(pk=connection_id)
        connection.system_name = _str(system.get("name"), 300)
        connection.body_candidates = candidates
        connection.last_attempt_at = timezone.now()
        connection.last_error = {}
        if read is None:
            connection.state = OParlConnection.State.CHOOSE_BODY
        else:
            for field in ("body_url", "body_name", "body_ags", "body_web_url", "organizations"):
                setattr(connection, field, read[field])
            connection.state = OParlConnection.State.PENDING
        connection.full_clean()
        connection.save()
    return connection


@task()
def discover_task(connection_id: int) -> None:
    """Connect: read the system, choose the body, then synchronise once."""
    connection = discover(connection_id)
    if connection is not None and connection.body_url and not connection.is_failed:
        sync_partner(connection.partner_id)


# -- searching the paper -------------------------------------------------------
def _paper_summary(paper: dict) -> dict:
    return {
        "id": _url(paper.get("id")),
        "reference": _str(paper.get("reference"), 100),
        "name": _str(paper.get("name"), 300),
        "date": _str(paper.get("date"), 10),
    }


def search_paper(paper_id: int, *, then_sync: bool = True) -> CouncilPaper | None:
    """Find the paper by URL, by exact reference, or by all words in its title.

    A paper found is linked and, unless `then_sync` is False, read at once.
    """
    paper = CouncilPaper.objects.select_related("accession__partner").filter(pk=paper_id).first()
    if paper is None:
        return None
    connection = OParlConnection.objects.filter(partner=paper.accession.partner).first()
    query = paper.query.strip()
    client = OParlClient()
    try:
        exact: list[dict] = []
        candidates: list[dict] = []
        if query.startswith(("http://", "https://")):
            found = client.get_object(query, "Paper")
            exact = [_paper_summary(found)]
        else:
            if connection is None or not connection.body_url:
                raise OParlError("no_connection")
            body = client.get_object(connection.body_url, "Body")
            wanted = normalise_reference(query)
            words = query.casefold().split()
            for item in client.iter_list(_url(body.get("paper"))):
                if item.get("deleted") or not _url(item.get("id")):
                    continue
                if wanted and normalise_reference(item.get("reference", "")) == wanted:
                    exact.append(_paper_summary(item))
                    break
                title = f"{item.get('name', '')} {item.get('reference', '')}".casefold()
                matches = words and all(word in title for word in words)
                if matches and len(candidates) < MAX_CANDIDATES:
                    candidates.append(_paper_summary(item))
    except OParlError as error:
        CouncilPaper.objects.filter(pk=paper_id).update(
            state=CouncilPaper.State.FAILED, last_error=error.as_dict()
        )
        return CouncilPaper.objects.get(pk=paper_id)
    if exact:
        link_paper(paper_id, exact[0])
        if then_sync and connection is not None and connection.body_url:
            sync_partner(connection.partner_id)
    else:
        CouncilPaper.objects.filter(pk=paper_id).update(
            state=CouncilPaper.State.CHOOSE if candidates else CouncilPaper.State.NOT_FOUND,
            candidates=candidates,
            last_error={},
        )
    return CouncilPaper.objects.get(pk=paper_id)


@task()
def search_paper_task(paper_id: int) -> None:
    search_paper(paper_id)


def link_paper(paper_id: int, summary: dict) -> CouncilPaper:
    with transaction.atomic():
        paper = CouncilPaper.objects.select_for_update().get(pk=paper_id)
        if paper.paper_url == summary["id"] and paper.state == CouncilPaper.State.LINKED:
            return paper
        if paper.paper_url != summary["id"]:
            paper.source_modified = None
        paper.paper_url = summary["id"]
        paper.reference = summary["reference"]
        paper.name = summary["name"]
        paper.state = CouncilPaper.State.LINKED
        paper.candidates = []
        paper.last_error = {}
        paper.full_clean()
        paper.save()
    return paper


# -- meetings ------------------------------------------------------------------
def _meeting_fields(meeting: dict, url: str) -> dict:
    agenda = {}
    for item in meeting.get("agendaItem") or []:
        if isinstance(item, dict) and _url(item.get("id")) and not item.get("deleted"):
            agenda[_url(item["id"])] = _agenda_fields(item)
    organizations = [_url(org) for org in meeting.get("organization") or [] if _url(org)]
    return {
        "name": _str(meeting.get("name"), 500),
        "start": parse_oparl_datetime(meeting.get("start"), url=url),
        "end": parse_oparl_datetime(meeting.get("end"), url=url),
        "cancelled": bool(meeting.get("cancelled")),
        "web_url": _url(meeting.get("web")),
        "organization_ids": organizations,
        "agenda_items": agenda,
        "source_modified": parse_oparl_datetime(meeting.get("modified"), url=url),
    }


def _agenda_fields(item: dict) -> dict:
    public = item.get("public")
    return {
        "result": _str(item.get("result"), 500),
        "resolutionText": _str(item.get("resolutionText"), 2000),
        "public": public if isinstance(public, bool) else None,
        "number": _str(item.get("number"), 20),
        "web": _url(item.get("web")),
    }


def _sync_meetings(client: OParlClient, connection: OParlConnection, meeting_list: str) -> int:
    """Read the meetings changed since the last run; returns how many changed."""
    since = (
        connection.modified_since - OVERLAP
        if connection.modified_since
        else timezone.now() - INITIAL_WINDOW
    )
    changed: dict[str, dict | None] = {}
    for meeting in client.iter_list(meeting_list, modified_since=since):
        url = _url(meeting.get("id"))
        if not url:
            continue
        changed[url] = None if meeting.get("deleted") else _meeting_fields(meeting, url)
    with transaction.atomic():
        for url, fields in changed.items():
            if fields is None:
                CouncilMeeting.objects.filter(connection=connection, oparl_id=url).delete()
            else:
                CouncilMeeting.objects.update_or_create(
                    connection=connection, oparl_id=url, defaults=fields
                )
    return len(changed)


def _meeting(client: OParlClient, connection: OParlConnection, url: str) -> CouncilMeeting | None:
    """A stored meeting, or read once from the source and stored."""
    stored = CouncilMeeting.objects.filter(connection=connection, oparl_id=url).first()
    if stored is not None:
        return stored
    data = client.get_object(url, "Meeting")
    if data.get("deleted"):
        return None
    stored, _created = CouncilMeeting.objects.update_or_create(
        connection=connection, oparl_id=url, defaults=_meeting_fields(data, url)
    )
    return stored


# -- papers --------------------------------------------------------------------
def _organization_name(client: OParlClient, connection: OParlConnection, url: str) -> str:
    name = connection.organization_names().get(url)
    if name:
        return name
    org = client.get_object(url, "Organization")
    return _str(org.get("name") or org.get("shortName"), 200)


def read_paper(
    client: OParlClient, connection: OParlConnection, paper: CouncilPaper
) -> tuple[dict, list[SourceStep], set[str]]:
    """The paper, its consultations as steps, and the ids of deleted consultations."""
    data = client.get_object(paper.paper_url, "Paper")
    if data.get("deleted"):
        return data, [], set()
    steps, deleted = [], set()
    for entry in data.get("consultation") or []:
        consultation = entry
        if isinstance(entry, str) and _url(entry):
            consultation = client.get_object(_url(entry), "Consultation")
        if not isinstance(consultation, dict) or not _url(consultation.get("id")):
            continue
        url = _url(consultation["id"])
        if consultation.get("deleted"):
            deleted.add(url)
            continue
        meeting = (
            _meeting(client, connection, _url(consultation.get("meeting")))
            if _url(consultation.get("meeting"))
            else None
        )
        agenda: dict = {}
        agenda_url = _url(consultation.get("agendaItem"))
        if agenda_url:
            agenda = (meeting.agenda_items.get(agenda_url) if meeting else None) or {}
            if not agenda:
                item = client.get_object(agenda_url, "AgendaItem")
                agenda = {} if item.get("deleted") else _agenda_fields(item)
        organizations = [_url(org) for org in consultation.get("organization") or [] if _url(org)]
        if not organizations and meeting is not None:
            organizations = list(meeting.organization_ids)
        names = [_organization_name(client, connection, org) for org in organizations[:1]]
        authoritative = consultation.get("authoritative")
        steps.append(
            SourceStep(
                url=url,
                body=(names[0] if names else "") or (meeting.name if meeting else "")[:200],
                organization_ids=organizations,
                session_date=timezone.localtime(meeting.start).date()
                if meeting and meeting.start
                else None,
                is_public=agenda.get("public"),
                authoritative=authoritative if isinstance(authoritative, bool) else None,
                result=agenda.get("result", ""),
                web_url=agenda.get("web") or (meeting.web_url if meeting else ""),
            )
        )
    steps.sort(key=lambda step: (step.session_date or datetime.date.max, step.url))
    return data, steps, deleted


def sync_paper(client: OParlClient, connection: OParlConnection, paper: CouncilPaper) -> dict:
    """Read one paper completely, then write it in one transaction."""
    try:
        data, steps, deleted = read_paper(client, connection, paper)
    except OParlError as error:
        CouncilPaper.objects.filter(pk=paper.pk).update(
            state=CouncilPaper.State.FAILED, last_error=error.as_dict()
        )
        return {"error": error.as_dict()}
    reason = f"OParl {paper.reference}: {paper.paper_url}"
    with transaction.atomic():
        locked = (
            CouncilPaper.objects.select_for_update().select_related("accession").get(pk=paper.pk)
        )
        now = timezone.now()
        papers = CouncilPaper.objects.filter(pk=paper.pk)
        if data.get("deleted"):
            # The record keeps what it was given; the paper says it is gone.
            papers.update(state=CouncilPaper.State.DELETED, synced_at=now, last_error={})
            return {"deleted": True}
        counts = apply_steps(locked.accession, steps, deleted, reason=reason)
        moved = advance(locked.accession, reason=reason)
        # Status fields by update(): a sync leaves no history row of its own on the paper.
        papers.update(
            reference=_str(data.get("reference"), 100) or locked.reference,
            name=_str(data.get("name"), 500) or locked.name,
            paper_web_url=_url(data.get("web")),
            source_modified=parse_oparl_datetime(data.get("modified"), url=paper.paper_url),
            organization_ids=sorted({org for step in steps for org in step.organization_ids}),
            deciding_organization_ids=sorted(
                {org for step in steps if step.authoritative for org in step.organization_ids}
            ),
            state=CouncilPaper.State.LINKED,
            last_error={},
            synced_at=now,
        )
    return {**counts, "moved": [str(state) for state in moved]}


def sync_partner(partner_id: int) -> dict:
    """The daily (and on-demand) run for one partner: meetings, then each linked paper."""
    connection = (
        OParlConnection.objects.select_related("partner").filter(partner_id=partner_id).first()
    )
    if connection is None:
        return {}
    if not connection.body_url:
        connection = discover(connection.pk)
        if connection is None or not connection.body_url or connection.is_failed:
            return {}
    started = timezone.now()
    client = OParlClient()
    report: dict = {"papers": {}}
    try:
        body = client.get_object(connection.body_url, "Body")
        if body.get("deleted"):
            raise OParlError("body_gone", url=connection.body_url)
        read = _read_body(client, connection, body)
        report["meetings"] = (
            _sync_meetings(client, connection, read["meeting_list"]) if read["meeting_list"] else 0
        )
    except OParlError as error:
        _fail_connection(connection.pk, error)
        report["error"] = error.as_dict()
        return report
    for paper in (
        CouncilPaper.objects.linked()
        .filter(accession__partner_id=partner_id, accession__agreement__is_current=True)
        .select_related("accession")
    ):
        report["papers"][paper.reference or paper.paper_url] = sync_paper(client, connection, paper)
    now = timezone.now()
    OParlConnection.objects.filter(pk=connection.pk).update(
        organizations=read["organizations"] or connection.organizations,
        body_name=read["body_name"] or connection.body_name,
        body_web_url=read["body_web_url"] or connection.body_web_url,
        state=OParlConnection.State.OK,
        last_error={},
        last_attempt_at=now,
        last_synced_at=now,
        modified_since=started,
        updated_at=now,
    )
    report["requests"] = client.requests
    log.info("OParl sync of partner %s: %s", partner_id, report)
    return report


@task()
def sync_partner_task(partner_id: int) -> None:
    """The task worker's entry point (the daily command and the button queue it)."""
    try:
        sync_partner(partner_id)
    except Exception as error:
        connection = OParlConnection.objects.filter(partner_id=partner_id).first()
        if connection is not None:
            _fail_connection(connection.pk, OParlError("stopped", detail=type(error).__name__))
        raise


def enqueue_sync(partner_id: int) -> None:
    transaction.on_commit(lambda: sync_partner_task.enqueue(partner_id))


def enqueue_discover(connection_id: int) -> None:
    transaction.on_commit(lambda: discover_task.enqueue(connection_id))


def enqueue_search(paper_id: int) -> None:
    transaction.on_commit(lambda: search_paper_task.enqueue(paper_id))


def latest_sync() -> datetime.datetime | None:
    return OParlConnection.objects.aggregate(latest=Max("last_synced_at"))["latest"]
