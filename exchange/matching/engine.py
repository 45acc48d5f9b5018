"""Ranking projects, needs and experts for a need (issue #17, scope 2).

Projects are ranked from the index (ProjectMatchEntry), read once per process
into memory and read again only when the index changed (one small query per
call tells). The text score is BM25 over the query's stems, the stems of its
compound parts, thesaurus terms and typo corrections; shared fields of
action, a proven maturity and an adoption by a partner of the same kind add
to it. Every suggestion carries its reasons as short translated sentences.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.models import Partner
from projects.models import FieldOfAction, Project

from ..directions import area_of, direction
from .models import ProjectMatchEntry, current_generation
from .text import (
    PART_WEIGHT,
    Analysis,
    analyse,
    correct_typos,
    expand,
    split_compound,
    stem,
    thesaurus,
)

K1, B = 1.2, 0.75
TEXT_SHARE = 0.7
FIELD_BONUS = 0.15
ADOPTION_BONUS = 0.05
MATURITY_BONUS = {
    Project.Maturity.TRANSFERRED: 0.1,
    Project.Maturity.REGULAR_OPERATION: 0.08,
    Project.Maturity.PILOT: 0.05,
    Project.Maturity.CONCEPT: 0.01,
}
FIELD_ONLY_MAX = FIELD_BONUS + max(MATURITY_BONUS.values()) + ADOPTION_BONUS
MAX_TERMS_NAMED = 5
# A query is cut here: a need's description is a few paragraphs, not a book.
MAX_QUERY_CHARS = 20_000


@dataclass
class Query:
    """What is matched: a need's title and text, its partner and fields of action."""

    title: str
    text: str = ""
    partner: Partner | None = None
    fields: Sequence[FieldOfAction] = ()


@dataclass
class Suggestion:
    obj: Any
    kind: str  # "project", "need" or "expert"
    score: float
    reasons: list[str] = field(default_factory=list)


# --- The projects' corpus in memory -------------------------------------------------

# Between full reads the postings keep the BM25 length normalisation by the average
# document length of the last full read; once the average has moved by more than
# this share, the next change reads the index in full again.
AVGDL_TOLERANCE = 0.02
ROW_COLUMNS = (
    "project_id",
    "terms",
    "field_ids",
    "partner_ids",
    "lead_partner_id",
    "adopter_ids",
    "maturity",
    "indexed_at",
)


@dataclass
class Corpus:
    """The index in memory. A document keeps its slot (`index`) while the corpus is
    updated; a removed document's slot is empty (`ids[index]` is None). A corpus is
    never changed once a reader may hold it: an update builds the next one."""

    token: int
    ids: list[int | None]
    # stem → {document index: BM25 weight of the term in the document (without idf)}
    postings: dict[str, dict[int, float]]
    fields: list[frozenset[int]]
    by_field: dict[int, set[int]]
    by_partner: dict[int, set[int]]
    leads: list[int | None]
    adopters: list[tuple[int, ...]]
    maturity: list[str]
    vocabulary: dict[str, str]  # written word → stem
    words: frozenset[str]
    kinds: dict[int, str]  # partner id → kind
    field_names: dict[int, FieldOfAction]
    # What an update needs: where each project stands, the row it was read from,
    # each document's stems, written words, partners and length, and the average
    # length the postings are normalised by.
    slots: dict[int, int] = field(default_factory=dict)
    stamps: dict[int, Any] = field(default_factory=dict)  # project id → indexed_at
    doc_stems: list[tuple[str, ...]] = field(default_factory=list)
    doc_words: list[tuple[str, ...]] = field(default_factory=list)
    doc_partners: list[tuple[int, ...]] = field(default_factory=list)
    lengths: list[float] = field(default_factory=list)
    total_length: float = 0.0
    avgdl: float = 1.0
    word_counts: dict[str, int] = field(default_factory=dict)  # written word → documents
    queries: dict[tuple[str, str], Analysis] = field(default_factory=dict)
    # The inner containers this corpus made itself (the others it shares with the
    # corpus it was updated from, and copies before it changes them).
    owned: set = field(default_factory=set)
    owns_all: bool = False

    @property
    def size(self) -> int:
        return len(self.slots)

    def idf(self, s: str) -> float:
        """BM25's idf of a stem over the documents now in the corpus."""
        df = len(self.postings.get(s, ()))
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def analysis(self, query: Query) -> Analysis:
        """The query's analysis against this corpus (kept for the next suggest_* call)."""
        key = ((query.title or "")[:MAX_QUERY_CHARS], (query.text or "")[:MAX_QUERY_CHARS])
        found = self.queries.get(key)
        if found is None:
            if len(self.queries) > 256:
                self.queries.clear()
            found = self.queries[key] = analyse_query(
                query, words=self.words, vocabulary=self.vocabulary
            )
        return found

    def _own(self, kind: str, key, table: dict, make):
        """`table[key]`, copied first if this corpus shares it with an older one."""
        if self.owns_all or (kind, key) in self.owned:
            found = table.get(key)
            if found is None:
                found = table[key] = make()
            return found
        self.owned.add((kind, key))
        found = table.get(key)
        table[key] = copy = make() if found is None else found.copy()
        return copy


