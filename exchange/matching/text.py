"""German text analysis for matching: words, stems, compounds, thesaurus, typos.

Everything works on lower-cased words. A word becomes its Snowball stem
(German, snowballstemmer), and a compound additionally the stems of its
parts, found by a dictionary-based splitter over a vocabulary: the words of
the indexed texts, the thesaurus and the text itself (`Videosprechstunde` →
`video` + `sprechstund`, so it meets `Sprechstunde per Video`). The thesaurus
(`thesaurus.toml`) adds related terms of municipal digitalisation to a query;
rapidfuzz corrects a query word that no text contains to the nearest word
that one does.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import snowballstemmer

HERE = Path(__file__).resolve().parent
THESAURUS_FILE = HERE / "thesaurus.toml"

WORD = re.compile(r"[0-9a-zäöüß]+", re.IGNORECASE)
# Parts of a compound are at least this long ("amt", "app" and "bus" are
# listed as short parts of their own below).
MIN_PART = 4
SHORT_PARTS = frozenset({"amt", "app", "bus", "kita", "ozg", "eid", "gis", "wlan", "lte", "bau"})
# Linking elements (Fugenelemente) between the parts of a compound.
LINKS = ("", "s", "es", "n", "en", "e", "er")
MIN_COMPOUND = 6
# A head found alone has at least this many letters, after a modifier of at least
MIN_HEAD = 5
MIN_HEAD_MODIFIER = 3

# Function words and the most general words of project texts: they carry no
# topic. A short curated list (the Snowball project's German stop words, cut to
# what occurs in administrative prose, plus a few generic project words).
STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei beim bin bis bist da damit dann das dass dem den denn der des dessen die dies
    diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einige
    einmal er es etwas euch für gegen gibt hat hatte haben hier hin hinter ich ihm ihn ihnen ihr
    ihre ihrem ihren ihrer im in indem ins ist jede jedem jeden jeder jedes jetzt kann kein keine
    können könnte machen man mehr mein mit muss müssen nach nicht noch nun nur ob oder ohne per
    pro schon sehr sein seine sich sie sind so solche soll sollen sollte sondern sowie über um
    und uns unser unsere unter viel vom von vor wann war waren was weil welche wenn werden wie
    wieder will wir wird wo wollen wurde würde zu zum zur zwischen bzw etc ca usw gern gerne
    neu neue neuen neuer neues gut gute besser bisher künftig heute immer oft suchen suche
    gesucht brauchen benötigen möchten wünschen wollen lösung lösungen projekt projekte
    vorhaben idee ideen bedarf ansatz ansätze angebot angebote möglichkeit möglichkeiten
    kommune kommunen gemeinde gemeinden stadt städte landkreis landkreise kreis region
    regional regionen demo dies ergebnisse ergebnis teilen
    """.split()  # noqa: SIM905  (a word list reads better as text)
)

_stemmer = snowballstemmer.stemmer("german")

# The note demo content ends with (projects/demo.py and exchange/demo.py, `DEMO_NOTE`:
# "Dies ist ein Demo-Projekt für Testzwecke; es beschreibt kein reales Vorhaben.") says
# what a text is, not what it is about: its words ("Testzwecke", "beschreibt", "realen")
# would make every demo text a little like every other. The one place that drops it
# for the index, the queries and the baseline alike.
DEMO_NOTE = re.compile(r"Dies ist ein Demo-\w+ für Testzwecke;[^*\n]*", re.IGNORECASE)


