"""Saving searches, and telling their owners of new matches.

`save_search()` and `delete_search()` are the writes of the management page.
`queue_alerts()` is called by exchange/signals.py when a project is published
or a need becomes visible (whichever way: the portal's steps, the admin, the
shell); after the commit the task `alert_saved_searches` compares the item with
every alerting search (`matching.match_item`) and tells each owner who may
still read it, through notifications.notify, once: a `SavedSearchHit` row per
search and item (unique) and the notification's key make a second publication
of the same item tell nobody again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from core.permissions import PROJECT_OFFICE_GROUP
from core.text import plain_excerpt
from notifications.mail import MailTemplate, language_of
from notifications.models import Category
from notifications.services import notify
from partners.models import Membership, User
from projects.models import FieldOfAction, Project

from ..models import Need, NeedState
from .matching import Item, match_item
from .models import SavedSearch, SavedSearchHit

PROJECT, NEED = "project", "need"
# Who may still hear of an item, decided when the alert goes out.
STAFF, NETWORK = "staff", "network"


def _name_taken() -> ValidationError:
    return ValidationError(
        {"name": _("You already have a saved search with this name. Choose another name.")}
    )


@transaction.atomic
def save_search(
    *,
    search: SavedSearch,
    acting_user: User,
    fields_of_action: Iterable[FieldOfAction] | None = None,
    consent: bool = False,
) -> SavedSearch:
    """Create the acting user's search, or save its new name and frequency.

    A network member (no partner staff) saves a search only with consent, which
    is recorded with its time.
    """
    creating = search.pk is None
    if creating:
        search.owner = acting_user
        if audience_of(acting_user) == NETWORK:
            if not consent:
                raise ValidationError(
                    {"consent": _("Please agree that the portal keeps your search and mails you.")}
                )
            search.consent_at = timezone.now()
    elif search.owner_id != acting_user.pk:
        raise ValidationError(_("This saved search belongs to somebody else."))
    search.full_clean(exclude=["owner"])
    try:
        with transaction.atomic():
            search.save()
    except IntegrityError:  # the same name saved at the same moment
        raise _name_taken() from None
    if creating and fields_of_action is not None:
        search.fields_of_action.set(list(fields_of_action))
    return search


@transaction.atomic
def delete_search(*, search: SavedSearch, acting_user: User) -> None:
    if search.owner_id != acting_user.pk:
        raise ValidationError(_("This saved search belongs to somebody else."))
    search.delete()


# --- Who may hear of what ------------------------------------------------------


def audience_of(user) -> str | None:
    """STAFF (partner staff, the office, a superuser), NETWORK (a network member) or None."""
    return _audiences([user.pk]).get(user.pk) if user.is_authenticated and user.is_active else None


def _audiences(user_ids: Iterable[int]) -> dict[int, str]:
    """{user id: audience} of the given accounts, in two queries.

    The roles as they are now: a person whose role ended hears nothing. The
    office by its group (its right in a session also waits for MFA; a mail
    needs none, the page it links to does).
    """
    ids = list(user_ids)
    roles: dict[int, set[str]] = {}
    for user_id, role in Membership.objects.filter(user_id__in=ids).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    office = set(
        User.objects.filter(pk__in=ids)
        .filter(Q(groups__name=PROJECT_OFFICE_GROUP) | Q(is_superuser=True))
        .values_list("pk", flat=True)
    )
    staff_roles = set(Membership.Role.staff_roles())
    result: dict[int, str] = {}
    for user_id in ids:
        mine = roles.get(user_id, set())
        if user_id in office or mine & staff_roles:
            result[user_id] = STAFF
        elif Membership.Role.NETWORK_MEMBER in mine:
            result[user_id] = NETWORK
    return result


def _may_read(audience: str | None, search: SavedSearch, kind: str, obj) -> bool:
    if audience is None:
        return False
    if audience == NETWORK and search.consent_at is None:
        return False
    if kind == PROJECT:
        return True  # published: public
    return obj.is_public or audience == STAFF


# --- The items -----------------------------------------------------------------


def _project_item(project: Project) -> Item:
    return Item(
        kind=PROJECT,
        pk=project.pk,
        text=" ".join((project.title, project.summary, project.description)),
        field_ids=frozenset(project.fields_of_action.values_list("pk", flat=True)),
        partner_kind=project.lead_partner.kind,
        maturity=project.maturity,
        direction=project.transfer_direction,
    )


def _need_item(need: Need) -> Item:
    return Item(
        kind=NEED,
        pk=need.pk,
        text=" ".join((need.title, need.description)),
        field_ids=frozenset(need.fields_of_action.values_list("pk", flat=True)),
        partner_kind=need.partner.kind,
    )


def _locked(kind: str, pk: int):
    """The item, locked (alerts for one item run one after the other), if still visible."""
    if kind == PROJECT:
        return (
            Project.objects.select_for_update(of=("self",))
            .select_related("lead_partner")
            .filter(pk=pk, publication_state=Project.PublicationState.PUBLISHED)
            .first()
        )
    return (
        Need.objects.select_for_update(of=("self",))
        .select_related("partner")
        .filter(pk=pk, state__in=NeedState.active())
        .first()
    )


def _mail(search: SavedSearch, kind: str, obj, url: str) -> tuple[MailTemplate, str, str]:
    """The mail, and the item's line and text in the digest (in the owner's language)."""
    partner = obj.lead_partner if kind == PROJECT else obj.partner
    summary = obj.summary if kind == PROJECT else plain_excerpt(obj.description, 300)
    mail = MailTemplate(
        "exchange/email/saved_search_hit",
        {
            "search_name": search.name,
            "is_project": kind == PROJECT,
            "title": obj.title,
            "partner": partner.name,
            "summary": summary,
            "url": f"{settings.SITE_URL}{url}",
            "searches_url": f"{settings.SITE_URL}{search.get_absolute_url()}",
        },
    )
    with translation.override(language_of(search.owner)):
        line = (_("Project: %(title)s") if kind == PROJECT else _("Need: %(title)s")) % {
            "title": obj.title
        }
    return mail, line, f"{partner.name}: {summary}"


def _url(kind: str, obj) -> str:
    """The public page, or the internal one of a need for the network only."""
    if kind == NEED and not obj.is_public:
        return obj.get_internal_url()
    return obj.get_absolute_url()


@transaction.atomic
def alert_for_item(kind: str, pk: int) -> int:
    """Tell the owners of the searches the item matches, once each; returns how many."""
    obj = _locked(kind, pk)
    if obj is None:  # unpublished or closed before the alert ran
        return 0
    item = _project_item(obj) if kind == PROJECT else _need_item(obj)
    search_ids = set(match_item(item))
    if not search_ids:
        return 0
    told = set(
        SavedSearchHit.objects.filter(search_id__in=search_ids, **{kind: obj}).values_list(
            "search_id", flat=True
        )
    )
    searches = list(
        SavedSearch.objects.filter(pk__in=search_ids - told).select_related("owner").order_by("pk")
    )
    audiences = _audiences({search.owner_id for search in searches})
    hits = []
    for search in searches:
        audience = audiences.get(search.owner_id)
        if not _may_read(audience, search, kind, obj):
            continue  # no hit: should the item become readable to them, they hear of it then
        url = _url(kind, obj)
        mail, line, text = _mail(search, kind, obj, url)
        notify(
            user=search.owner,
            category=Category.SAVED_SEARCHES,
            key=f"saved-search:{search.pk}:{kind}:{obj.pk}",
            mail=mail,
            url=url,
            append_url=False,
            frequency=search.frequency,
            digest_group=search.name,
            digest_subject=line,
            digest_text=text,
        )
        hits.append(SavedSearchHit(search=search, **{kind: obj}))
    SavedSearchHit.objects.bulk_create(hits)
    return len(hits)


@task()
def alert_saved_searches(kind: str, pk: int) -> int:
    """The task worker's entry point: alerts for one newly visible item."""
    return alert_for_item(kind, pk)


def queue_alerts(kind: str, pk: int) -> None:
    """Alert the saved searches of an item once the caller's transaction has committed."""
    transaction.on_commit(lambda: alert_saved_searches.enqueue(kind, pk))
