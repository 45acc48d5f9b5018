"""The free-text results of council agenda items, mapped to a deliberation's outcome.

Council information systems write results in their own words ("ungeändert
beschlossen", "mit Änderungen beschlossen", "empfohlen", "vertagt",
"abgelehnt"). What is not understood here maps to None: the wording is kept and
flagged for a person, never guessed.
"""

import re

from ..models import Deliberation

Outcome = Deliberation.Outcome

# Checked in this order: "nicht beschlossen" is a rejection, not an adoption.
_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"abgelehnt|nicht\s+(beschlossen|zugestimmt|empfohlen)|rejected"), "rejected"),
    (
        re.compile(
            r"vertagt|zurückgestellt|zurueckgestellt|abgesetzt|verwiesen|deferred|postponed"
        ),
        Outcome.DEFERRED,
    ),
    (re.compile(r"empfohlen|empfehlung|zur\s+kenntnis\s+empfohlen|recommended"), "recommended"),
    (re.compile(r"beschlossen|zugestimmt|angenommen|bestätigt|adopted|approved"), "adopted"),
]


def map_result(result: str, *, authoritative: bool | None) -> str | None:
    """The outcome for `result`, or None when there is no result or it is not understood.

    An adoption by a body whose decision does not count (`authoritative` is
    False, e.g. a committee that prepares the Kreistag's decision) is a
    recommendation.
    """
    text = " ".join((result or "").casefold().split())
    if not text:
        return None
    for pattern, outcome in _PATTERNS:
        if pattern.search(text):
            if outcome == "rejected":
                return Outcome.REJECTED
            if outcome == "recommended":
                return Outcome.RECOMMENDED
            if outcome == "adopted":
                return Outcome.RECOMMENDED if authoritative is False else Outcome.ADOPTED
            return outcome
    return None
