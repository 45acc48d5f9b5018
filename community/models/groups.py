from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import german_slugify
from partners.rules import is_partner_staff


class WorkingGroupQuerySet(models.QuerySet):
    def for_user(self, user):
        """Groups the user belongs to (as member or lead) while they are partner staff.

        A group membership lasts only as long as a staff role: a row left over from
        a role that ended (partners.services ends them) grants nothing.
        """
        if not user.is_authenticated or not is_partner_staff(user):
            return self.none()
        return self.filter(members__user=user)


class WorkingGroup(models.Model):
    """Partners working together on a cross-cutting topic. Internal only.

    Open groups can be joined by any partner staff member; closed groups only
    by a lead adding the person.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_open = models.BooleanField(
        _("open to every partner"),
        default=True,
        help_text=_("Open groups can be joined by any partner staff member."),
    )
    fields_of_action = models.ManyToManyField(
        "projects.FieldOfAction",
        blank=True,
        related_name="working_groups",
        verbose_name=_("fields of action"),
    )
    experts = models.ManyToManyField(
        "community.Expert",
        blank=True,
        related_name="working_groups",
        verbose_name=_("invited experts"),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = german_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("community_intern:group_detail", kwargs={"slug": self.slug})


class WorkingGroupMember(models.Model):
    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="working_group_memberships",
        verbose_name=_("user"),
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    # Who joined, left or was taken out when their staff role ended (partners.services.end_role).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        ordering = ["-is_lead", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="unique_working_group_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group}"
