from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage

from ..uploads import validate_upload
from .events import Event


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def library(self):
        return self.filter(working_group__isnull=True, project__isnull=True)

    def library_for(self, user):
        """The library as the user may see it: event documents only with their event."""
        return self.library().filter(
            models.Q(event__isnull=True) | models.Q(event__in=Event.objects.visible_to(user))
        )


class Document(models.Model):
    """A file in a working group, a project or the hub library (neither).

    The file itself lives in its versions: replacing it adds a version and the
    old ones stay.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    working_group = models.ForeignKey(
        "community.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("working group"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("project"),
    )
    event = models.ForeignKey(
        "community.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("event"),
        help_text=_("Attach the document to an event as well (agenda, slides)."),
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Public documents can be downloaded by anyone.")
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:document_download", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.working_group_id and self.project_id:
            raise ValidationError(
                _("A document belongs to a working group or a project, not both.")
            )

    @property
    def current_version(self) -> "DocumentVersion | None":
        return self.versions.order_by("-number").first()


def _version_path(instance: "DocumentVersion", filename: str) -> str:
    return f"documents/{instance.document_id}/{instance.number}/{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"),
        upload_to=_version_path,
        storage=private_storage,
        max_length=300,
        validators=[validate_upload],
    )
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
