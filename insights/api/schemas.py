"""The API's representations (pydantic via django-ninja); each carries a documented example.

tests/insights/test_api_schema.py checks every example against the live answer.
"""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import ConfigDict, Field


def _example(example: dict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


PARTNER_REF = {
    "slug": "landeshauptstadt-potsdam",
    "name": "Landeshauptstadt Potsdam",
    "url": "https://regiohub.example/partner/landeshauptstadt-potsdam/",
}


class PartnerRef(Schema):
    model_config = _example(PARTNER_REF)

    slug: str
    name: str
    url: str


class Address(Schema):
    street: str
    postal_code: str
    city: str


class Partner(Schema):
    model_config = _example(
        {
            **PARTNER_REF,
            "short_name": "Potsdam",
            "kind": "landeshauptstadt",
            "kind_label": "Landeshauptstadt / kreisfreie Stadt",
            "federal_state": "brandenburg",
            "federal_state_label": "Brandenburg",
            "hub_role": "sponsor",
            "hub_role_label": "Projektträger",
            "ags": "12054000",
            "website": "https://www.potsdam.de/",
            "address": {
                "street": "Friedrich-Ebert-Straße 79/81",
                "postal_code": "14469",
                "city": "Potsdam",
            },
            "contact_email": "",
            "contact_phone": "",
            "latitude": 52.39886,
            "longitude": 13.06566,
            "description": "",
            "logo_url": None,
            "logo_alt": "",
            "joined_on": "2024-04-18",
            "updated_at": "2026-11-30T09:12:00+01:00",
        }
    )

    slug: str
    name: str
    url: str
    short_name: str
    kind: str
    kind_label: str
    federal_state: str
    federal_state_label: str
    hub_role: str
    hub_role_label: str
    ags: str
    website: str
    address: Address
    contact_email: str
    contact_phone: str
    latitude: float | None
    longitude: float | None
    description: str
    logo_url: str | None
    logo_alt: str
    joined_on: datetime.date | None
    updated_at: datetime.datetime


class FieldOfAction(Schema):
    model_config = _example(
        {
            "slug": "mobilitaet",
            "name": "Mobilität",
            "name_en": "Mobility",
            "description": "",
            "description_en": "",
            "position": 2,
            "projects_url": "https://regiohub.example/projekte/?handlungsfeld=mobilitaet",
        }
    )

    slug: str
    name: str
    name_en: str
    description: str
    description_en: str
    position: int
    projects_url: str


class Participation(Schema):
    partner: PartnerRef
    role: str
    role_label: str


PROJECT = {
    "slug": "innovationsmobil",
    "title": "Innovationsmobil",
    "summary": "Ein Fahrzeug, das digitale Transformation in der Region erlebbar macht.",
    "url": "https://regiohub.example/projekte/innovationsmobil/",
    "kind": "joint",
    "kind_label": "Gemeinsames Regio.hub-Projekt",
    "status": "implementation",
    "status_label": "Umsetzung",
    "publication_state": "published",
    "transfer_direction": "both",
    "transfer_direction_label": "Beide Richtungen",
    "is_flagship": True,
    "fields_of_action": ["bildung", "gesellschaft-teilhabe"],
    "lead_partner": PARTNER_REF,
    "participations": [{"partner": PARTNER_REF, "role": "lead", "role_label": "Federführung"}],
    "adopted_from": None,
    "maturity": "pilot",
    "maturity_label": "Pilot",
    "start_date": "2024-05-01",
    "end_date": "2026-12-31",
    "published_at": "2024-06-03T10:00:00+02:00",
    "updated_at": "2026-11-30T09:12:00+01:00",
}


class ProjectSummary(Schema):
    model_config = _example(PROJECT)

    slug: str
    title: str
    summary: str
    url: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    publication_state: str
    transfer_direction: str
    transfer_direction_label: str
    is_flagship: bool
    fields_of_action: list[str]
    lead_partner: PartnerRef
    participations: list[Participation]
    adopted_from: str | None
    maturity: str  # "" when not given
    maturity_label: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class SolutionProfile(Schema):
    """What a partner needs to know to re-use the solution (issue #17, scope 4)."""

    prerequisites: str
    operating_model: str
    cost_min: str | None  # euros, decimal with a point
    cost_max: str | None
    data_needed: str
    licence: str
    source_repository: str
    reuse_contact: str


class Contact(Schema):
    name: str
    email: str


class Project(ProjectSummary):
    model_config = _example(
        {
            **PROJECT,
            "description_html": "<p>Das Innovationsmobil tourt durch den Korridor.</p>",
            "funding_programme": "Modellprojekte Smart Cities",
            "funding_amount": "250000.00",
            "website": "",
            "contact": None,
            "image_url": None,
            "image_alt": "",
            "adoptions": [],
            "solution_profile": {
                "prerequisites": "Ein Fahrzeug und eine Person für die Tourplanung.",
                "operating_model": "Betrieb durch die Landeshauptstadt Potsdam.",
                "cost_min": "20000.00",
                "cost_max": "60000.00",
                "data_needed": "Termine und Haltepunkte.",
                "licence": "EUPL-1.2",
                "source_repository": "https://gitlab.opencode.de/regiohub/innovationsmobil",
                "reuse_contact": "Projektbüro Smart City, smartcity@example.org",
            },
        }
    )

    description_html: str
    funding_programme: str
    funding_amount: str | None
    website: str
    contact: Contact | None
    image_url: str | None
    image_alt: str
    adoptions: list[str]
    solution_profile: SolutionProfile


NEED = {
    "slug": "videosprechstunde-im-gesundheitsamt",
    "title": "Videosprechstunde im Gesundheitsamt",
    "url": "https://regiohub.example/gesucht/videosprechstunde-im-gesundheitsamt/",
    "state": "open",
    "state_label": "Offen",
    "fields_of_action": ["gesundheit-pflege"],
    "partner": {
        "slug": "landkreis-teltow-flaeming",
        "name": "Landkreis Teltow-Fläming",
        "url": "https://regiohub.example/partner/landkreis-teltow-flaeming/",
    },
    "partner_kind": "landkreis",
    "partner_kind_label": "Landkreis",
    "co_signers": [
        {
            "slug": "landkreis-havelland",
            "name": "Landkreis Havelland",
            "url": "https://regiohub.example/partner/landkreis-havelland/",
        }
    ],
    "desired_start": "2027-03-01",
    "opened_at": "2026-11-02T09:30:00+01:00",
    "updated_at": "2026-11-30T09:12:00+01:00",
}


class NeedSummary(Schema):
    """A public need (Bedarf) that is open or in exchange, as on /gesucht/."""

    model_config = _example(NEED)

    slug: str
    title: str
    url: str
    state: str
    state_label: str
    fields_of_action: list[str]
    partner: PartnerRef
    partner_kind: str
    partner_kind_label: str
    co_signers: list[PartnerRef]
    desired_start: datetime.date | None
    opened_at: datetime.datetime | None
    updated_at: datetime.datetime


class Need(NeedSummary):
    model_config = _example(
        {
            **NEED,
            "description_html": "<p>Beratung per Video für abgelegene Ortsteile.</p>",
            "contact": None,
        }
    )

    description_html: str
    contact: Contact | None


class Municipality(Schema):
    ags: str
    name: str


class Event(Schema):
    model_config = _example(
        {
            "id": 17,
            "title": "Innovationsmobil in Luckenwalde",
            "url": "https://regiohub.example/termine/17/",
            "kind": "innovationsmobil",
            "kind_label": "Halt des Innovationsmobils",
            "start": "2026-06-12T10:00:00+02:00",
            "end": "2026-06-12T16:00:00+02:00",
            "place_name": "Marktplatz",
            "address": "",
            "location": "Marktplatz, Luckenwalde",
            "municipality": {"ags": "12072232", "name": "Luckenwalde"},
            "latitude": 52.08889,
            "longitude": 13.16889,
            "host_partner": PARTNER_REF,
            "project": "innovationsmobil",
            "is_public": True,
            "agenda": "",
            "ical_uid": "4f0c8f8e-2b5e-4a43-9d0e-6f1c1e0b7a11@regiohub",
        }
    )

    id: int
    title: str
    url: str
    kind: str
    kind_label: str
    start: datetime.datetime
    end: datetime.datetime
    place_name: str
    address: str
    location: str
    municipality: Municipality | None
    latitude: float | None
    longitude: float | None
    host_partner: PartnerRef | None
    project: str | None
    is_public: bool
    agenda: str
    ical_uid: str


class Announcement(Schema):
    model_config = _example(
        {
            "id": 4,
            "title": "Neuer Partner im Regio.hub",
            "url": "https://regiohub.example/aktuelles/4/",
            "audience": "public",
            "audience_label": "Öffentlich (und alle Mitarbeitenden der Partner)",
            "publish_at": "2026-11-02T09:00:00+01:00",
            "body": "Der Landkreis **Teltow-Fläming** ist beigetreten.",
            "body_html": "<p>Der Landkreis <strong>Teltow-Fläming</strong> ist beigetreten.</p>",
        }
    )

    id: int
    title: str
    url: str
    audience: str
    audience_label: str
    publish_at: datetime.datetime
    body: str
    body_html: str


class Document(Schema):
    model_config = _example(
        {
            "id": 9,
            "title": "Absichtserklärung (Vorlage)",
            "description": "",
            "is_public": True,
            "download_url": "https://regiohub.example/dokumente/9/",
            "content_type": "application/pdf",
            "size": 182044,
            "version": 1,
            "project": None,
            "event": None,
            "updated_at": "2026-10-01T12:00:00+02:00",
        }
    )

    id: int
    title: str
    description: str
    is_public: bool
    download_url: str
    content_type: str | None
    size: int | None
    version: int | None
    project: str | None
    event: int | None
    updated_at: datetime.datetime


class Deliberation(Schema):
    body: str
    session_date: datetime.date | None
    outcome: str
    outcome_label: str


class AccessionRow(Schema):
    model_config = _example(
        {
            "partner": {
                "slug": "landkreis-teltow-flaeming",
                "name": "Landkreis Teltow-Fläming",
                "url": "https://regiohub.example/partner/landkreis-teltow-flaeming/",
            },
            "is_counterpart": False,
            "status": "signed",
            "status_label": "unterzeichnet",
            "resolution_number": "6-5282/24-IV",
            "deliberations": [
                {
                    "body": "Kreistag",
                    "session_date": "2024-04-29",
                    "outcome": "adopted",
                    "outcome_label": "beschlossen",
                }
            ],
            "signed_on": "2024-05-15",
        }
    )

    partner: PartnerRef
    is_counterpart: bool
    status: str | None
    status_label: str
    resolution_number: str
    deliberations: list[Deliberation]
    signed_on: datetime.date | None


class Agreement(Schema):
    model_config = _example(
        {
            "title": "Absichtserklärung Regio.hub",
            "counterpart": PARTNER_REF,
            "valid_from": None,
            "valid_until": "2026-12-31",
            "days_left": 26,
            "signed_count": 11,
            "register_url": "https://regiohub.example/absichtserklaerung/",
        }
    )

    title: str
    counterpart: PartnerRef | None
    valid_from: datetime.date | None
    valid_until: datetime.date
    days_left: int
    signed_count: int
    register_url: str


class _Page(Schema):
    count: int = Field(
        description="How many items match, counted up to 1,000 (see `count_capped`)."
    )
    count_capped: bool = Field(
        description="True when more than 1,000 items match: `count` is then 1,000."
    )
    next: str | None


class PartnerPage(_Page):
    results: list[Partner]


class FieldOfActionPage(_Page):
    results: list[FieldOfAction]


class ProjectPage(_Page):
    results: list[ProjectSummary]


class NeedPage(_Page):
    results: list[NeedSummary]


class EventPage(_Page):
    results: list[Event]


class AnnouncementPage(_Page):
    results: list[Announcement]


class DocumentPage(_Page):
    results: list[Document]


class AccessionPage(_Page):
    results: list[AccessionRow]


class Problem(Schema):
    """An RFC 9457 problem document (application/problem+json)."""

    model_config = _example(
        {
            "type": "https://regiohub.example/api/v1/docs/#problem-invalid-parameter",
            "title": "Ungültiger Parameter",
            "status": 400,
            "detail": "Bitte prüfen Sie die markierten Parameter.",
            "instance": "/api/v1/projects/?status=fertig",
            "errors": {"status": ["Wählen Sie eine gültige Option."]},
        }
    )

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: dict[str, list[str]] | None = None
