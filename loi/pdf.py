"""The agreement as a tagged PDF (PDF/UA-1) for one partner, made with WeasyPrint.

Fonts come from the vendored Fira Sans files; the URL fetcher refuses anything
that is not a local file, so rendering never touches the network.

Rendering takes a second or more of CPU, so each PDF is built once and kept in
the shared cache under a hash of the HTML it is made from: any change to the
agreement, the partner, the counterpart, the template or the date makes a new
one, and a repeated download costs nothing.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partners.models import Partner

from .models import Agreement

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "kern" / "fonts" / "fira-sans"
# The document carries today's date, so a cached PDF is good for a day at most.
CACHE_SECONDS = 24 * 60 * 60


def _strict_images_again() -> None:
    """Undo what importing WeasyPrint does to Pillow for the whole process.

    weasyprint/images.py sets `PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True` on
    import; left so, truncated uploads (project images, documents) would pass
    the image checks in every request this process serves afterwards. The
    agreement PDF uses no images, so WeasyPrint does not need the setting.
    """
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False


def _fetcher():
    from weasyprint.urls import URLFetcher

    _strict_images_again()

    class LocalFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(FONT_DIR.as_uri() + "/"):
                raise ValueError(f"Refusing to fetch {url!r}: only the vendored fonts.")
            return super().fetch(url, headers)

    return LocalFontsOnly(allowed_protocols=["file"])


def _render(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading it is slow and needs only this view

    _strict_images_again()
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


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
        pdf = _render(html)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
