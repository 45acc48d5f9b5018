"""schema.org JSON-LD of the public event and news pages (see core/jsonld.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.jsonld import CONTEXT, PORTAL_NAME, absolute, breadcrumbs
from core.text import markdown_to_text, plain_excerpt

from .models import Announcement, Event


def event(item: Event) -> dict:
    """An Event at its Place; an Innovationsmobil stop names its municipality."""
    url = absolute(item.get_absolute_url())
    place: dict = {"@type": "Place", "name": item.place_name or item.location_text or PORTAL_NAME}
    address: dict = {"@type": "PostalAddress", "addressCountry": "DE"}
    if item.address:
        address["streetAddress"] = item.address
    municipality = item.municipality
    if municipality is not None:
        address["addressLocality"] = municipality.name
        address["addressRegion"] = "Berlin" if municipality.ags.startswith("11") else "Brandenburg"
        place["containedInPlace"] = {
            "@type": "AdministrativeArea",
            "name": municipality.name,
            "identifier": {
                "@type": "PropertyValue",
                "propertyID": "AGS",
                "value": municipality.ags,
            },
        }
    place["address"] = address
    if item.latitude is not None and item.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(item.latitude),
            "longitude": float(item.longitude),
        }
    data: dict = {
        "@context": CONTEXT,
        "@type": "Event",
        "@id": url,
        "name": item.title,
        "url": url,
        "startDate": item.start.isoformat(),
        "endDate": item.end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "description": plain_excerpt(item.agenda, 300) if item.agenda else item.get_kind_display(),
    }
    if item.host_partner is not None:
        data["organizer"] = {
            "@type": "Organization",
            "name": item.host_partner.name,
            "url": absolute(item.host_partner.get_absolute_url()),
        }
    return data


def event_page(item: Event) -> list[dict]:
    if not item.is_public:
        return []  # internal events are described to nobody
    return [
        event(item),
        breadcrumbs(
            (_("Events"), reverse("community:event_list")),
            (item.title, item.get_absolute_url()),
        ),
    ]


def news_article(item: Announcement) -> dict:
    url = absolute(item.get_absolute_url())
    office = {"@type": "Organization", "name": _("Regio.hub project office")}
    return {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": item.title[:110],
        "datePublished": item.publish_at.isoformat(),
        "dateModified": max(item.updated_at, item.publish_at).isoformat(),
        "author": office,
        "publisher": {"@type": "Organization", "name": PORTAL_NAME},
        # The text as the page shows it (sanitised Markdown), without markup.
        "articleBody": markdown_to_text(item.body),
        "inLanguage": "de",
    }


def announcement_page(item: Announcement) -> list[dict]:
    return [
        news_article(item),
        breadcrumbs(
            (_("News"), reverse("community:announcement_list")),
            (item.title, item.get_absolute_url()),
        ),
    ]
