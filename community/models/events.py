import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabels
from partners import geo
from partners.models import Membership, validate_ags
from partners.rules import is_office_or_superuser, is_partner_staff

from .groups import WorkingGroupMember

# What a subscribed calendar holds. A calendar app replaces its copy of a
# subscribed feed with every refresh, so the feed is what subscribers see:
# the last weeks (for minutes and follow-ups; older events are in the archive
# on /termine/) and the coming events, soonest first, at most
# FEED_MAX_EVENTS of them. The cap keeps every feed as small at 1,000
# partners as today (issue 21); a partner's or a kind's feed (the filters of
# /termine/) holds all of its own. Later events enter as the window moves on.
FEED_PAST_DAYS = 30
FEED_MAX_EVENTS = 1000


# An event's duration, as the index of community/migrations/0009 has it.
DURATION = ExpressionWrapper(F("end") - F("start"), output_field=models.DurationField())


def _longest_duration() -> Subquery:
    """The duration of the longest event, as a subquery."""
    durations = Event.objects.annotate(duration=DURATION).order_by("-duration").values("duration")
    return Subquery(durations[:1], output_field=models.DurationField())


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def not_over(self, moment):
        """Events that end at or after `moment`.

        Bounded by their start as well: an event that ends after `moment`
        started at most the longest event's duration before it. The indexes on
        start are then read from there, not from the first event the hub ever
        held, so the next events cost the same however long the hub runs
        (issue 21). The longest duration is one step in an index on PostgreSQL
        (community/migrations/0009); a long event only widens the bound.
        """
        return self.filter(end__gte=moment, start__gte=Value(moment) - _longest_duration())

    def upcoming(self, now=None):
        """Not yet over, soonest first."""
        return self.not_over(now or timezone.now()).order_by("start", "pk")

    def in_feed_window(self, now=None):
        """What calendar feeds carry: events that ended at most FEED_PAST_DAYS ago or later.

        A bounded feed stays small however long the hub runs; the archive of
        past events is on /termine/.
        """
        return self.not_over((now or timezone.now()) - timedelta(days=FEED_PAST_DAYS))

    def in_feed(self, now=None):
        """What a calendar feed carries: its window, soonest first, at most FEED_MAX_EVENTS.

        Apply it last (after the filters of a selection). It reads the last
        event within the cap (one query) and keeps the window up to it, so the
        feed is a range of starts: its weekly fragments (community/ical.py)
        read the index on start for that range, however many events lie
        before or after it.
        """
        window = self.in_feed_window(now)
        last = list(
            window.order_by("start", "pk").values_list("start", "pk")[
                FEED_MAX_EVENTS - 1 : FEED_MAX_EVENTS
            ]
        )
        if not last:
            return window
        start, pk = last[0]
        return window.filter(Q(start__lt=start) | Q(start=start, pk__lte=pk))

    def past(self, now=None):
        """Over, latest first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def tour_stops(self):
        return self.filter(kind=Event.Kind.TOUR_STOP)

    def with_related(self):
        return self.select_related("host_partner", "working_group", "project")

    def first_with_related(self, count: int) -> list["Event"]:
        """The first `count` events of this ordered queryset with their relations.

        Sorted and cut on the event table alone (a subquery), then only those are
        joined to their host, group and project: joining every matching event
        first made the sort read thousands of wide rows.
        """
        return list(self.page_with_related(0, count))

    def page_with_related(self, bottom: int, top: int):
        ordering = self.query.order_by or self.model._meta.ordering
        return (
            self.model.objects.filter(pk__in=self.values("pk")[bottom:top])
            .with_related()
            .order_by(*ordering)
        )

    def visible_to(self, user):
        """Public events plus the internal ones of the user's partners and groups.

        The project office sees every event.
        """
        if not user.is_authenticated:
            return self.public()
        if is_office_or_superuser(user):
            return self.all()
        if not is_partner_staff(user):
            # Group memberships count only with a staff role (WorkingGroupQuerySet.for_user).
            return self.public()
        # Subqueries, not joins: no DISTINCT over every visible event, so a page
        # of them is sorted and cut without reading them all first.
        return self.filter(
            Q(is_public=True)
            | Q(
                host_partner__in=Membership.objects.filter(
                    user=user, role__in=Membership.Role.staff_roles()
                ).values("partner_id")
            )
            | Q(working_group__in=WorkingGroupMember.objects.filter(user=user).values("group_id"))
        )


class Event(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        TOUR_STOP = "innovationsmobil", _("Innovationsmobil stop")
        WORKSHOP = "workshop", _("Workshop")
        NETWORK_MEETING = "netzwerktreffen", _("Network meeting")
        GROUP_MEETING = "arbeitsgruppe", _("Working-group meeting")

    # The iCalendar UID: never changes, so calendars update instead of duplicating.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    municipality_ags = models.CharField(
        _("municipality key (AGS)"),
        max_length=8,
        blank=True,
        validators=[validate_ags],
        help_text=_("The municipality of the place; it gives the event its position on the map."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True, editable=False
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True, editable=False
    )
    host_partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host partner"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("project"),
    )
    working_group = models.ForeignKey(
        "community.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("working group"),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public events appear on /termine/ and in the feed."),
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown."))
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["is_public", "end"]),
            # The model's ordering: the API's list of events (and /termine/ with
            # every event) reads its page in index order instead of sorting them all.
            # With what `upcoming()` and `visible_to()` check, a signed-in
            # person's next events skip the past ones in the index alone.
            models.Index(
                fields=["start", "id"],
                include=["end", "is_public", "host_partner", "working_group"],
                name="event_start_idx",
            ),
            # The same for the public events with their end: the calendar feed's
            # first FEED_MAX_EVENTS of its window (`in_feed`) and the public
            # lists are read from the index alone.
            models.Index(
                fields=["start", "id"],
                include=["end"],
                condition=Q(is_public=True),
                name="event_public_start_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="event_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        area = geo.lookup(self.municipality_ags) if self.municipality_ags else None
        self.latitude = area.latitude if area else None
        self.longitude = area.longitude if area else None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("community:event_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})
        if self.kind == self.Kind.GROUP_MEETING and not self.working_group_id:
            raise ValidationError(
                {"working_group": _("A working-group meeting needs its working group.")}
            )

    @property
    def municipality(self) -> geo.Area | None:
        return geo.lookup(self.municipality_ags) if self.municipality_ags else None

    @property
    def location_text(self) -> str:
        return location_text(self.place_name, self.address, self.municipality_ags)

    @property
    def ical_uid(self) -> str:
        return ical_uid(self.uid)


def location_text(place_name: str, address: str, municipality_ags: str) -> str:
    """Place, address and the municipality's name unless the address names it."""
    municipality = geo.lookup(municipality_ags) if municipality_ags else None
    parts = [place_name, address]
    if municipality and municipality.name not in address:
        parts.append(municipality.name)
    return ", ".join(part for part in parts if part)


def ical_uid(uid) -> str:
    """The UID of an event in calendar feeds; it never changes."""
    return f"{uid}@regiohub"


class StopRequest(models.Model):
    """A partner admin asks for the Innovationsmobil to stop in their area."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

        def can_transition_to(self, target: "StopRequest.Status") -> bool:
            return self == StopRequest.Status.OPEN and target != StopRequest.Status.OPEN

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="stop_requests",
        verbose_name=_("partner"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    preferred_from = models.DateField(_("preferred from"))
    preferred_until = models.DateField(_("preferred until"))
    place_name = models.CharField(_("place"), max_length=200)
    municipality_ags = models.CharField(
        _("municipality key (AGS)"), max_length=8, blank=True, validators=[validate_ags]
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Innovationsmobil stop request")
        verbose_name_plural = _("Innovationsmobil stop requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.partner} – {self.place_name}"

    def clean(self) -> None:
        super().clean()
        start, end = self.preferred_from, self.preferred_until
        if start and end and end < start:
            raise ValidationError(
                {"preferred_until": _("The end of the period must not be before its start.")}
            )
