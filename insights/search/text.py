"""Words of a search: how a query and a text are cut into words and stemmed.

The German Snowball stemmer ("Verwaltungen" and "Verwaltung" → "verwalt") is
the same algorithm PostgreSQL's `german` text-search configuration uses, so the
SQLite index (`insights.search.sqlite`) finds what production finds.
"""

import re
from functools import lru_cache

# Letters and digits of any script; everything else separates words.
WORD = re.compile(r"\w+", re.UNICODE)
# More words than this in one query are not searched (a pasted paragraph).
MAX_WORDS = 8
MAX_LENGTH = 200


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, without underscores."""
    return [word for word in WORD.findall(text.replace("_", " ").lower()) if word]


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("german")


def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def stems(text: str) -> list[str]:
    """The stems of every word of the text, in order."""
    return _stemmer().stemWords(words(text))


def query_words(query: str) -> list[str]:
    """The distinct words of a query (at most MAX_WORDS), in order."""
    return list(dict.fromkeys(words(query)))[:MAX_WORDS]
