"""The agreement as a tagged PDF (PDF/UA-1) for one partner, made with WeasyPrint.

Fonts come from the vendored Fira Sans files; the URL fetcher refuses anything
that is not a local file, so rendering never touches the network.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from partners.models import Partner

from .models import Agreement

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "kern" / "fonts" / "fira-sans"


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


def agreement_pdf_for(agreement: Agreement, partner: Partner) -> bytes:
    from weasyprint import HTML  # imported here: loading it is slow and needs only this view

    _strict_images_again()

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
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")
