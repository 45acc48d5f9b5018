"""Does a new item match a saved search? German-aware words, then the chosen facets.

Every word of a search must occur in the item's title, summary or text, compared
by the same analysis as the marketplace's matching (`exchange.matching.text`):
Snowball stems, so word forms meet ("Bürgerservices" finds "Bürgerservice"), and
compound parts, so a search word meets a compound that contains it
("Sprechstunde" finds "Videosprechstunde") and a compound search word meets its
parts written apart ("Videosprechstunde" finds "Sprechstunde per Video").
The facets narrow: fields of action (any of the chosen), kinds of partner (the
lead partner's or the need's partner's), maturity and transfer direction (of a
project; a need has neither, so a search that asks for them finds no need).

`match_item()` compares one item with every alerting search in memory: two
queries read the searches and their fields of action, the rest is Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from projects.models import Project

from ..matching.text import analyse, content_words, split_compound, stem, thesaurus
from .models import SavedSearch, Targets


@dataclass(frozen=True)
class Item:
    """What a search is compared with: a project or a need, reduced to its facets."""

    kind: str  # "project" or "need"
    pk: int
    text: str
    field_ids: frozenset[int]
    partner_kind: str
    maturity: str = ""
    direction: str = ""


@dataclass(frozen=True)
class Criteria:
    """A saved search's criteria, as compared (read once per search)."""

    search_id: int
    targets: str
    words: tuple[str, ...]
    field_ids: frozenset[int]
    partner_kinds: frozenset[str]
    maturities: frozenset[str]
    direction: str


@lru_cache(maxsize=4096)
def search_words(text: str) -> tuple[str, ...]:
    """The content words of a search's text (stop words carry no topic and are left out)."""
    return tuple(dict.fromkeys(content_words(text)))


class ItemText:
    """The stems of an item's text, with the parts of its compounds."""

    def __init__(self, text: str, vocabulary: set[str]):
        self.text = text
        self.vocabulary = vocabulary
        self._stems: set[str] | None = None
        self._parts_vocabulary: set[str] = set()

    def _analyse(self) -> set[str]:
        """Analysed on the first word asked for: a search without words needs none."""
        if self._stems is None:
            # Compounds of the item are split over the search words too, so that a
            # search word finds the compound it is part of.
            self._stems = set(analyse(self.text, vocabulary=self.vocabulary).weights)
            self._parts_vocabulary = set(content_words(self.text)) | thesaurus().words
        return self._stems

    def has(self, word: str) -> bool:
        stems = self._analyse()
        if stem(word) in stems:
            return True
        parts = split_compound(word, self._parts_vocabulary)
        return len(parts) > 1 and all(stem(part) in stems for part in parts)


def matches(criteria: Criteria, item: Item, item_text: ItemText) -> bool:
    if not Targets(criteria.targets).includes(item.kind):
        return False
    if criteria.field_ids and not criteria.field_ids & item.field_ids:
        return False
    if criteria.partner_kinds and item.partner_kind not in criteria.partner_kinds:
        return False
    if criteria.maturities and item.maturity not in criteria.maturities:
        return False
    if criteria.direction and item.direction not in (
        criteria.direction,
        Project.TransferDirection.BOTH,
    ):
        return False
    return all(item_text.has(word) for word in criteria.words)


def alerting_criteria() -> list[Criteria]:
    """Every search that wants alerts, of active accounts: two queries."""
    rows = list(
        SavedSearch.objects.alerting().values_list(
            "pk", "targets", "words", "partner_kinds", "maturities", "direction"
        )
    )
    fields: dict[int, set[int]] = {}
    through = SavedSearch.fields_of_action.through
    for search_id, field_id in through.objects.filter(
        savedsearch__in=SavedSearch.objects.alerting()
    ).values_list("savedsearch_id", "fieldofaction_id"):
        fields.setdefault(search_id, set()).add(field_id)
    return [
        Criteria(
            search_id=pk,
            targets=targets,
            words=search_words(words),
            field_ids=frozenset(fields.get(pk, ())),
            partner_kinds=frozenset(kinds or ()),
            maturities=frozenset(maturities or ()),
            direction=direction,
        )
        for pk, targets, words, kinds, maturities, direction in rows
    ]


def match_item(item: Item, criteria: list[Criteria] | None = None) -> list[int]:
    """The ids of the alerting searches that `item` matches."""
    if criteria is None:
        criteria = alerting_criteria()
    item_text = ItemText(item.text, {word for one in criteria for word in one.words})
    return [one.search_id for one in criteria if matches(one, item, item_text)]
