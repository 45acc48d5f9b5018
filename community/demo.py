"""Demo content for `make run` only: every row has is_demo=True and a "[Demo]" title.

Tour stops are placed in partner municipalities around the next switch from
summer to winter time (last Sunday of October), so the calendar feed shows
both UTC offsets, plus a few stops in the coming weeks and one in the past.
Idempotent: rows are found by their title and never duplicated.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from partners.models import Partner

from .models import Announcement, Event, Expert, WorkingGroup

BERLIN = ZoneInfo("Europe/Berlin")

# (municipality AGS, place) – partners of the hub or towns in their districts.
STOPS = [
    ("12054000", "Potsdam", "Platz der Einheit"),
    ("12069020", "Bad Belzig", "Marktplatz"),
    ("12072232", "Luckenwalde", "Boulevard"),
    ("12051000", "Brandenburg an der Havel", "Neustädtischer Markt"),
    ("12063252", "Rathenow", "Märkischer Platz"),
    ("12069665", "Wiesenburg/Mark", "Schlosspark"),
    ("12072240", "Ludwigsfelde", "Rathausplatz"),
]


def _last_sunday_of_october(year: int) -> date:
    day = date(year, 10, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _next_autumn_switch(today: date) -> date:
    switch = _last_sunday_of_october(today.year)
    return switch if switch > today else _last_sunday_of_october(today.year + 1)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BERLIN)


def _host_for(ags: str, partners: list[Partner]) -> Partner | None:
    by_ags = {partner.ags: partner for partner in partners if partner.ags}
    return by_ags.get(ags) or by_ags.get(ags[:5] + "000")


def load_demo(command, **options) -> None:
    today = timezone.localdate()
    switch = _next_autumn_switch(today)
    partners = list(Partner.objects.active())
    days = [
        today - timedelta(days=14),
        today + timedelta(days=10),
        today + timedelta(days=24),
        switch - timedelta(days=8),
        switch - timedelta(days=1),
        switch + timedelta(days=6),
        switch + timedelta(days=13),
    ]
    created = 0
    for (ags, town, place), day in zip(STOPS, days, strict=True):
        _event, new = Event.objects.get_or_create(
            title=f"[Demo] Innovationsmobil in {town}",
            defaults={
                "kind": Event.Kind.TOUR_STOP,
                "start": _at(day, 10),
                "end": _at(day, 16),
                "place_name": place,
                "municipality_ags": ags,
                "host_partner": _host_for(ags, partners),
                "is_public": True,
                "agenda": (
                    "Digitale Verwaltung zum Anfassen: Onlinedienste, Sensorik, VR-Stadtplanung."
                ),
                "is_demo": True,
            },
        )
        created += new

    open_data, _ = WorkingGroup.objects.get_or_create(
        name="[Demo] AG Offene Daten",
        defaults={"description": "Gemeinsame Datenplattform und offene Daten.", "is_demo": True},
    )
    WorkingGroup.objects.get_or_create(
        name="[Demo] AG Mobilität im ländlichen Raum",
        defaults={
            "description": "Rufbus, Mitfahrbänke und Mobilitätsdaten zwischen Stadt und Land.",
            "is_open": False,
            "is_demo": True,
        },
    )
    potsdam = _host_for("12054000", partners)
    for title, kind, offset, public, group in [
        ("[Demo] Workshop Digitale Bürgerdienste", Event.Kind.WORKSHOP, 17, True, None),
        ("[Demo] Netzwerktreffen Regio.hub", Event.Kind.NETWORK_MEETING, 40, True, None),
        ("[Demo] Sitzung AG Offene Daten", Event.Kind.GROUP_MEETING, 12, False, open_data),
    ]:
        day = today + timedelta(days=offset)
        _event, new = Event.objects.get_or_create(
            title=title,
            defaults={
                "kind": kind,
                "start": _at(day, 14),
                "end": _at(day, 17),
                "place_name": "Rathaus Potsdam",
                "address": "Friedrich-Ebert-Straße 79/81, 14469 Potsdam",
                "municipality_ags": "12054000",
                "host_partner": potsdam,
                "working_group": group,
                "is_public": public,
                "is_demo": True,
            },
        )
        created += new

    now = timezone.now()
    for title, audience, body in [
        (
            "[Demo] Das Innovationsmobil geht auf Tour",
            Announcement.Audience.PUBLIC,
            "Die Tourdaten stehen fest. Alle Stopps finden Sie unter **Termine**.",
        ),
        (
            "[Demo] Neue Arbeitsgruppe Offene Daten",
            Announcement.Audience.PUBLIC,
            "Partner können der Arbeitsgruppe im internen Bereich beitreten.",
        ),
        (
            "[Demo] Interne Info: Förderaufruf",
            Announcement.Audience.PARTNERS,
            "Bitte melden Sie Projektideen bis Monatsende an das Projektbüro.",
        ),
    ]:
        Announcement.objects.get_or_create(
            title=title,
            defaults={
                "audience": audience,
                "body": body,
                "state": Announcement.State.PUBLISHED,
                "publish_at": now - timedelta(days=2),
                # Demo news is never e-mailed.
                "mailed_at": now,
                "is_demo": True,
            },
        )

    consent = "[Demo] Ich bin einverstanden, im Expertenverzeichnis des Regio.hub zu stehen."
    for name, sector, organisation, expertise, public in [
        ("[Demo] Dr. Mara Musterfrau", Expert.Sector.SCIENCE, "Beispiel-Hochschule",
         "Open Data, Datenräume", True),
        ("[Demo] Tom Testmann", Expert.Sector.BUSINESS, "Musterfirma GmbH",
         "Mobilität, Sensorik", False),
    ]:  # fmt: skip
        Expert.objects.get_or_create(
            name=name,
            defaults={
                "sector": sector,
                "organisation": organisation,
                "expertise": expertise,
                "email": "demo@example.invalid",
                "internal_consent_at": now,
                "internal_consent_text": consent,
                "public_consent_at": now if public else None,
                "public_consent_text": consent if public else "",
                "is_demo": True,
            },
        )
    command.stdout.write(f"community demo: {created} new events")
