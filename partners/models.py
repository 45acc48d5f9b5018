import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import (
    AbstractUser,
    BaseUserManager,
    _user_has_module_perms,
    _user_has_perm,
)
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.mfa import is_verified_superuser
from core.text import german_slugify
from notifications.models import OutgoingMail

from . import geo


def validate_ags(value: str) -> None:
    """An AGS is 8 digits, belongs to Berlin (11) or Brandenburg (12) and exists."""
    if len(value) != 8 or not value.isdigit():
        raise ValidationError(
            _("The municipality key (AGS) must have exactly 8 digits, e.g. 12072000."),
            code="ags_format",
        )
    if value[:2] not in geo.STATE_PREFIXES:
        raise ValidationError(
            _(
                "The municipality key (AGS) must start with 11 (Berlin) or 12 (Brandenburg); "
                "%(value)s belongs to another federal state."
            ),
            code="ags_state",
            params={"value": value},
        )
    if geo.lookup(value) is None:
        raise ValidationError(
            _("%(value)s is not the key of a municipality or district in Berlin or Brandenburg."),
            code="ags_unknown",
            params={"value": value},
        )


# An origin as a browser sends it: scheme, host and an optional port, nothing else.
ORIGIN_PATTERN = re.compile(
    r"^(?P<scheme>https?)://(?P<host>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(?P<port>\d{1,5}))?$"
)
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
MAX_EMBED_ORIGINS = 10


def parse_origins(value: str) -> list[str]:
    """The origins of a text with one per line (or separated by spaces or commas).

    Each must be `https://host[:port]` (plain http only for localhost and
    127.0.0.1, for trying a website out locally): no path, no wildcard, no
    quote, so it is safe to put into the Content-Security-Policy header.
    Raises ValidationError naming every origin that is not one.
    """
    origins: list[str] = []
    wrong: list[str] = []
    for item in re.split(r"[\s,]+", value.strip()):
        if not item:
            continue
        origin = item.lower().rstrip("/")
        match = ORIGIN_PATTERN.match(origin)
        if (
            match is None
            or (match["port"] and not 0 < int(match["port"]) < 65536)
            or (match["scheme"] == "http" and match["host"] not in LOCAL_HOSTS)
        ):
            wrong.append(item)
        elif origin not in origins:
            origins.append(origin)
    if wrong:
        raise ValidationError(
            _(
                "Not a website address of the form https://www.example.de (without a path): "
                "%(origins)s"
            ),
            code="embed_origin",
            params={"origins": ", ".join(wrong)},
        )
    if len(origins) > MAX_EMBED_ORIGINS:
        raise ValidationError(
            _("At most %(max)d websites, please."),
            code="embed_origins_count",
            params={"max": MAX_EMBED_ORIGINS},
        )
    return origins


