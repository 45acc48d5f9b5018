"""schema.org JSON-LD for the public pages: shared pieces and the safe rendering.

Each app builds the description of its own objects (`partners/jsonld.py`,
`projects/jsonld.py`, `community/jsonld.py`); a view hands the list to its
template as `json_ld`, and `templates/base.html` renders every item as a
`<script type="application/ld+json">`. Browsers do not execute that type, so
the strict CSP (no inline script) stays as it is.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

CONTEXT = "https://schema.org"
PORTAL_NAME = "Regio.hub Berlin-Brandenburg"

# What may not appear verbatim inside a <script> element: "</script>" or "<!--"
# in a text would end or change it. Escaped as JSON unicode escapes, which
# JSON parsers read back as the same characters.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def script(data: dict) -> SafeString:
    """One `<script type="application/ld+json">` element holding `data`."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    element = f'<script type="application/ld+json">{text.translate(_SCRIPT_ESCAPES)}</script>'
    # Safe: every < > & of the JSON text is escaped above.
    return mark_safe(element)  # noqa: S308  # nosec B308 B703


def breadcrumbs(*crumbs: tuple[str, str]) -> dict:
    """A BreadcrumbList from the home page down: (name, path) pairs after "Home"."""
    trail = [(_("Home"), reverse("core:home")), *crumbs]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def website(search_path: str) -> dict:
    """The portal as a WebSite with a SearchAction on the search at `search_path`
    (which takes the words as `q`)."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": PORTAL_NAME,
        "url": absolute(reverse("core:home")),
        "inLanguage": ["de", "en"],
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(f"{search_path}?q={{search_term_string}}"),
            },
            "query-input": "required name=search_term_string",
        },
    }


def hub() -> dict:
    """The Regio.hub itself: a project of the Landeshauptstadt Potsdam (Smart City
    Potsdam) with its federal funding (the building ministry BMWSB, through KfW)."""
    return {
        "@context": CONTEXT,
        "@type": "Project",
        "name": PORTAL_NAME,
        "url": absolute(reverse("core:home")),
        "description": _(
            "The partner network for digitalisation in the Berlin-Brandenburg capital region."
        ),
        "parentOrganization": {
            "@type": "GovernmentOrganization",
            "name": "Landeshauptstadt Potsdam",
            "department": {"@type": "Organization", "name": "Smart City Potsdam"},
        },
        "funder": [
            {
                "@type": "GovernmentOrganization",
                "name": "Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen (BMWSB)",
            },
            {"@type": "Organization", "name": "KfW"},
        ],
    }
