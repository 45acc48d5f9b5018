"""The legal pages' facts kept by the project office, and barrier reports.

The structure of the legal notice, the privacy notice and the accessibility
statement (headings, the cookie table, the feedback form) is fixed in the
templates; the facts only the project office knows live here, one
`LegalSection` per required part, in German and English.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class LegalPage(models.TextChoices):
    IMPRINT = "impressum", _("Legal notice")
    PRIVACY = "datenschutz", _("Privacy")
    ACCESSIBILITY = "barrierefreiheit", _("Accessibility")


class LegalSection(models.Model):
    """One part of a legal page that the project office writes (sanitised Markdown)."""

    class Key(models.TextChoices):
        # Legal notice: § 5 DDG and § 18 Abs. 2 MStV.
        IMPRINT_PROVIDER = "imprint_provider", _("Provider (name, legal form, address)")
        IMPRINT_REPRESENTATIVE = "imprint_representative", _("Authorised representative")
        IMPRINT_CONTACT = "imprint_contact", _("Contact (e-mail, telephone)")
        IMPRINT_AUTHORITY = "imprint_authority", _("Supervisory authority and VAT number")
        IMPRINT_EDITORIAL = "imprint_editorial", _("Responsible for the editorial content")
        # Privacy notice: Art. 13 GDPR.
        PRIVACY_CONTROLLER = "privacy_controller", _("Controller")
        PRIVACY_DPO = "privacy_dpo", _("Data protection officer")
        PRIVACY_PROCESSING = (
            "privacy_processing",
            _("Purposes, legal bases, recipients and storage periods"),
        )
        PRIVACY_AUTHORITY = "privacy_authority", _("Supervisory authority for complaints")
        # Accessibility statement: § 12b BGG / BITV 2.0, § 9 BbgBGG with BbgBITV.
        ACCESSIBILITY_GAPS = "accessibility_gaps", _("Content that is not accessible")
        ACCESSIBILITY_ENFORCEMENT = "accessibility_enforcement", _("Enforcement procedure")

        @property
        def page(self) -> LegalPage:
            return {
                "imprint": LegalPage.IMPRINT,
                "privacy": LegalPage.PRIVACY,
                "accessibility": LegalPage.ACCESSIBILITY,
            }[self.value.split("_", 1)[0]]

        @classmethod
        def for_page(cls, page: LegalPage) -> list["LegalSection.Key"]:
            return [key for key in cls if key.page == page]

    key = models.CharField(_("section"), max_length=40, choices=Key.choices, unique=True)
    body_de = models.TextField(
        _("text (German)"),
        help_text=_("Markdown: paragraphs, lists, **bold**, [links](https://…). No HTML."),
    )
    body_en = models.TextField(
        _("text (English)"),
        blank=True,
        help_text=_("Leave empty to show the German text on the English page."),
    )
    is_example = models.BooleanField(
        _("example text"),
        default=False,
        help_text=_(
            "Shown with a warning that this is not the real legal text. "
            "Untick it once the project office has checked and completed the text."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(table_name="regiohub_historicallegalsection")

    class Meta:
        db_table = "regiohub_legalsection"  # the table from before the app was split off
        verbose_name = _("legal page section")
        verbose_name_plural = _("legal page sections")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{LegalPage(self.Key(self.key).page).label}: {self.get_key_display()}"

    def body_for_language(self, language: str | None = None) -> tuple[str, str]:
        """(Markdown, language code) for the language, falling back to German."""
        language = language or translation.get_language() or "de"
        if language.startswith("en") and self.body_en.strip():
            return self.body_en, "en"
        return self.body_de, "de"


class AccessibilityStatement(models.Model):
    """The typed facts of the accessibility statement; there is one row."""

    class Conformity(models.TextChoices):
        FULL = "full", _("fully compliant")
        PARTIAL = "partial", _("partially compliant")
        NONE = "none", _("not compliant")

    class Method(models.TextChoices):
        SELF = "self", _("self-assessment")
        THIRD_PARTY = "third_party", _("assessment by a third party")

    conformity = models.CharField(
        _("state of conformity"),
        max_length=10,
        choices=Conformity.choices,
        default=Conformity.PARTIAL,
    )
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.SELF
    )
    prepared_on = models.DateField(_("statement prepared on"))
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Untick once the project office has checked the facts."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(table_name="regiohub_historicalaccessibilitystatement")

    class Meta:
        db_table = "regiohub_accessibilitystatement"
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statement")

    def __str__(self) -> str:
        return str(_("Accessibility statement of %(date)s") % {"date": self.prepared_on})

    @classmethod
    def current(cls) -> "AccessibilityStatement | None":
        return cls.objects.order_by("-prepared_on", "-pk").first()


class BarrierReportQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=BarrierReport.Status.closed())


class BarrierReport(models.Model):
    """A barrier a visitor reported through the accessibility statement's form."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")
        NOT_A_BARRIER = "not_a_barrier", _("closed without change")

        @classmethod
        def closed(cls) -> list[str]:
            return [cls.RESOLVED, cls.NOT_A_BARRIER]

    page_url = models.CharField(
        _("page"),
        max_length=500,
        blank=True,
        help_text=_("The address or name of the page with the barrier."),
    )
    description = models.TextField(_("description of the barrier"), max_length=5000)
    reply_email = models.EmailField(_("e-mail address for a reply"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    office_notes = models.TextField(_("notes of the project office"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(table_name="regiohub_historicalbarrierreport")

    objects = BarrierReportQuerySet.as_manager()

    class Meta:
        db_table = "regiohub_barrierreport"
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(_("Barrier report #%(id)s") % {"id": self.pk})
