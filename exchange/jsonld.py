"""schema.org JSON-LD of a need's public page (see core/jsonld.py).

A need is a schema.org `Demand`: "the public, not necessarily binding, not
necessarily exclusive, announcement by an organization or person to seek a
certain type of goods or services" — what a public need on /gesucht/ is. A
`CreativeWork` would describe the page's text, not the wish it states; `Demand`
carries what the need says in properties search engines and harvesters know:
who seeks (`offeredBy`, the announcing organisation), what is sought
(`itemOffered`, a Service), the fields of action (`category`), since when the
need is open (`validFrom`) and when the partner would like to start
(`availabilityStarts`). Only public needs reach this (the view's queryset);
network-only needs have no public page.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.jsonld import CONTEXT, absolute, breadcrumbs

from .models import Need


def demand(need: Need) -> dict:
    url = absolute(need.get_absolute_url())
    partner_url = absolute(need.partner.get_absolute_url())
    data: dict = {
        "@context": CONTEXT,
        "@type": "Demand",
        "@id": url,
        "url": url,
        "name": need.title,
        "description": strip_tags(need.description_html).strip(),
        "offeredBy": {
            "@type": "Organization",
            "@id": partner_url,
            "name": need.partner.name,
            "url": partner_url,
        },
        "itemOffered": {"@type": "Service", "name": need.title},
        "category": [field.name for field in need.fields_of_action.all()],
    }
    if need.opened_at:
        data["validFrom"] = need.opened_at.isoformat()
    if need.desired_start:
        data["availabilityStarts"] = need.desired_start.isoformat()
    if need.supports.all():
        # The partners that co-signed: they seek the same.
        data["itemOffered"]["audience"] = [
            {"@type": "Audience", "name": support.partner.name} for support in need.supports.all()
        ]
    return data


def need_page(need: Need) -> list[dict]:
    return [
        demand(need),
        breadcrumbs(
            (_("Wanted"), reverse("exchange:list")),
            (need.title, need.get_absolute_url()),
        ),
    ]
