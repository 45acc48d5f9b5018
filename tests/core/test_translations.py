"""The German catalogue: no entry borrows the translation of another msgid.

A plural entry translated like a different msgid ("%(counter)s document" as
"%(counter)s Partner", so /dokumente/ said "0 Partner") comes from a fuzzy match
that was filled without a look. Legitimate duplicates are allowed below, each
with its reason."""

import re
from collections import defaultdict
from pathlib import Path

import polib
import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")

# Plural entries whose German singular and plural are one word form.
SAME_IN_SINGULAR_AND_PLURAL = {
    "%(counter)s partner": "German 'Partner' has the same singular and plural",
    "From Berlin via Potsdam into Havelland-Fläming: %(counter)s partner with a place of "
    "its own on the map.": "German 'Partner' has the same singular and plural",
    "%(counter)s partner found": "German 'Partner' has the same singular and plural",
    "%(count)s partner": "German 'Partner' has the same singular and plural",
}


def normalised(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().lower()


def entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(PO)) if not e.obsolete and e.translated()]


def translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return list(entry.msgstr_plural.values())
    return [entry.msgstr]


def borrowed_translations(catalogue: list[polib.POEntry]) -> list[str]:
    """Plural entries and entries with a placeholder (counts, names) whose German
    text is also the German text of a clearly different msgid."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in catalogue:
        for text in translations_of(entry):
            owners[text].add(entry.msgid)
    wrong = []
    for entry in catalogue:
        if not (entry.msgid_plural or PLACEHOLDER.search(entry.msgid)):
            continue
        for text in set(translations_of(entry)):
            others = {m for m in owners[text] if normalised(m) != normalised(entry.msgid)}
            if others:
                wrong.append(f"{entry.msgid!r} -> {text!r}, also the German of {sorted(others)}")
    return wrong


def same_plural_forms(catalogue: list[polib.POEntry]) -> list[str]:
    return [
        f"{entry.msgid!r}: singular and plural both {entry.msgstr_plural[0]!r}"
        for entry in catalogue
        if entry.msgid_plural
        and len(set(entry.msgstr_plural.values())) == 1
        and entry.msgid not in SAME_IN_SINGULAR_AND_PLURAL
    ]


def test_no_plural_or_placeholder_entry_borrows_another_msgids_translation():
    wrong = borrowed_translations(entries())
    assert not wrong, "\n".join(wrong)


def test_plural_entries_have_two_german_forms_unless_the_word_has_one():
    wrong = same_plural_forms(entries())
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_a_count_translated_as_another_noun():
    catalogue = [
        polib.POEntry(
            msgid="%(counter)s partner",
            msgid_plural="%(counter)s partners",
            msgstr_plural={0: "%(counter)s Partner", 1: "%(counter)s Partner"},
        ),
        polib.POEntry(
            msgid="%(counter)s document",
            msgid_plural="%(counter)s documents",
            msgstr_plural={0: "%(counter)s Partner", 1: "%(counter)s Partner"},
        ),
        polib.POEntry(msgid="Start", msgstr="Beginn"),
        polib.POEntry(msgid="start", msgstr="Beginn"),
    ]
    assert len(borrowed_translations(catalogue)) == 2  # both plural entries, not "Start"
    assert same_plural_forms(catalogue) == [
        "'%(counter)s document': singular and plural both '%(counter)s Partner'"
    ]


@pytest.mark.django_db
def test_the_page_of_documents_counts_documents_in_german(client):
    html = client.get("/dokumente/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "0 Dokumente" in html and "0 Partner" not in html