_corpus: Corpus | None = None
_lock = threading.Lock()
# Compound splits of the corpus' words, kept across reloads (a word splits the
# same way unless the vocabulary grew by one of its parts).
_splits: dict[str, tuple[str, ...]] = {}
# How often the corpus was read in full or updated (tests, the benchmark).
loads = {"full": 0, "incremental": 0}


def corpus() -> Corpus:
    """The index in memory, brought up to date when it changed (one query when it did not).

    A process reads the index in full once; after a change it reads only the rows
    written since (`_update`), unless the lengths drifted too far.
    """
    global _corpus
    token = current_generation()
    current = _corpus
    if current is not None and current.token == token:
        return current
    with _lock:
        if _corpus is not None and _corpus.token == token:
            return _corpus
        updated = _update(_corpus, token) if _corpus is not None else None
        _corpus = updated if updated is not None else _load(token)
        return _corpus


def _parts(written: str, words: frozenset[str]) -> tuple[str, ...]:
    parts = _splits.get(written)
    if parts is None:
        parts = _splits[written] = tuple(split_compound(written, words))
    return parts


def _raw_terms(terms: dict, words: frozenset[str]) -> dict[str, float]:
    """A row's term frequencies, with the stems of its compounds' parts."""
    tf: dict[str, float] = {}
    for s, (weight, written) in terms.items():
        tf[s] = tf.get(s, 0.0) + weight
        for part in _parts(written, words):
            part_stem = stem(part)
            if part_stem not in terms:
                tf[part_stem] = tf.get(part_stem, 0.0) + weight * PART_WEIGHT
    return tf


def _names(data: Corpus) -> None:
    # Read with the index: a partner's kind or a field's name changing raises
    # the generation too (exchange/signals.py).
    data.kinds = dict(Partner.objects.order_by().values_list("pk", "kind"))
    data.field_names = FieldOfAction.objects.in_bulk()


def _count_words(data: Corpus, written_words: Iterable[tuple[str, str]], step: int) -> None:
    counts, vocabulary = data.word_counts, data.vocabulary
    for written, s in written_words:
        count = counts.get(written, 0) + step
        if count > 0:
            counts[written] = count
            vocabulary.setdefault(written, s)
        else:
            counts.pop(written, None)
            vocabulary.pop(written, None)


