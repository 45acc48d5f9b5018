"""Keep the matching index in step with every save through the ORM, and alert saved searches.

Portal, admin, import and shell all save projects through the model layer,
so these receivers see them; what they cannot see (bulk_create, update(),
raw SQL) `exchange.matching.index.refresh()` finds by the projects'
`updated_at` (the commands run it before they match).

A project that becomes published and a need that becomes open (or public) are
handed to the saved searches' alerts after the commit (exchange/alerts/), the
same for the portal's steps, the admin and the shell.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from partners.models import Partner
from projects.models import FieldOfAction, Participation, Project, TransferInterest

from .alerts.services import NEED, PROJECT, queue_alerts
from .matching.index import index_projects
from .matching.models import bump_generation
from .models import Need, NeedState

# Set by the pre_save receivers, read by the post_save ones: the save makes the item visible.
BECOMES_VISIBLE = "_becomes_visible_to_saved_searches"


@receiver(post_save, sender=Project, dispatch_uid="exchange_index_project")
def project_saved(sender, instance: Project, raw=False, **kwargs):
    if raw:
        return  # fixtures: the command's refresh indexes them
    ids = [instance.pk]
    if instance.adopted_from_id:
        ids.append(instance.adopted_from_id)  # its adopters changed
    index_projects(ids)


@receiver(
    m2m_changed, sender=Project.fields_of_action.through, dispatch_uid="exchange_index_fields"
)
def project_fields_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # a field of action's projects changed
        if pk_set:
            index_projects(pk_set)
        return
    index_projects([instance.pk])


@receiver(post_save, sender=Participation, dispatch_uid="exchange_index_participation")
def participation_saved(sender, instance: Participation, raw=False, **kwargs):
    if not raw:
        index_projects([instance.project_id])


@receiver(post_delete, sender=Participation, dispatch_uid="exchange_index_participation_gone")
def participation_deleted(sender, instance: Participation, **kwargs):
    # After the commit: when the whole project is being deleted, its participations
    # go first, and a row written for it now would block the project's delete.
    project_id = instance.project_id
    transaction.on_commit(lambda: index_projects([project_id]))


@receiver(post_save, sender=TransferInterest, dispatch_uid="exchange_index_interest")
def interest_changed(sender, instance: TransferInterest, raw=False, **kwargs):
    if not raw:
        index_projects([instance.project_id])


@receiver(post_delete, sender=Project, dispatch_uid="exchange_index_project_gone")
def project_deleted(sender, instance: Project, **kwargs):
    # The row goes with the project (CASCADE); an adoption's origin loses an adopter.
    bump_generation()
    if instance.adopted_from_id:
        index_projects([instance.adopted_from_id])


@receiver(post_save, sender=Partner, dispatch_uid="exchange_index_partner")
@receiver(post_save, sender=FieldOfAction, dispatch_uid="exchange_index_field")
@receiver(post_delete, sender=FieldOfAction, dispatch_uid="exchange_index_field_gone")
def names_or_kinds_changed(sender, raw=False, **kwargs):
    """The in-memory index holds partners' kinds and fields' names: read them again."""
    if not raw:
        bump_generation()


# --- Saved searches: an item that becomes visible is compared with them ---------


@receiver(pre_save, sender=Project, dispatch_uid="exchange_alerts_project_before")
def project_before_save(sender, instance: Project, raw=False, update_fields=None, **kwargs):
    """Published now, and not before this save (one query, only for published saves)."""
    published = Project.PublicationState.PUBLISHED
    becomes = not raw and instance.publication_state == published
    if update_fields is not None and "publication_state" not in update_fields:
        becomes = False  # the state is not written: it does not change
    if becomes and instance.pk is not None:
        becomes = not Project.objects.filter(pk=instance.pk, publication_state=published).exists()
    setattr(instance, BECOMES_VISIBLE, becomes)


@receiver(post_save, sender=Project, dispatch_uid="exchange_alerts_project")
def project_alerts(sender, instance: Project, raw=False, **kwargs):
    if getattr(instance, BECOMES_VISIBLE, False):
        setattr(instance, BECOMES_VISIBLE, False)
        queue_alerts(PROJECT, instance.pk)


@receiver(pre_save, sender=Need, dispatch_uid="exchange_alerts_need_before")
def need_before_save(sender, instance: Need, raw=False, update_fields=None, **kwargs):
    """Open (or in exchange) now, and before this save a draft, closed, or not yet public."""
    becomes = not raw and instance.state in NeedState.active()
    if update_fields is not None and not {"state", "visibility"} & set(update_fields):
        becomes = False
    if becomes and instance.pk is not None:
        before = Need.objects.filter(pk=instance.pk).values_list("state", "visibility").first()
        becomes = (
            before is None
            or before[0] not in NeedState.active()
            or (
                before[1] != Need.Visibility.PUBLIC
                and instance.visibility == Need.Visibility.PUBLIC
            )
        )
    setattr(instance, BECOMES_VISIBLE, becomes)


@receiver(post_save, sender=Need, dispatch_uid="exchange_alerts_need")
def need_alerts(sender, instance: Need, raw=False, **kwargs):
    if getattr(instance, BECOMES_VISIBLE, False):
        setattr(instance, BECOMES_VISIBLE, False)
        queue_alerts(NEED, instance.pk)