@cache
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased word (umlauts folded by the stemmer)."""
    return _stemmer.stemWord(word.replace("ß", "ss"))


def words(text: str) -> list[str]:
    """The lower-cased words of a text (without a demo note); hyphenated words also give
    their parts."""
    text = DEMO_NOTE.sub(" ", text or "").lower()
    return [w for w in WORD.findall(text.replace("-", " ")) if len(w) > 1]


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and not w.isdigit()]


def split_compound(word: str, vocabulary: frozenset[str] | set[str]) -> list[str]:
    """The parts of a German compound that occur in the vocabulary, or [].

    Dynamic programming over the positions of the word: a part is a known
    word (at least MIN_PART letters, or one of SHORT_PARTS), optionally
    followed by a linking element; the split with the fewest parts wins. The
    last part (the head) may carry an inflection ending.
    `verwaltungsdaten` → [`verwaltung`, `daten`].
    """
    n = len(word)
    if n < MIN_COMPOUND:
        return []
    # best[i]: the fewest parts that cover word[:i]
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        done = best[i]
        if done is None:
            continue
        for j in range(i + 3, n + 1):
            part = word[i:j]
            if j - i < MIN_PART and part not in SHORT_PARTS:
                continue
            if part not in vocabulary and not (j == n and _known_inflection(part, vocabulary)):
                continue
            if i == 0 and j == n:
                continue  # the whole word is no split
            for link in LINKS:
                end = j + len(link)
                if end > n or word[j:end] != link:
                    continue
                if link and end == n:
                    continue  # a link ends no compound
                candidate = [*done, part]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    parts = best[n]
    if parts and len(parts) > 1:
        return parts
    # No full split: the head alone, when the word ends in a known word (the
    # head carries a German compound's meaning: `rufbus` is a bus,
    # `elektroautos` are cars).
    for i in range(MIN_HEAD_MODIFIER, n - 2):
        head = word[i:]
        if (len(head) >= MIN_HEAD or head in SHORT_PARTS) and (
            head in vocabulary or _known_inflection(head, vocabulary)
        ):
            return [head]
    return []


def _known_inflection(part: str, vocabulary) -> bool:
    """The head of a compound may be inflected: `…sprechstunden` ends in a known word."""
    for ending in ("n", "en", "s", "e", "er"):
        if part.endswith(ending) and part[: -len(ending)] in vocabulary:
            return True
    return False


# --- The thesaurus ---------------------------------------------------------------


@dataclass(frozen=True)
class Thesaurus:
    """Groups of related terms; each term is a tuple of stems (one or more words)."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    labels: tuple[tuple[str, ...], ...]  # the terms as written, per group
    by_stem: dict[str, tuple[int, ...]] = field(hash=False, compare=False)
    words: frozenset[str] = field(hash=False, compare=False)
    digest: str = ""

    def related(self, stems: set[str]) -> dict[str, tuple[str, str]]:
        """Stems related to the given ones: {stem: (written term found, written related term)}.

        A term of a group is found when all its stems occur; then the stems of
        every other term of the group are related.
        """
        found: dict[str, tuple[str, str]] = {}
        candidates = {g for s in stems for g in self.by_stem.get(s, ())}
        for index in sorted(candidates):
            group, labels = self.groups[index], self.labels[index]
            present = [k for k, term in enumerate(group) if all(s in stems for s in term)]
            if not present:
                continue
            source = labels[present[0]]
            for k, term in enumerate(group):
                if k in present:
                    continue
                for s in term:
                    if s not in stems and s not in found:
                        found[s] = (source, labels[k])
        return found


def analyse_term(term: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in content_words(term))


@cache
def thesaurus() -> Thesaurus:
    raw = THESAURUS_FILE.read_bytes()
    data = tomllib.loads(raw.decode())
    groups, labels = [], []
    by_stem: dict[str, list[int]] = {}
    vocabulary: set[str] = set()
    for entry in data.get("group", []):
        terms = [t for t in entry["terms"] if analyse_term(t)]
        index = len(groups)
        groups.append(tuple(analyse_term(t) for t in terms))
        labels.append(tuple(terms))
        for term in terms:
            vocabulary.update(content_words(term))
            for s in analyse_term(term):
                by_stem.setdefault(s, []).append(index)
    return Thesaurus(
        groups=tuple(groups),
        labels=tuple(labels),
        by_stem={k: tuple(v) for k, v in by_stem.items()},
        words=frozenset(vocabulary),
        digest=hashlib.sha256(raw).hexdigest()[:12],
    )