def _add(data: Corpus, row: tuple, tf: dict[str, float]) -> None:
    pk, terms, field_ids, partner_ids, lead, adopter_ids, phase, stamp = row
    index = len(data.ids)
    data.ids.append(pk)
    data.slots[pk] = index
    data.stamps[pk] = stamp
    data.fields.append(frozenset(field_ids))
    for field_id in field_ids:
        data._own("field", field_id, data.by_field, set).add(index)
    for partner_id in partner_ids:
        data._own("partner", partner_id, data.by_partner, set).add(index)
    data.doc_partners.append(tuple(partner_ids))
    data.leads.append(lead)
    data.adopters.append(tuple(adopter_ids))
    data.maturity.append(phase)
    length = sum(tf.values()) or 1.0
    data.lengths.append(length)
    data.total_length += length
    data.doc_stems.append(tuple(tf))
    data.doc_words.append(tuple(written for _weight, written in terms.values()))
    norm = K1 * (1 - B + B * length / data.avgdl)
    if data.owns_all:  # the full read: no call per posting
        postings = data.postings
        for s, value in tf.items():
            posting = postings.get(s)
            if posting is None:
                posting = postings[s] = {}
            posting[index] = value * (K1 + 1) / (value + norm)
        return
    for s, value in tf.items():
        data._own("stem", s, data.postings, dict)[index] = value * (K1 + 1) / (value + norm)


def _remove(data: Corpus, pk: int) -> None:
    index = data.slots.pop(pk)
    data.stamps.pop(pk, None)
    data.ids[index] = None
    for s in data.doc_stems[index]:
        posting = data._own("stem", s, data.postings, dict)
        posting.pop(index, None)
        if not posting:
            del data.postings[s]
    for field_id in data.fields[index]:
        data._own("field", field_id, data.by_field, set).discard(index)
    for partner_id in data.doc_partners[index]:
        data._own("partner", partner_id, data.by_partner, set).discard(index)
    _count_words(data, ((written, "") for written in data.doc_words[index]), -1)
    data.total_length -= data.lengths[index]
    data.doc_stems[index] = data.doc_words[index] = data.doc_partners[index] = ()
    data.fields[index] = frozenset()
    data.adopters[index] = ()
    data.lengths[index] = 0.0


def _load(token: int) -> Corpus:
    """The whole index, read in one go."""
    loads["full"] += 1
    rows = list(ProjectMatchEntry.objects.order_by("pk").values_list(*ROW_COLUMNS))
    data = Corpus(
        token=token, ids=[], postings={}, fields=[], by_field={}, by_partner={}, leads=[],
        adopters=[], maturity=[], vocabulary={}, words=frozenset(), kinds={}, field_names={},
        owns_all=True,
    )  # fmt: skip
    _names(data)
    for row in rows:
        _count_words(data, ((written, s) for s, (_w, written) in row[1].items()), +1)
    data.words = frozenset(data.vocabulary) | thesaurus().words
    tfs = [_raw_terms(row[1], data.words) for row in rows]
    lengths = [sum(tf.values()) or 1.0 for tf in tfs]
    data.avgdl = (sum(lengths) / len(lengths)) if lengths else 1.0
    for row, tf in zip(rows, tfs, strict=True):
        _add(data, row, tf)
    data.owns_all = False  # from here on, an update copies what it changes
    return data


