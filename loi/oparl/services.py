"""The writes a person makes about a partner's OParl source (no network here).

Each one stores the wish and queues the task that reads the source
(loi/oparl/sync.py); pages never wait for a council information system.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partners.models import Partner

from ..models import Accession, CouncilMeeting, CouncilPaper, OParlConnection
from . import sync


def _by(instance: Any, acting_user) -> None:
    """Name the acting person in the history row (django-simple-history)."""
    if acting_user is not None:
        instance._history_user = acting_user


def _check(acting_user, accession: Accession) -> None:
    if acting_user is not None and not acting_user.has_perm("loi.manage_oparl", accession):
        raise PermissionDenied


@transaction.atomic
def connect(*, acting_user, accession: Accession, system_url: str) -> OParlConnection:
    """Store the partner's OParl system URL and queue reading it."""
    connection, _changed = store_connection(
        acting_user=acting_user, accession=accession, system_url=system_url
    )
    sync.enqueue_discover(connection.pk)
    return connection


@transaction.atomic
def store_connection(
    *, acting_user, accession: Accession, system_url: str
) -> tuple[OParlConnection, bool]:
    """Store the partner's OParl system URL; returns the connection and whether it changed.

    A new address starts afresh: body, organizations and meetings of the old
    one are dropped (the deliberations keep what they were given).
    """
    _check(acting_user, accession)
    partner: Partner = accession.partner
    system_url = system_url.strip()
    connection = OParlConnection.objects.select_for_update().filter(partner=partner).first()
    if connection is None:
        connection = OParlConnection(partner=partner)
    changed = connection.system_url != system_url or connection.is_failed
    if not changed and acting_user is None:
        return connection, False  # a script run again changes nothing
    if connection.system_url != system_url:
        connection.system_url = system_url
        connection.body_url = connection.body_name = connection.body_ags = ""
        connection.body_web_url = connection.system_name = ""
        connection.body_candidates = []
        connection.organizations = []
        connection.watched_organizations = []
        connection.modified_since = None
        if connection.pk:
            CouncilMeeting.objects.filter(connection=connection).delete()
    connection.state = OParlConnection.State.PENDING
    connection.last_error = {}
    _by(connection, acting_user)
    connection.full_clean()
    connection.save()
    return connection, changed


@transaction.atomic
def choose_body(*, acting_user, accession: Accession, body_url: str) -> OParlConnection:
    _check(acting_user, accession)
    connection = OParlConnection.objects.select_for_update().get(partner=accession.partner)
    if body_url not in {body["id"] for body in connection.body_candidates}:
        raise ValidationError(_("Choose one of the bodies the system lists."))
    connection.body_url = body_url
    connection.state = OParlConnection.State.PENDING
    connection.modified_since = None
    _by(connection, acting_user)
    connection.save()
    sync.enqueue_discover(connection.pk)
    return connection


@transaction.atomic
def watch_organizations(
    *, acting_user, accession: Accession, organization_ids: list[str]
) -> OParlConnection:
    _check(acting_user, accession)
    connection = OParlConnection.objects.select_for_update().get(partner=accession.partner)
    known = {org["id"] for org in connection.organizations}
    connection.watched_organizations = [org for org in organization_ids if org in known]
    _by(connection, acting_user)
    connection.save()
    return connection


@transaction.atomic
def find_paper(*, acting_user, accession: Accession, query: str) -> CouncilPaper:
    """Store what to look for (reference, words or URL) and queue the search."""
    _check(acting_user, accession)
    paper = CouncilPaper.objects.select_for_update().filter(accession=accession).first()
    if paper is None:
        paper = CouncilPaper(accession=accession)
    paper.query = query.strip()
    paper.state = CouncilPaper.State.SEARCHING
    paper.candidates = []
    paper.last_error = {}
    _by(paper, acting_user)
    paper.full_clean()
    paper.save()
    sync.enqueue_search(paper.pk)
    return paper


@transaction.atomic
def choose_paper(*, acting_user, accession: Accession, paper_url: str) -> CouncilPaper:
    _check(acting_user, accession)
    paper = CouncilPaper.objects.select_for_update().get(accession=accession)
    chosen = next((item for item in paper.candidates if item["id"] == paper_url), None)
    if chosen is None:
        raise ValidationError(_("Choose one of the papers found."))
    paper = sync.link_paper(paper.pk, chosen)
    sync.enqueue_sync(accession.partner_id)
    return paper


def request_sync(*, acting_user, accession: Accession) -> None:
    _check(acting_user, accession)
    if not OParlConnection.objects.filter(partner=accession.partner).exists():
        raise ValidationError(_("Connect the partner's council information system first."))
    transaction.on_commit(lambda: sync.sync_partner_task.enqueue(accession.partner_id))