# Raise when the analysis changes in a way that changes indexed terms: the
# index is rebuilt for every project whose entry has another version.
ANALYSER_REVISION = "3"


def analyser_version() -> str:
    return f"{ANALYSER_REVISION}-{thesaurus().digest}"


# --- Analysing a text --------------------------------------------------------------


# What a kind of term weighs in a query or document, relative to a plain word.
PART_WEIGHT = 0.6
THESAURUS_WEIGHT = 0.5
TYPO_WEIGHT = 0.9


@dataclass
class Analysis:
    """The stems of a text with their weights and a written form of each."""

    weights: dict[str, float] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)
    related: dict[str, str] = field(default_factory=dict)  # stem → thesaurus term it came from
    typed: dict[str, str] = field(default_factory=dict)  # stem → the misspelt word it corrects
    shown: dict[str, str] = field(default_factory=dict)  # stem → the word as the text writes it

    def add(self, s: str, weight: float, written: str) -> None:
        if len(s) < 2:
            return
        self.weights[s] = self.weights.get(s, 0.0) + weight
        self.surface.setdefault(s, written)


def analyse(
    text: str,
    *,
    vocabulary: Iterable[str] = (),
    weight: float = 1.0,
    into: Analysis | None = None,
    split: bool = True,
) -> Analysis:
    """Stems of the content words of `text`, and of the parts of its compounds.

    `vocabulary` are the words compounds are split into (besides the words of
    the text itself and the thesaurus).
    """
    result = into if into is not None else Analysis()
    found = content_words(text)
    if not split:
        for word in found:
            result.add(stem(word), weight, word)
        return result
    known = set(vocabulary) | set(found) | thesaurus().words
    cased: dict[str, str] = {}
    for written in WORD.findall((text or "").replace("-", " ")):
        cased.setdefault(written.lower(), written)
    for word in found:
        shown = cased.get(word, word)
        result.add(stem(word), weight, word)
        result.shown.setdefault(stem(word), shown)
        for part in split_compound(word, known):
            if part not in STOPWORDS:
                result.add(stem(part), weight * PART_WEIGHT, part)
                result.shown.setdefault(
                    stem(part), part.capitalize() if shown[:1].isupper() else part
                )
    return result


def expand(analysis: Analysis) -> Analysis:
    """Add the thesaurus' related terms to a query's analysis (in place)."""
    for s, (source, related) in thesaurus().related(set(analysis.weights)).items():
        analysis.add(s, THESAURUS_WEIGHT, related)
        analysis.related.setdefault(s, source)
        analysis.shown.setdefault(s, related)
    return analysis


def correct_typos(
    analysis: Analysis, known_stems: set[str] | frozenset[str], vocabulary: dict[str, str]
) -> Analysis:
    """A query word whose stem no indexed text has gets the nearest known word's stem.

    `vocabulary` maps known written words to their stems. Only words of five
    letters or more, and only close matches (rapidfuzz ratio ≥ 85), so that
    short words and names are not "corrected" into something else.
    """
    from rapidfuzz import fuzz, process

    if not vocabulary:
        return analysis
    choices = list(vocabulary)
    for s, written in list(analysis.surface.items()):
        if s in known_stems or len(written) < 5:
            continue
        match = process.extractOne(written, choices, scorer=fuzz.ratio, score_cutoff=85)
        if match is None:
            continue
        target = vocabulary[match[0]]
        if target != s:
            typed = analysis.shown.get(s, written)
            if target not in analysis.weights:
                analysis.typed[target] = typed
                analysis.shown[target] = match[0].capitalize() if typed[:1].isupper() else match[0]
            analysis.add(target, analysis.weights[s] * TYPO_WEIGHT, match[0])
    return analysis