def validate_origins(value: str) -> None:
    parse_origins(value)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: partner staff, the project office, technical admins.

    The e-mail address is the login; there is no username.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # The language of every e-mail to the person (notifications.mail.language_of):
    # the browser's when they accepted their invitation, then their own choice.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The portal writes its e-mails to you in this language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    # Django grants an active superuser every right before it asks a backend. Here
    # that holds only after MFA (core.permissions): before it, a superuser is asked
    # the rules like any other account.
    def has_perm(self, perm, obj=None) -> bool:
        if is_verified_superuser(self):
            return True
        return _user_has_perm(self, perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if is_verified_superuser(self):
            return True
        return _user_has_module_perms(self, app_label)


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def in_state(self, state: str):
        return self.filter(federal_state=state)

    def embed_origins(self) -> list[str]:
        """Every origin any of these partners allows to frame the widgets, in order."""
        origins: list[str] = []
        for value in self.exclude(embed_origins="").values_list("embed_origins", flat=True):
            try:
                found = parse_origins(value)
            except ValidationError:
                continue  # never put an unchecked value into a header
            origins.extend(origin for origin in found if origin not in origins)
        return origins

    def for_user(self, user):
        """Partners the user works for as staff (network members are not staff)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user, memberships__role__in=Membership.Role.staff_roles()
        )


class Partner(models.Model):
    class Kind(models.TextChoices):
        STATE_CAPITAL = "landeshauptstadt", _("State capital / independent city")
        DISTRICT = "landkreis", _("District (Landkreis)")
        TOWN = "stadt", _("Town")
        MUNICIPALITY = "gemeinde", _("Municipality")
        STATE_AGENCY = "landesgesellschaft", _("State company / agency")
        ECONOMIC_DEVELOPMENT = "wirtschaftsfoerderung", _("Economic development agency")
        SCIENCE = "wissenschaft", _("Science and research")
        COMPANY = "unternehmen", _("Company")
        ASSOCIATION = "verein", _("Association")

        @property
        def is_local_authority(self) -> bool:
            return self in {self.STATE_CAPITAL, self.DISTRICT, self.TOWN, self.MUNICIPALITY}

        @property
        def has_network_members(self) -> bool:
            """Research, companies and associations bring experts as network members."""
            return self in {self.SCIENCE, self.COMPANY, self.ASSOCIATION}

    class FederalState(models.TextChoices):
        BERLIN = "berlin", _("Berlin")
        BRANDENBURG = "brandenburg", _("Brandenburg")

    class HubRole(models.TextChoices):
        PROJECT_SPONSOR = "sponsor", _("Project sponsor")
        PARTNER = "partner", _("Partner")
        NETWORK_MEMBER = "network", _("Network member")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=False)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    federal_state = models.CharField(
        _("federal state"), max_length=20, choices=FederalState.choices
    )
    hub_role = models.CharField(
        _("role in the hub"), max_length=20, choices=HubRole.choices, default=HubRole.PARTNER
    )
    ags = models.CharField(
        _("municipality key (AGS)"),
        max_length=8,
        blank=True,
        validators=[validate_ags],
        help_text=_(
            "Amtlicher Gemeindeschlüssel, 8 digits, for districts, towns and municipalities."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A postal code has five digits."))],
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/logos/", blank=True)
    logo_alt = models.CharField(_("alternative text of the logo"), max_length=200, blank=True)
    embed_origins = models.TextField(
        _("websites that may embed the widgets"),
        blank=True,
        validators=[validate_origins],
        help_text=_(
            "One address per line, e.g. https://www.example.de. Only these websites may show "
            "the portal's widgets of this partner (and of the whole network)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "federal_state"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = german_slugify(self.name)
        if self.ags and (self.latitude is None or self.longitude is None):
            area = geo.lookup(self.ags)
            if area is not None:
                self.latitude, self.longitude = area.latitude, area.longitude
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def embed_origin_list(self) -> list[str]:
        """The origins allowed to frame this partner's widgets (validated when saved)."""
        try:
            return parse_origins(self.embed_origins)
        except ValidationError:
            return []  # never put an unchecked value into a header

    def clean(self) -> None:
        super().clean()
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("Describe the logo for people who cannot see it.")}
            )
        if self.ags and self.federal_state:
            expected = geo.STATE_PREFIXES.get(self.ags[:2])
            if expected and expected != self.federal_state:
                raise ValidationError(
                    {"ags": _("This municipality key belongs to another federal state.")}
                )

    @property
    def area(self) -> geo.Area | None:
        return geo.lookup(self.ags) if self.ags else None

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street, f"{self.postal_code} {self.city}".strip()]
        return [line for line in lines if line]


class MembershipQuerySet(models.QuerySet):
    def admins(self):
        return self.filter(role=Membership.Role.ADMIN)

    def editors(self):
        """Members who may edit content: editors and admins."""
        return self.filter(role__in=Membership.Role.editing_roles())

    def for_partner(self, partner):
        return self.filter(partner=partner)


def role_allowed(partner: "Partner", role: str) -> bool:
    """Network members only in partners of kind research, company or association."""
    if role != Membership.Role.NETWORK_MEMBER:
        return True
    return Partner.Kind(partner.kind).has_network_members


def role_error() -> ValidationError:
    return ValidationError(
        {"role": _("Only research institutions, companies and associations have network members.")},
        code="network_member_kind",
    )


class Membership(models.Model):
    """A person's role in one partner organisation (a person may have several)."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        EDITOR = "editor", _("Editor")
        MEMBER = "member", _("Member")
        # An expert of the wider network (research, company, association):
        # keeps their own expert entry and sees the expert directory, but is
        # not partner staff (no projects, Letter of Intent or internal content).
        NETWORK_MEMBER = "network", _("Network member")

        @classmethod
        def editing_roles(cls) -> list[str]:
            return [cls.ADMIN, cls.EDITOR]

        @classmethod
        def staff_roles(cls) -> list[str]:
            """The roles that make someone partner staff."""
            return [cls.ADMIN, cls.EDITOR, cls.MEMBER]

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("partner")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["partner__name", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partner"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.partner} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.partner_id and not role_allowed(self.partner, self.role):
            raise role_error()


INVITATION_VALIDITY = timedelta(days=14)


def hash_token(token: str) -> str:
    """Invitation tokens are stored only as their SHA-256 (like a password reset key)."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not accepted, not revoked and not yet expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def for_partner(self, partner):
        return self.filter(partner=partner)

    def for_email(self, email: str):
        return self.filter(email__iexact=email)

    def with_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """A person invited by e-mail into a partner with a role; the link works once.

    Written only through partners.services (invite, resend, revoke, accept).
    Each sending is a mail in the outbox with the key "invitation:<id>:<n>".
    """

    class State(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("partner")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    # The e-mail with the current link; its state (queued, sent, failed) is the
    # invitation's mail state. Older mails of the invitation carry dead links.
    mail = models.ForeignKey(
        OutgoingMail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partner", "email"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.partner} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.partner_id and not role_allowed(self.partner, self.role):
            raise role_error()

    @property
    def state(self) -> "Invitation.State":
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.OPEN

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
