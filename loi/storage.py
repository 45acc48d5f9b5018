"""Upload names for the Letter of Intent's private files.

The storage itself is the portal's one private storage (core.storage,
storages["private"]).
"""

from pathlib import Path
from uuid import uuid4


def signed_pdf_path(instance, filename: str) -> str:
    """A generated name: nothing of the uploader's file name reaches the disk."""
    return str(Path("loi") / "signed" / f"{uuid4().hex}.pdf")


def template_document_path(instance, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:10] or ".pdf"
    return str(Path("loi") / "templates" / f"{uuid4().hex}{suffix}")
