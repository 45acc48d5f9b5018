"""schema.org JSON-LD of a partner's public page (see core/jsonld.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.jsonld import CONTEXT, absolute, breadcrumbs

from .models import Partner

# Public bodies are GovernmentOrganizations; the others take the nearest schema.org type.
SCHEMA_TYPES = {
    Partner.Kind.SCIENCE: "ResearchOrganization",
    Partner.Kind.COMPANY: "Corporation",
    Partner.Kind.ASSOCIATION: "NGO",
}


def organisation(partner: Partner) -> dict:
    data: dict = {
        "@context": CONTEXT,
        "@type": SCHEMA_TYPES.get(partner.kind, "GovernmentOrganization"),
        "@id": absolute(partner.get_absolute_url()),
        "name": partner.name,
        "url": absolute(partner.get_absolute_url()),
        "memberOf": {"@type": "Organization", "name": "Regio.hub Berlin-Brandenburg"},
    }
    if partner.short_name:
        data["alternateName"] = partner.short_name
    if partner.description:
        data["description"] = partner.description
    if partner.website:
        data["sameAs"] = [partner.website]
    if partner.logo:
        data["logo"] = absolute(partner.logo.url)
    if partner.contact_email:
        data["email"] = partner.contact_email
    if partner.contact_phone:
        data["telephone"] = partner.contact_phone
    address = {
        "@type": "PostalAddress",
        "addressCountry": "DE",
        "addressRegion": str(partner.get_federal_state_display()),
    }
    if partner.street:
        address["streetAddress"] = partner.street
    if partner.postal_code:
        address["postalCode"] = partner.postal_code
    if partner.city:
        address["addressLocality"] = partner.city
    data["address"] = address
    area = partner.area
    if area is not None:
        data["areaServed"] = {
            "@type": "AdministrativeArea",
            "name": area.name,
            "identifier": {"@type": "PropertyValue", "propertyID": "AGS", "value": area.ags},
        }
    if partner.latitude is not None and partner.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(partner.latitude),
            "longitude": float(partner.longitude),
        }
    return data


def partner_page(partner: Partner) -> list[dict]:
    return [
        organisation(partner),
        breadcrumbs(
            (_("Partners"), reverse("partners:list")),
            (partner.name, partner.get_absolute_url()),
        ),
    ]
