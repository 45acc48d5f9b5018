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

from core.choices import ChoiceLabels
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

    def matching(self, text: str):
        """Partners whose name, short name or address name contains every word of `text`.

        Server-side matching for the partner autocomplete (partners.lookup): a
        word typed without umlauts ("Flaeming") finds the slug's transliteration.
        """
        condition = models.Q()
        for word in text.split()[:8]:
            word_condition = models.Q(name__icontains=word) | models.Q(short_name__icontains=word)
            if slug_word := german_slugify(word):
                word_condition |= models.Q(slug__contains=slug_word)
            condition &= word_condition
        return self.filter(condition)

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


class Partner(ChoiceLabels, models.Model):
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


class Membership(ChoiceLabels, models.Model):
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


# --- Single sign-on (OpenID Connect) ----------------------------------------

# The names of the environment variables with client secrets start so (no secret itself).
SSO_SECRET_PREFIX = "REGIOHUB_SSO_"  # noqa: S105  # nosec B105


def parse_domains(value: str) -> list[str]:
    """E-mail domains, one a line (or separated by commas or spaces), lower case, no "@"."""
    return [
        part.strip().lower().lstrip("@")
        for part in re.split(r"[\s,;]+", value or "")
        if part.strip().lstrip("@")
    ]


_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_role_mapping(value: str) -> dict[str, str]:
    """`claim value = role` lines into {claim value: role}; ValueError names a wrong line."""
    mapping: dict[str, str] = {}
    roles = set(Membership.Role.values)
    for number, line in enumerate((value or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        claim_value, sep, role = line.rpartition("=")
        claim_value, role = claim_value.strip(), role.strip()
        if not sep or not claim_value or role not in roles:
            raise ValueError(number)
        mapping[claim_value] = role
    return mapping


class IdentityProviderQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_email(self, email: str) -> "PartnerIdentityProvider | None":
        """The active provider whose allowed domains hold the address's domain (or None)."""
        domain = email.rpartition("@")[2].strip().lower()
        if not domain:
            return None
        for provider in self.active().select_related("partner"):
            if domain in provider.domain_list:
                return provider
        return None


class PartnerIdentityProvider(models.Model):
    """A partner's own OpenID Connect provider: its staff sign in with their office account.

    Configured by the project office in the admin. The client secret is never
    stored: `client_secret_env` names the environment variable that holds it
    (partners/sso/ builds allauth's `openid_connect` app from this row). Who may
    sign in is decided by the portal (an open invitation or an existing account,
    an address at one of `email_domains`); the roles stay memberships.
    """

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="identity_providers",
        verbose_name=_("partner"),
    )
    name = models.CharField(
        _("name on the button"),
        max_length=100,
        help_text=_('Shown on the login page, e.g. "Bezirksamt Mitte".'),
    )
    slug = models.SlugField(
        _("short name"),
        max_length=50,
        unique=True,
        help_text=_(
            "Part of the redirect URL the administration registers at its provider: "
            "/accounts/oidc/<short name>/login/callback/. Changing it breaks that registration."
        ),
    )
    server_url = models.URLField(
        _("issuer URL"),
        help_text=_(
            "The provider's issuer; the portal reads "
            "<issuer>/.well-known/openid-configuration. For Keycloak: "
            "https://…/realms/<realm>; for Entra ID: "
            "https://login.microsoftonline.com/<tenant>/v2.0."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret_env = models.CharField(
        _("environment variable with the client secret"),
        max_length=100,
        validators=[
            RegexValidator(
                rf"^{SSO_SECRET_PREFIX}[A-Z0-9_]+$",
                _("A name in capitals that starts with REGIOHUB_SSO_."),
            )
        ],
        help_text=_(
            "The secret is never stored in the database: the operator sets this "
            "environment variable on the server (e.g. REGIOHUB_SSO_MITTE_SECRET)."
        ),
    )
    email_domains = models.TextField(
        _("allowed e-mail domains"),
        help_text=_(
            "One a line, e.g. ba-mitte.berlin.de. Only addresses at these domains sign in "
            "through this provider, and no other provider may claim them."
        ),
    )
    role_claim = models.CharField(
        _("claim with the role"),
        max_length=100,
        blank=True,
        help_text=_(
            'Optional, e.g. "groups" or "roles": read once, at the first login, to choose '
            "the role in the partner. Later the role is changed in the portal only."
        ),
    )
    role_mapping = models.TextField(
        _("role mapping"),
        blank=True,
        help_text=_(
            'One "claim value = role" a line; roles: admin, editor, member, network. '
            "A value that is not listed gives the invitation's role."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = IdentityProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"

    @property
    def domain_list(self) -> list[str]:
        return parse_domains(self.email_domains)

    @property
    def role_map(self) -> dict[str, str]:
        try:
            return parse_role_mapping(self.role_mapping)
        except ValueError:
            return {}

    def allows_email(self, email: str) -> bool:
        return email.rpartition("@")[2].strip().lower() in self.domain_list

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        domains = self.domain_list
        wrong = [domain for domain in domains if not _DOMAIN.match(domain)]
        if wrong:
            errors.setdefault("email_domains", []).append(
                _("Not a domain: %(domains)s") % {"domains": ", ".join(wrong)}
            )
        elif not domains:
            errors.setdefault("email_domains", []).append(_("Name at least one domain."))
        taken = sorted(
            {
                domain
                for other in PartnerIdentityProvider.objects.exclude(pk=self.pk)
                for domain in other.domain_list
            }
            & set(domains)
        )
        if taken:
            errors.setdefault("email_domains", []).append(
                _("Another provider signs in these domains already: %(domains)s")
                % {"domains": ", ".join(taken)}
            )
        try:
            mapping = parse_role_mapping(self.role_mapping)
        except ValueError as error:
            errors.setdefault("role_mapping", []).append(
                _('Line %(line)s is not "claim value = role" with a role of the portal.')
                % {"line": error.args[0]}
            )
        else:
            if mapping and not self.role_claim:
                errors.setdefault("role_claim", []).append(
                    _("Name the claim the role mapping reads.")
                )
            if self.partner_id and any(
                not role_allowed(self.partner, role) for role in mapping.values()
            ):
                errors.setdefault("role_mapping", []).append(role_error().messages[0])
        if errors:
            raise ValidationError(errors)

    def role_from_claims(self, claims: dict) -> str | None:
        """The highest role the mapped claim grants (admin > editor > member > network)."""
        if not self.role_claim:
            return None
        value = claims.get(self.role_claim)
        values = value if isinstance(value, list) else [value]
        mapping = self.role_map
        granted = {mapping[str(v)] for v in values if v is not None and str(v) in mapping}
        for role in Membership.Role.values:  # in order: admin, editor, member, network
            if role in granted:
                return role
        return None