def _update(old: Corpus, token: int) -> Corpus | None:
    """The next corpus, from `old` and only the rows written since it was read.

    Which rows changed is told by each row's `indexed_at` (every write sets it),
    compared for all rows in one narrow query: unlike a "since" timestamp, this also
    sees a transaction that committed late. `old` stays as it is (a reader may be
    using it); the new corpus shares what did not change. None when a full read is
    due instead: the average document length moved by more than the tolerance.
    """
    stamps = dict(ProjectMatchEntry.objects.order_by().values_list("project_id", "indexed_at"))
    gone = [pk for pk in old.slots if pk not in stamps]
    changed = [pk for pk, stamp in stamps.items() if old.stamps.get(pk) != stamp]
    rows = list(
        ProjectMatchEntry.objects.filter(pk__in=changed).order_by("pk").values_list(*ROW_COLUMNS)
    )
    data = replace(
        old,
        token=token,
        ids=old.ids.copy(),
        postings=old.postings.copy(),
        fields=old.fields.copy(),
        by_field=old.by_field.copy(),
        by_partner=old.by_partner.copy(),
        leads=old.leads.copy(),
        adopters=old.adopters.copy(),
        maturity=old.maturity.copy(),
        vocabulary=old.vocabulary.copy(),
        slots=old.slots.copy(),
        stamps=old.stamps.copy(),
        doc_stems=old.doc_stems.copy(),
        doc_words=old.doc_words.copy(),
        doc_partners=old.doc_partners.copy(),
        lengths=old.lengths.copy(),
        word_counts=old.word_counts.copy(),
        queries={},
        owned=set(),
        owns_all=False,
    )
    _names(data)
    for pk in gone:
        _remove(data, pk)
    for row in rows:
        if row[0] in data.slots:
            _remove(data, row[0])
    # The vocabulary follows the documents; the new rows are split against it, as a
    # full read splits every row against the vocabulary of all.
    for row in rows:
        _count_words(data, ((written, s) for s, (_w, written) in row[1].items()), +1)
    data.words = frozenset(data.vocabulary) | thesaurus().words
    for row in rows:
        _add(data, row, _raw_terms(row[1], data.words))
    average = (data.total_length / data.size) if data.size else 1.0
    if abs(average - data.avgdl) > AVGDL_TOLERANCE * data.avgdl:
        return None
    data.owned = set()  # the next update copies again what it changes
    loads["incremental"] += 1
    return data


def forget_corpus() -> None:
    """Drop the in-memory corpus (tests; the generation check makes this unnecessary otherwise)."""
    global _corpus
    _corpus = None
    _splits.clear()
    _small.clear()


# --- The query ----------------------------------------------------------------------


def analyse_query(
    query: Query, *, words: Iterable[str] = (), vocabulary: dict[str, str] | None = None
) -> Analysis:
    """The query's stems: title words count double; compounds, typos and thesaurus added."""
    title = (query.title or "")[:MAX_QUERY_CHARS]
    text = (query.text or "")[:MAX_QUERY_CHARS]
    analysis = analyse(title, vocabulary=words, weight=2.0)
    analyse(text, vocabulary=words, weight=1.0, into=analysis)
    if vocabulary:
        correct_typos(analysis, frozenset(vocabulary.values()), vocabulary)
    expand(analysis)
    # A word said many times is still one wish.
    for s, weight in analysis.weights.items():
        analysis.weights[s] = min(weight, 3.0)
    return analysis


def _terms_reason(analysis: Analysis, matched: Iterable[str]) -> str | None:
    """ "Matching terms: Videosprechstunde, Telemedizin (related to Sprechstunde)"."""
    named: list[str] = []
    seen: set[str] = set()
    ranked = sorted(matched, key=lambda s: -analysis.weights.get(s, 0))
    for s in ranked:
        written = analysis.shown.get(s) or analysis.surface.get(s, s)
        label = written
        if s in analysis.typed:
            label = _("%(term)s (for %(typed)s)") % {"term": written, "typed": analysis.typed[s]}
        elif s in analysis.related:
            label = _("%(term)s (related to %(source)s)") % {
                "term": written,
                "source": analysis.related[s],
            }
        if label.lower() in seen:
            continue
        seen.add(label.lower())
        named.append(label)
        if len(named) == MAX_TERMS_NAMED:
            break
    if not named:
        return None
    return ngettext("Matching term: %(terms)s.", "Matching terms: %(terms)s.", len(named)) % {
        "terms": ", ".join(named)
    }


def _fields_reason(shared: Iterable[int], names: dict[int, FieldOfAction]) -> str | None:
    labels = [names[pk].display_name for pk in shared if pk in names]
    if not labels:
        return None
    return ngettext(
        "Shared field of action: %(fields)s.", "Shared fields of action: %(fields)s.", len(labels)
    ) % {"fields": ", ".join(sorted(labels))}


