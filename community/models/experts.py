from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExpertQuerySet(models.QuerySet):
    def listed_internally(self):
        """With recorded consent to the internal directory, not withdrawn."""
        return self.filter(internal_consent_at__isnull=False, withdrawn_at__isnull=True)

    def listed_publicly(self):
        """Additionally with the separate consent to the public list."""
        return self.listed_internally().filter(public_consent_at__isnull=False)

    def search(self, text: str):
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(organisation__icontains=text)
            | Q(expertise__icontains=text)
            | Q(profile__icontains=text)
        )


class Expert(models.Model):
    """A person of the wider network from business and science.

    Listed only with recorded consent (date and the wording agreed to);
    withdrawing consent removes the entry from every list at once, because every
    list goes through `listed_internally()` / `listed_publicly()`.
    """

    class Sector(models.TextChoices):
        BUSINESS = "business", _("Business")
        SCIENCE = "science", _("Science and research")
        PUBLIC = "public", _("Public sector")
        CIVIL_SOCIETY = "civil", _("Civil society")

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = models.CharField(
        _("fields of expertise"), max_length=500, help_text=_("Comma-separated keywords.")
    )
    fields_of_action = models.ManyToManyField(
        "projects.FieldOfAction",
        blank=True,
        related_name="experts",
        verbose_name=_("fields of action"),
    )
    profile = models.TextField(_("short profile"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expert_profile",
        verbose_name=_("own account"),
        help_text=_("Set when the expert keeps the entry themselves."),
    )
    internal_consent_at = models.DateTimeField(
        _("consent to the internal directory given at"), null=True, blank=True
    )
    internal_consent_text = models.TextField(_("wording of the internal consent"), blank=True)
    public_consent_at = models.DateTimeField(
        _("consent to the public list given at"), null=True, blank=True
    )
    public_consent_text = models.TextField(_("wording of the public consent"), blank=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def expertise_list(self) -> list[str]:
        return [item.strip() for item in self.expertise.split(",") if item.strip()]
