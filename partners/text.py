from django.utils.text import slugify

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(value: str) -> str:
    """Slugify with German transliteration: "Teltow-Fläming" → "teltow-flaeming"."""
    return slugify(value.translate(_GERMAN).replace("/", " "))