def _maturity_reason(phase: str) -> str | None:
    texts = {
        Project.Maturity.TRANSFERRED: _("Proven: already transferred to another partner."),
        Project.Maturity.REGULAR_OPERATION: _("Proven: in regular operation."),
        Project.Maturity.PILOT: _("Tried out: running as a pilot."),
        Project.Maturity.CONCEPT: _("Worked out as a concept."),
    }
    return texts.get(phase)


def _direction_reason(from_kind: str | None, to_kind: str | None) -> str | None:
    way = direction(from_kind, to_kind)
    if way == Project.TransferDirection.URBAN_TO_RURAL:
        return _("Transfer urban → rural: a town's solution for a rural partner.")
    if way == Project.TransferDirection.RURAL_TO_URBAN:
        return _("Transfer rural → urban: a rural partner's solution for a town.")
    return None


def _adoption_reason(adopter_kinds: Iterable[str], kind: str | None) -> tuple[float, str | None]:
    kinds = list(adopter_kinds)
    if kind and kind in kinds:
        label = Partner.Kind(kind).label
        return ADOPTION_BONUS, _("Already adopted by a partner of the same kind (%(kind)s).") % {
            "kind": label
        }
    area = area_of(kind)
    if area and any(area_of(k) == area for k in kinds):
        return ADOPTION_BONUS / 2, _("Already adopted by a partner of a similar kind.")
    if kinds:
        return ADOPTION_BONUS / 4, _("Already adopted by another partner.")
    return 0.0, None


def _bm25(
    analysis: Analysis,
    postings: dict[str, dict[int, float]],
    lengths: Sequence[float],
    avgdl: float,
    idf,
) -> dict[int, float]:
    scores: dict[int, float] = {}
    for s, weight in analysis.weights.items():
        posting = postings.get(s)
        if not posting:
            continue
        factor = weight * idf(s)
        for index, tf in posting.items():
            norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[index] / avgdl))
            scores[index] = scores.get(index, 0.0) + factor * norm
    return scores


# --- Projects -----------------------------------------------------------------------


def suggest_projects(query: Query, limit: int = 10) -> list[Suggestion]:
    """Published projects of other partners that could meet the need, best first.

    Two queries: the index generation and the suggested projects (plus, when
    the index changed since this process read it, the index, the partners'
    kinds and the fields of action).
    """
    data = corpus()
    if not data.size or limit <= 0:
        return []
    analysis = data.analysis(query)
    own = query.partner.pk if query.partner is not None else None
    query_fields = frozenset(f.pk for f in query.fields)
    text: dict[int, float] = {}
    get = text.get
    for s, weight in analysis.weights.items():
        posting = data.postings.get(s)
        if posting:
            factor = weight * data.idf(s)
            for i, value in posting.items():
                text[i] = get(i, 0.0) + factor * value
    excluded = set(data.by_partner.get(own, ())) if own is not None else set()
    kinds = data.kinds
    need_kind = query.partner.kind if query.partner is not None else None
    best = max((v for i, v in text.items() if i not in excluded), default=0.0) or 1.0
    share = TEXT_SHARE / best

    def score_of(index: int, raw: float) -> float:
        score = share * raw + MATURITY_BONUS.get(data.maturity[index], 0.0)
        if query_fields:
            shared = data.fields[index] & query_fields
            if shared:
                score += FIELD_BONUS * len(shared) / len(query_fields)
        if data.adopters[index]:
            kinds_of = (kinds.get(pk) for pk in data.adopters[index])
            score += _adoption_reason(kinds_of, need_kind)[0]
        return score

    scored = [
        (score_of(index, raw), -data.ids[index], index)
        for index, raw in text.items()
        if index not in excluded
    ]
    # The projects of the need's fields are candidates even without a shared
    # word; one without any can score at most FIELD_ONLY_MAX, so they are only
    # looked at when fewer than `limit` projects score more.
    if query_fields:
        threshold = heapq.nlargest(limit, scored)[-1][0] if len(scored) >= limit else -1.0
        if threshold < FIELD_ONLY_MAX:
            seen = set(text) | excluded
            for field_id in query_fields:
                for index in data.by_field.get(field_id, ()):
                    if index not in seen:
                        seen.add(index)
                        scored.append((score_of(index, 0.0), -data.ids[index], index))
    if not scored:
        return []
    top = heapq.nlargest(limit, scored)
    # Published ones only, even if the index is behind (a write outside the ORM).
    projects = (
        Project.objects.published()
        .select_related("lead_partner")
        .in_bulk([data.ids[index] for _score, _neg, index in top])
    )
    names = data.field_names
    suggestions = []
    for score, _neg, index in top:
        project = projects.get(data.ids[index])
        if project is None:  # deleted or withdrawn since the index was read
            continue
        matched = [s for s in analysis.weights if index in data.postings.get(s, ())]
        reasons = [
            _fields_reason(sorted(data.fields[index] & query_fields), names),
            _terms_reason(analysis, matched),
            _maturity_reason(data.maturity[index]),
            _adoption_reason((kinds.get(pk) for pk in data.adopters[index]), need_kind)[1],
            _direction_reason(kinds.get(data.leads[index]), need_kind),
        ]
        suggestions.append(
            Suggestion(
                obj=project,
                kind="project",
                score=round(score, 4),
                reasons=[r for r in reasons if r],
            )
        )
    return suggestions


