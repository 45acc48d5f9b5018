"""Generated hostile files for the upload fuzz suite (test_fuzz_uploads.py).

Each maker returns bytes; nothing is read from disk. The kinds are what an
attacker (or a broken export) sends: cut-off files, corrupt deflate data in
office documents, PDFs whose object graph is a long chain or a deep nest,
decompression bombs, polyglots (a PDF with HTML appended, HTML that starts
like a PDF), empty files and files of one type under another's name.
"""

import io
import zipfile

from PIL import Image
from pypdf import PdfWriter


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_from_objects(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with these object bodies (numbered from 1) and a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, xref)
    )
    return out.getvalue()


def pdf_reference_chain(length: int = 5000) -> bytes:
    """/Root → 2 0 R → 3 0 R → … → the catalog: each object only names the next."""
    objects = [b"%d 0 R" % (number + 1) for number in range(1, length)]
    catalog = length
    objects += [
        b"<< /Type /Catalog /Pages %d 0 R >>" % (catalog + 1),
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (catalog + 2),
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (catalog + 1),
    ]
    return _pdf_from_objects(objects)


def pdf_deep_nesting(depth: int = 50_000) -> bytes:
    """A page whose /Annots is an array nested `depth` levels deep."""
    nest = b"[" * depth + b"]" * depth
    return _pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots " + nest + b" >>",
        ]
    )


def pdf_page_tree_loop() -> bytes:
    """A page tree whose kids name their own parent: following it never ends."""
    return _pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
        ]
    )


def pdf_with_html() -> bytes:
    """A readable PDF with an HTML application appended (a PDF/HTA polyglot)."""
    return pdf() + b"\n<html><script>new ActiveXObject('WScript.Shell')</script></html>\n"


def html_as_pdf() -> bytes:
    """HTML that starts with the PDF magic bytes and nothing of a PDF behind them."""
    return b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>"


def docx(padding: int = 2000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types><Override PartName="/word/document.xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            "<w:document>"
            + "".join(f"<w:p>Absatz {n}</w:p>" for n in range(padding))
            + "</w:document>",
        )
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr(
            "content.xml",
            "<office:document-content>" + "Text " * 4000 + "</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


def corrupt_deflate(container: bytes, member: str) -> bytes:
    """The container with the deflate data of `member` overwritten in its middle."""
    data = bytearray(container)
    with zipfile.ZipFile(io.BytesIO(container)) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    for index in range(middle, min(middle + 64, start + info.compress_size)):
        data[index] ^= 0x5A
    return bytes(data)


def xlsx(rows: list[list] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows or [["title", "summary"], ["Projekt", "Kurz"]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_without_sheets() -> bytes:
    """A workbook whose workbook.xml lists no sheet (and that has none)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename.startswith("xl/worksheets/"):
                continue
            content = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text = content.decode()
                start, end = text.index("<sheets>"), text.index("</sheets>") + len("</sheets>")
                content = (text[:start] + "<sheets/>" + text[end:]).encode()
            archive.writestr(info.filename, content)
    return buffer.getvalue()


def image(kind: str = "PNG", size: tuple[int, int] = (300, 200), **options) -> bytes:
    buffer = io.BytesIO()
    # Noise, so the compressed data is long enough to cut in the middle.
    Image.effect_noise(size, 64).convert("RGB").save(buffer, kind, **options)
    return buffer.getvalue()


def png_bomb(side: int = 30_000) -> bytes:
    """A small PNG that claims side × side pixels (900 megapixels by default)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress((b"\x00" + b"\x00" * (side // 8 + 1)) * 64)  # a few rows only
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def truncated(content: bytes) -> bytes:
    return content[: len(content) // 2]


LONG_UMLAUT_NAME = "Ä" * 276  # + ".pdf": 280 characters, 556 bytes in UTF-8
