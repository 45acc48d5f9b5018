"""Hostile files through every upload field of the portal, posted as a browser would.

Every field that takes a file (find them with `grep -rn "FileField\\|ImageField"`)
is an `UploadTarget`: the page with the form, the persona who uses it, the
file field and the kind of file it takes. For each target a valid file is
accepted first (so the path really stores files), then every generated
hostile file of its kind (tests/ops/hostile_files.py) must come back as the
form with an error: never a server error, no new or changed row, no file
left in the storages. Hostile *names* on good content are accepted and
stored under a short plain name with the extension of the detected type.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import Document, DocumentVersion
from tests.ops import hostile_files as hostile
from tests.ops.htmlforms import form_values
from tests.ops.test_fuzz import ERROR_MARKERS, changed_rows, snapshot

pytestmark = pytest.mark.django_db

# What every kind of field must refuse: (description, file name, content).
BROKEN_PDFS = [
    ("truncated PDF", "protokoll.pdf", lambda: hostile.truncated(hostile.pdf(3))),
    ("PDF with a chain of 5,000 references", "kette.pdf", hostile.pdf_reference_chain),
    ("PDF nested 50,000 levels deep", "tief.pdf", hostile.pdf_deep_nesting),
    ("PDF whose page tree loops", "schleife.pdf", hostile.pdf_page_tree_loop),
    ("HTML starting like a PDF", "seite.pdf", hostile.html_as_pdf),
]
BROKEN_OFFICE = [
    (
        "DOCX with corrupt deflate data",
        "bericht.docx",
        lambda: hostile.corrupt_deflate(hostile.docx(), "word/document.xml"),
    ),
    (
        "DOCX with corrupt content types",
        "bericht.docx",
        lambda: hostile.corrupt_deflate(hostile.docx(), "[Content_Types].xml"),
    ),
    (
        "ODT with corrupt deflate data",
        "text.odt",
        lambda: hostile.corrupt_deflate(hostile.odt(), "content.xml"),
    ),
    ("truncated DOCX", "bericht.docx", lambda: hostile.truncated(hostile.docx(20_000))),
]
BROKEN_IMAGES = [
    ("truncated PNG", "bild.png", lambda: hostile.truncated(hostile.image("PNG"))),
    ("truncated JPEG", "foto.jpg", lambda: hostile.truncated(hostile.image("JPEG"))),
    ("PNG decompression bomb", "bombe.png", hostile.png_bomb),
]
ANYWHERE = [
    ("empty file", "leer.pdf", lambda: b""),
    ("zero bytes", "nullen.png", lambda: b"\x00" * 4096),
    ("script under an image's name", "logo.png", lambda: b"<svg onload=alert(1)></svg>"),
    ("executable under a PDF's name", "rechnung.pdf", lambda: b"MZ\x90\x00" + os.urandom(2000)),
]

DOCUMENT_HOSTILE = BROKEN_PDFS + BROKEN_OFFICE + BROKEN_IMAGES + ANYWHERE
IMAGE_HOSTILE = (
    BROKEN_IMAGES
    + ANYWHERE
    + [
        ("PDF under an image's name", "bild.png", hostile.pdf),
        ("GIF (not accepted)", "bild.png", lambda: hostile.image("GIF")),
    ]
)
SIGNED_PDF_HOSTILE = (
    BROKEN_PDFS
    + ANYWHERE
    + [
        ("DOCX under a PDF's name", "unterschrift.pdf", hostile.docx),
        ("PNG under a PDF's name", "unterschrift.pdf", lambda: hostile.image("PNG")),
    ]
)
IMPORT_HOSTILE = [
    (
        "XLSX with corrupt deflate data",
        "projekte.xlsx",
        lambda: hostile.corrupt_deflate(hostile.xlsx(), "xl/worksheets/sheet1.xml"),
    ),
    ("truncated XLSX", "projekte.xlsx", lambda: hostile.truncated(hostile.xlsx())),
    ("XLSX without sheets", "projekte.xlsx", hostile.xlsx_without_sheets),
    (
        "CSV field over 131,072 characters",
        "projekte.csv",
        lambda: b'title;summary\n"' + b"x" * 140_000 + b'";kurz\n',
    ),
    ("CSV with NUL characters", "projekte.csv", lambda: b"title;summary\nA\x00B;kurz\n"),
    ("CSV not in UTF-8", "projekte.csv", lambda: "title;summary\nÄ;ö\n".encode("cp1252")),
    ("DOCX instead of a workbook", "projekte.xlsx", hostile.docx),
    ("empty file", "projekte.csv", lambda: b""),
]


@dataclass(frozen=True)
class UploadTarget:
    name: str
    page: str  # formatted with the world's objects
    form_id: str  # see tests/ops/htmlforms.py
    persona: str
    file_field: str
    valid: tuple[str, Callable[[], bytes]]  # a file name and content the field accepts
    hostile: list = field(default_factory=list)
    data: dict = field(default_factory=dict)  # values set on top of the form's own
    url: str | None = None  # where the form posts (default: the page)
    # A file whose name is hostile but whose content is fine: accepted, stored safely.
    names_matter: bool = True
    accepted: int = 302  # the status of an accepted upload


def _pdf():
    return hostile.pdf()


def _png():
    return hostile.image("PNG")


def _csv():
    return "title;summary\nBürgerportal;Online-Anträge\n".encode()


DOCUMENT = {"valid": ("protokoll.pdf", _pdf), "hostile": DOCUMENT_HOSTILE}
UPLOAD_TARGETS = [
    UploadTarget(
        "working group document",
        "/intern/arbeitsgruppen/{group.slug}/",
        "action:/intern/arbeitsgruppen/{group.slug}/dokumente/",
        "member_a",
        "file",
        data={"title": "Protokoll"},
        url="/intern/arbeitsgruppen/{group.slug}/dokumente/",
        **DOCUMENT,
    ),
    UploadTarget(
        "project document",
        "/intern/projekt-dokumente/{published.pk}/",
        "post",
        "editor_a",
        "file",
        data={"title": "Konzept"},
        **DOCUMENT,
    ),
    UploadTarget(
        "library document",
        "/intern/bibliothek/hochladen/",
        "post",
        "office",
        "file",
        data={"title": "Leitfaden"},
        **DOCUMENT,
    ),
    UploadTarget(
        "event document",
        "/intern/termine/{event.pk}/dokumente/",
        "post",
        "office",
        "file",
        data={"title": "Agenda"},
        **DOCUMENT,
    ),
    UploadTarget(
        "replacing a document's file",
        "/intern/dokumente/{document.pk}/ersetzen/",
        "post",
        "member_a",
        "file",
        **DOCUMENT,
    ),
    UploadTarget(
        "admin: a new document with its file",
        "/admin/community/document/add/",
        "document_form",
        "office",
        "versions-0-file",
        data={"title": "Satzung", "versions-TOTAL_FORMS": "1"},
        **DOCUMENT,
    ),
    UploadTarget(
        "project image (new project)",
        "/intern/projekte/neu/",
        "post",
        "editor_a",
        "image_upload",
        valid=("bild.png", _png),
        hostile=IMAGE_HOSTILE,
        data={
            "title": "Bildprojekt",
            "summary": "Kurz",
            "description": "Text",
            "image_alt": "Ein Bild",
            "lead_partner": "{partner.pk}",
            "action": "save",
        },
        names_matter=False,  # stored under a random name
    ),
    UploadTarget(
        "admin: project image",
        "/admin/projects/project/{draft.pk}/change/",
        "project_form",
        "office",
        "image",
        valid=("bild.png", _png),
        hostile=IMAGE_HOSTILE,
        data={"image_alt": "Ein Bild"},
        names_matter=False,
    ),
    UploadTarget(
        "partner logo",
        "/intern/partner/{partner.slug}/profil/",
        "post",
        "admin_a",
        "logo",
        valid=("logo.png", _png),
        hostile=IMAGE_HOSTILE,
        data={"logo_alt": "Wappen"},
        names_matter=False,
    ),
    UploadTarget(
        "admin: partner logo",
        "/admin/partners/partner/{partner.pk}/change/",
        "partner_form",
        "office",
        "logo",
        valid=("logo.png", _png),
        hostile=IMAGE_HOSTILE,
        data={"logo_alt": "Wappen"},
        names_matter=False,
    ),
    UploadTarget(
        "signed agreement PDF",
        "/intern/absichtserklaerung/{partner.slug}/unterzeichnung/",
        "post",
        "admin_a",
        "signed_pdf",
        valid=("unterzeichnet.pdf", _pdf),
        hostile=SIGNED_PDF_HOSTILE,
        data={"signatory_name": "Dr. Muster", "signed_on": "2026-05-04"},
        names_matter=False,  # stored under a generated name
    ),
    UploadTarget(
        "project import file",
        "/intern/projekte-import/",
        "post",
        "office",
        "datei",
        valid=("projekte.csv", _csv),
        hostile=IMPORT_HOSTILE,
        names_matter=False,  # read, never stored
        accepted=200,  # the preview of the rows
    ),
]


def _files_on_disk(*roots) -> set[str]:
    found = set()
    for root in roots:
        for directory, _dirs, files in os.walk(root):
            found |= {os.path.join(directory, name) for name in files}
    return found


@pytest.fixture
def storages(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return (tmp_path / "media", tmp_path / "private-media")


def _errors(response) -> list[str]:
    return re.findall(
        r'class="(?:kern-error|errorlist[^"]*)"[^>]*>(.*?)</', response.content.decode()
    )


def _form(client, target: UploadTarget, world) -> list[tuple[str, str]]:
    """The values the browser would send with the form as the page shows it now."""
    page_url = target.page.format(**world)
    form_id = target.form_id.format(**world)
    page = client.get(page_url)
    assert page.status_code == 200, (target.name, page.status_code)
    base = form_values(page.content.decode(), form_id)
    assert base, f"{target.name}: no form {form_id} on {page_url}"
    return base


def _post(client, target: UploadTarget, world, name: str, content: bytes, base=None):
    if base is None:
        base = _form(client, target, world)
    data: dict[str, list] = {}
    for key, value in base:
        if key not in target.data:
            data.setdefault(key, []).append(value)
    for key, value in target.data.items():
        data[key] = [value.format(**world)]
    data[target.file_field] = [SimpleUploadedFile(name, content)]
    return client.post((target.url or target.page).format(**world), data)


@pytest.mark.parametrize("target", UPLOAD_TARGETS, ids=[t.name for t in UPLOAD_TARGETS])
def test_hostile_files_are_refused_with_the_forms_message(
    target: UploadTarget, request, client, world, storages
):
    client.force_login(request.getfixturevalue(target.persona))
    client.raise_request_exception = False
    accepted = _post(client, target, world, target.valid[0], target.valid[1]())
    assert accepted.status_code == target.accepted, (target.name, _errors(accepted))
    base = _form(client, target, world)  # after the valid upload (a new version number)
    for description, name, make in target.hostile:
        before, files_before = snapshot(), _files_on_disk(*storages)
        response = _post(client, target, world, name, make(), base=base)
        assert response.status_code in (200, 400), (target.name, description, response.status_code)
        body = response.content.decode()
        assert any(marker in body for marker in ERROR_MARKERS), (target.name, description)
        assert not changed_rows(before, snapshot()), (target.name, description)
        assert _files_on_disk(*storages) == files_before, (target.name, description)


DOCUMENT_TARGETS = [t for t in UPLOAD_TARGETS if t.names_matter]


@pytest.mark.parametrize("target", DOCUMENT_TARGETS, ids=[t.name for t in DOCUMENT_TARGETS])
def test_hostile_names_on_good_files_are_stored_short_plain_and_by_type(
    target: UploadTarget, request, client, world, storages
):
    client.force_login(request.getfixturevalue(target.persona))
    client.raise_request_exception = False
    cases = [
        (hostile.LONG_UMLAUT_NAME + ".pdf", hostile.pdf(), "pdf"),
        ("Protokoll.hta", hostile.pdf_with_html(), "pdf"),
        ("../../etc/passwd", hostile.pdf(), "pdf"),
        ("\u202egnp.exe", hostile.image("PNG"), "png"),
        ("Bericht.pdf", hostile.docx(), "docx"),
    ]
    for name, content, extension in cases:
        newest = DocumentVersion.objects.order_by("-pk").first()
        response = _post(client, target, world, name, content)
        assert response.status_code == 302, (target.name, name, response.status_code)
        version = DocumentVersion.objects.order_by("-pk").first()
        assert version != newest, (target.name, name)
        stored = version.file.name.rsplit("/", 1)[-1]
        assert len(stored) <= 100 and stored.isascii(), (target.name, stored)
        assert stored.endswith(f".{extension}"), (target.name, name, stored)
        assert version.file.storage.exists(version.file.name)


def test_every_upload_field_of_the_portal_has_a_target():
    """A new FileField or ImageField (model or form) needs an UploadTarget above."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    fields = set()
    for app in ("core", "notifications", "partners", "projects", "loi", "community", "legal"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in re.finditer(
                r"^\s*(\w+) = (?:models|forms)\.(?:FileField|ImageField)\(",
                path.read_text(),
                re.MULTILINE,
            ):
                fields.add(f"{app}.{match.group(1)}")
    covered = {
        "community.file",  # Document upload, replace, admin version (DocumentVersion.file)
        "projects.image",  # admin project image
        "projects.image_upload",  # project form
        "projects.datei",  # import
        "partners.logo",  # profile and admin
        "loi.signed_pdf",  # signature form (the model field has no other form)
        # The office's agreement template (admin only) takes any file: stored
        # under a generated name, never shown to the public, no download view.
        "loi.template_document",
    }
    assert fields <= covered, fields - covered
    # And each named field really has a target above (except the template document).
    targeted = {t.file_field.rsplit("-", 1)[-1] for t in UPLOAD_TARGETS}
    assert {name.split(".")[1] for name in covered} - targeted == {"template_document"}


def test_a_pdf_stored_under_the_uploaders_extension_downloads_as_pdf(client_of, member_a, world):
    """Versions stored before names followed the type keep their name; the download does not."""
    from django.core.files.base import ContentFile

    document = world["document"]
    version = document.current_version
    version.file.save("Protokoll.hta", ContentFile(hostile.pdf_with_html()), save=True)
    assert version.file.name.endswith(".hta")
    response = client_of(member_a).get(f"/dokumente/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="Protokoll.pdf"')
    assert response["Content-Type"] == "application/pdf"


def test_a_document_never_exists_without_its_version(client_of, member_a, world, monkeypatch):
    """The storage failing after the document row was written leaves neither behind."""
    from django.core.files.storage import FileSystemStorage

    def fail(self, name, content):
        raise OSError(36, "File name too long")

    monkeypatch.setattr(FileSystemStorage, "_save", fail)
    client = client_of(member_a)
    client.raise_request_exception = False
    documents = Document.objects.count()
    response = client.post(
        f"/intern/arbeitsgruppen/{world['group'].slug}/dokumente/",
        {"title": "Protokoll", "file": SimpleUploadedFile("p.pdf", hostile.pdf())},
    )
    assert response.status_code == 500
    assert Document.objects.count() == documents


def test_a_long_umlaut_name_is_uploaded_and_listed_with_a_working_download(
    client_of, member_a, world
):
    client = client_of(member_a)
    response = client.post(
        f"/intern/arbeitsgruppen/{world['group'].slug}/dokumente/",
        {
            "title": "Lang",
            "file": SimpleUploadedFile(hostile.LONG_UMLAUT_NAME + ".pdf", hostile.pdf()),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Lang")
    download = client.get(f"/dokumente/{document.pk}/")
    assert download.status_code == 200
    assert 'filename="AeAeAe' in download["Content-Disposition"]