def has_project_suggestion(query: Query) -> bool:
    """Whether `suggest_projects(query)` suggests anything: some indexed project of another
    partner shares a term or a field of action with the need. No ranking and no query
    beyond the index generation; the office's list of needs without a suggestion (where
    the network has a gap, exchange/gaps.py) asks this for every open need."""
    data = corpus()
    if not data.size:
        return False
    own = query.partner.pk if query.partner is not None else None
    excluded = set(data.by_partner.get(own, ())) if own is not None else set()
    for field_id in {f.pk for f in query.fields}:
        if any(index not in excluded for index in data.by_field.get(field_id, ())):
            return True
    for s in data.analysis(query).weights:
        posting = data.postings.get(s)
        if posting and (not excluded or any(index not in excluded for index in posting)):
            return True
    return False


# --- Needs and experts (small candidate sets, analysed on the fly, memoised) --------


# The last few candidate sets (the open needs, the listed experts) as small
# indexes, so that matching the next need does not analyse them again.
_small: OrderedDict[tuple, tuple] = OrderedDict()


def _small_index(texts: tuple[str, ...], words: frozenset[str]) -> tuple:
    key = (texts, id(words))
    found = _small.get(key)
    if found is not None:
        _small.move_to_end(key)
        return found
    postings: dict[str, dict[int, float]] = {}
    lengths: list[float] = []
    for index, text in enumerate(texts):
        total = 0.0
        for s, weight, _written in _analysed(text[:MAX_QUERY_CHARS], words):
            postings.setdefault(s, {})[index] = weight
            total += weight
        lengths.append(total or 1.0)
    avgdl = (sum(lengths) / len(lengths)) if lengths else 1.0
    n = len(texts)
    idf = {s: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for s, p in postings.items()}
    found = _small[key] = (postings, lengths, avgdl, idf.__getitem__)
    while len(_small) > 8:
        _small.popitem(last=False)
    return found


@lru_cache(maxsize=20_000)
def _analysed(text: str, words: frozenset[str]) -> tuple[tuple[str, float, str], ...]:
    analysis = analyse(text, vocabulary=words)
    return tuple((s, w, analysis.surface[s]) for s, w in analysis.weights.items())


def _field_ids(obj) -> frozenset[int]:
    value = getattr(obj, "fields_of_action", ())
    items = value.all() if hasattr(value, "all") else value
    return frozenset(getattr(item, "pk", item) for item in items)


