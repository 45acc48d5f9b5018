"""Matching a need to projects, needs and experts (issue #17, scope 2).

Public API: `Query`, `Suggestion`, `suggest_projects`, `has_project_suggestion`, `suggest_needs`,
`suggest_experts`; the index is kept by `exchange.matching.index`.
"""

from .engine import (
    Query,
    Suggestion,
    has_project_suggestion,
    suggest_experts,
    suggest_needs,
    suggest_projects,
)

__all__ = [
    "Query",
    "Suggestion",
    "has_project_suggestion",
    "suggest_experts",
    "suggest_needs",
    "suggest_projects",
]
