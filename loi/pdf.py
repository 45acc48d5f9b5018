"""The agreement as a tagged PDF (PDF/UA-1) for one partner, made with WeasyPrint.

Fonts come from the vendored Fira Sans files; the URL fetcher refuses anything
that is not a local file, so rendering never touches the network.

Rendering takes a second or more of CPU, so each PDF is built once and kept in
the shared cache under a hash of the HTML it is made from: any change to the
agreement, the partner, the counterpart, the template or the date makes a new
one, and a repeated download costs nothing.
"""

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.pdf import FONT_DIR, render_pdf
from partners.models import Partner

from .models import Agreement

# The document carries today's date, so a cached PDF is good for a day at most.
CACHE_SECONDS = 24 * 60 * 60


def agreement_pdf_for(agreement: Agreement, partner: Partner) -> bytes:
    """The agreement for `partner` as PDF, from the cache when nothing has changed."""
    with translation.override("de"):
        html = render_to_string(
            "loi/agreement_document.html",
            {
                "agreement": agreement,
                "partner": partner,
                "font_dir": FONT_DIR.as_uri(),
                "today": timezone.localdate(),
            },
        )
    key = f"loi:agreement-pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