def _rank_small(
    query: Query,
    candidates: list,
    texts: list[str],
    limit: int,
    kind: str,
    extra_reasons=None,
    by_field: bool = False,
) -> list[Suggestion]:
    """BM25 over a small candidate set; with `by_field`, candidates of the query's
    fields of action count even without a word in common."""
    data = corpus()
    analysis = data.analysis(query)
    postings, lengths, avgdl, idf = _small_index(tuple(texts), data.words)
    text = _bm25(analysis, postings, lengths, avgdl, idf)
    query_fields = frozenset(f.pk for f in query.fields)
    fields: dict[int, frozenset[int]] = {}
    if query_fields:
        pool = range(len(candidates)) if by_field else list(text)
        fields = {index: _field_ids(candidates[index]) for index in pool}
        if by_field:
            for index, ids in fields.items():
                if ids & query_fields:
                    text.setdefault(index, 0.0)
    if not text:
        return []
    best = max(text.values()) or 1.0
    names = data.field_names
    scored = []
    for index, raw in text.items():
        score = TEXT_SHARE * raw / best
        shared = fields.get(index, frozenset()) & query_fields
        if shared:
            score += FIELD_BONUS * len(shared) / len(query_fields)
        scored.append((score, -index))
    result = []
    for score, neg in heapq.nlargest(limit, scored):
        index = -neg
        obj = candidates[index]
        matched = [s for s in analysis.weights if index in postings.get(s, ())]
        reasons = [
            _fields_reason(sorted(fields.get(index, frozenset()) & query_fields), names),
            _terms_reason(analysis, matched),
            *(extra_reasons(obj) if extra_reasons else ()),
        ]
        result.append(
            Suggestion(obj=obj, kind=kind, score=round(score, 4), reasons=[r for r in reasons if r])
        )
    return result


def suggest_needs(query: Query, candidates: Iterable, limit: int = 5) -> list[Suggestion]:
    """Other partners' needs that are the same ("Wir haben diesen Bedarf auch").

    `candidates` are objects with `title`, `description`, `partner` and
    `fields_of_action` (a list or a prefetched manager), e.g. the open needs;
    those of the query's own partner are left out. No query per candidate when
    partners and fields are fetched with them.
    """
    own = query.partner.pk if query.partner is not None else None
    items = [c for c in candidates if own is None or getattr(c, "partner_id", None) != own]
    if not items:
        return []
    texts = [f"{c.title}\n{c.title}\n{getattr(c, 'description', '')}" for c in items]
    need_kind = query.partner.kind if query.partner is not None else None

    def reasons(obj) -> list[str | None]:
        partner = getattr(obj, "partner", None)
        kind = getattr(partner, "kind", None)
        same = (
            _("Stated by a partner of the same kind (%(kind)s).")
            % {"kind": Partner.Kind(kind).label}
            if kind and kind == need_kind
            else None
        )
        return [same]

    return _rank_small(query, items, texts, limit, "need", reasons)


def expert_candidates(*, public: bool = False):
    """The experts who consented to be listed (community.Expert), without importing community.

    The experts' model declares its fields of action on FieldOfAction
    (`experts`); its queryset knows who consented: `listed_internally()` (the
    internal directory, seen by partner staff) or `listed_publicly()`.
    """
    try:
        model = FieldOfAction._meta.get_field("experts").related_model
    except Exception:  # the community app is not installed
        return []
    manager = model._default_manager
    listed = manager.listed_publicly() if public else manager.listed_internally()
    return listed.prefetch_related("fields_of_action")


def suggest_experts(query: Query, limit: int = 5, *, public: bool = False) -> list[Suggestion]:
    """Experts of the need's fields and words who consented to be listed.

    There is no separate consent "to be suggested": the consent to the
    internal directory (or, on a public page, to the public list) is used.
    """
    experts = list(expert_candidates(public=public))
    if not experts:
        return []
    texts = [f"{e.expertise}\n{e.expertise}\n{e.profile}\n{e.organisation}" for e in experts]
    return _rank_small(query, experts, texts, limit, "expert", by_field=True)


__all__ = [
    "Query",
    "Suggestion",
    "has_project_suggestion",
    "suggest_experts",
    "suggest_needs",
    "suggest_projects",
]
