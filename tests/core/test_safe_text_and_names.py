"""The two output helpers every app uses: stripped text and safe stored file names."""

import pytest

from core.storage import MAX_FILE_NAME, private_storage, safe_file_name
from core.text import strip_control_characters


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Vor\x0bher", "Vor her"),
        ("Seite\x0cneu", "Seite neu"),
        ("\x1b[31mrot\x07", "[31mrot"),
        ("Eins\tzwei\r\ndrei", "Eins\tzwei\r\ndrei"),
        ("gut", "gut"),
        ("", ""),
        ("\ufffe\uffff", ""),
    ],
)
def test_control_characters_are_stripped_for_output(value, expected):
    assert strip_control_characters(value) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Protokoll März (final).PDF", "Protokoll-Maerz-final.pdf"),
        ("Résumé.docx", "Resume.docx"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Größe.png", "Groesse.png"),
        ("\u202egnp.exe", "gnp.exe"),
        ("a\x00b.pdf", "a-b.pdf"),
        (".hidden", "datei.hidden"),
        ("", "datei"),
        ("Straßen.Plan.v2.ods", "Strassen-Plan-v2.ods"),
    ],
)
def test_stored_names_are_plain_ascii(name, expected):
    assert safe_file_name(name) == expected


def test_a_long_umlaut_name_is_bounded():
    name = safe_file_name("Ä" * 276 + ".pdf")
    assert len(name) == MAX_FILE_NAME and name.endswith(".pdf") and name.isascii()


def test_the_detected_type_names_the_extension():
    assert safe_file_name("Protokoll.hta", extension="pdf") == "Protokoll.pdf"
    assert safe_file_name("Bericht", extension="docx") == "Bericht.docx"


def test_the_private_storage_makes_every_generated_name_safe():
    name = private_storage().generate_filename("documents/7/1/" + "Ü" * 280 + ".pdf")
    directory, _slash, base = name.rpartition("/")
    assert directory == "documents/7/1"
    assert len(base) <= MAX_FILE_NAME and base.endswith(".pdf") and base.isascii()
