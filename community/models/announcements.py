from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.rules import is_office_or_superuser, is_partner_staff


class AnnouncementQuerySet(models.QuerySet):
    def published(self, now=None):
        """Released and due: what readers may see."""
        return self.filter(
            state=Announcement.State.PUBLISHED, publish_at__lte=now or timezone.now()
        ).order_by("-publish_at", "-pk")

    def public(self):
        return self.filter(audience=Announcement.Audience.PUBLIC)

    def visible_to(self, user):
        """Published announcements the user is in the audience of."""
        published = self.published()
        if not user.is_authenticated:
            return published.public()
        if is_office_or_superuser(user):
            return published
        if not is_partner_staff(user):
            # Group memberships count only with a staff role (WorkingGroupQuerySet.for_user).
            return published.public()
        return published.filter(
            models.Q(audience__in=[Announcement.Audience.PUBLIC, Announcement.Audience.PARTNERS])
            | models.Q(audience=Announcement.Audience.GROUP, working_group__members__user=user)
        ).distinct()


class Announcement(models.Model):
    """News from the project office; e-mailed to its audience once it is published."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public (and all partner staff)")
        PARTNERS = "partners", _("All partner staff")
        GROUP = "group", _("One working group")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PARTNERS
    )
    working_group = models.ForeignKey(
        "community.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("working group"),
    )
    state = models.CharField(
        _("publication state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_("Visible and e-mailed from this moment on."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Sent tracking: when the e-mails to the audience were queued, and how many.
    mailed_at = models.DateTimeField(_("e-mails queued at"), null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-publish_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:announcement_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.audience == self.Audience.GROUP and not self.working_group_id:
            raise ValidationError({"working_group": _("Choose the working group to address.")})
        if self.audience != self.Audience.GROUP and self.working_group_id:
            raise ValidationError(
                {"working_group": _("Only announcements to one working group name a group.")}
            )

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.PUBLISHED and self.publish_at <= timezone.now()
