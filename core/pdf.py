"""PDF from HTML with WeasyPrint, the vendored fonts only (the Letter of Intent, council papers).

Rendering never touches the network or the file system beyond the KERN fonts:
the URL fetcher refuses every other address. WeasyPrint is imported only when a
PDF is made (loading it is slow), and the setting it changes for the whole
process on import is set back (`strict_images_again`).
"""

from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "kern" / "fonts" / "fira-sans"


def strict_images_again() -> None:
    """Undo what importing WeasyPrint does to Pillow for the whole process.

    weasyprint/images.py sets `PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True` on
    import; left so, truncated uploads (project images, documents) would pass
    the image checks in every request this process serves afterwards. The
    documents made here use no images, so WeasyPrint does not need the setting.
    """
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False


def fonts_only_fetcher():
    """A WeasyPrint URL fetcher that reads the vendored fonts and refuses everything else."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    strict_images_again()

    class LocalFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(FONT_DIR.as_uri() + "/"):
                raise ValueError(f"Refusing to fetch {url!r}: only the vendored fonts.")
            return super().fetch(url, headers)

    return LocalFontsOnly(allowed_protocols=["file"])


def render_pdf(html: str) -> bytes:
    """`html` as a tagged PDF (PDF/UA-1); its fonts are addressed under FONT_DIR."""
    # Imported here: loading it is slow and only this needs it (no type information).
    from weasyprint import HTML  # type: ignore[import-untyped]

    strict_images_again()
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fonts_only_fetcher())
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    strict_images_again()
    return pdf
