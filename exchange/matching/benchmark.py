"""Timing the matching of one need (issue #17: ≤ 50 ms p50 with constant queries).

Run on a database with the real data, generated projects and an index, e.g.:

    scripts/with-postgres sh -c '.venv/bin/python manage.py migrate -v0 &&
      .venv/bin/python manage.py createcachetable &&
      .venv/bin/python manage.py load_real_data &&
      DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo --projects 10000 &&
      .venv/bin/python manage.py shell -c "from exchange.matching.benchmark import main; main()"'

`measure()` refreshes the index, builds `needs` generated needs (duck-typed,
as exchange.Need), matches each query against every published project and
the needs, and returns the p50/p95 in milliseconds and the queries per call.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
from projects.demo import PLACES, TOPICS
from projects.models import FieldOfAction, Project

from .engine import Query, corpus, suggest_needs, suggest_projects
from .index import refresh

QUERIES = [
    ("Videosprechstunde für abgelegene Ortsteile", "Termine beim Amt ohne Anfahrt"),
    ("Starkregenvorsorge", "Keller standen unter Wasser, wir brauchen eine Vorwarnung"),
    ("Bürgerportal", "Anträge rund um die Uhr stellen, ohne Gang ins Rathaus"),
    ("Parkplatzsuche verringern", "Autofahrer sollen freie Plätze vorab sehen"),
    ("Ehrenamt stärken", "Vereine suchen Helfende für einzelne Aktionen"),
    ("Energieverbrauch der Schulen senken", "Heizkosten steigen, wir wissen nicht warum"),
    ("Warnung bei Unwetter", "Die Sirenen sind abgebaut"),
    ("Mitfahrgelegenheit zwischen Dörfern", "Ältere kommen nicht zum Einkaufen"),
]


@dataclass
class GeneratedNeed:
    pk: int
    title: str
    description: str
    partner: Partner
    fields_of_action: list = field(default_factory=list)

    @property
    def partner_id(self) -> int:
        return self.partner.pk


def generated_needs(count: int, seed: int = 17) -> list[GeneratedNeed]:
    # Test data, not security: a seeded generator keeps runs reproducible.
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    partners = list(Partner.objects.active())
    fields = list(FieldOfAction.objects.all())
    return [
        GeneratedNeed(
            pk=number,
            title=f"{rng.choice(TOPICS)[0]} {rng.choice(PLACES)}",
            description=f"Wir möchten {rng.choice(TOPICS)[1]}.",
            partner=rng.choice(partners),
            fields_of_action=rng.sample(fields, k=min(len(fields), 2)),
        )
        for number in range(count)
    ]


def measure(*, needs: int = 1000, runs: int = 40) -> dict:
    refresh()
    candidates = generated_needs(needs)
    partners = list(Partner.objects.active())
    fields = list(FieldOfAction.objects.all())
    started = time.perf_counter()
    corpus()  # the first read of the index per process (and after each change)
    load_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    suggest_needs(Query(title=QUERIES[0][0]), candidates)  # analyses every need once
    needs_cold_ms = (time.perf_counter() - started) * 1000
    timings, cpu, query_counts = [], [], set()
    for run in range(runs):
        title, text = QUERIES[run % len(QUERIES)]
        query = Query(
            title=title,
            text=text,
            partner=partners[run % len(partners)],
            fields=fields[run % len(fields) : run % len(fields) + 1],
        )
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            suggest_projects(query, limit=10)
            suggest_needs(query, candidates, limit=5)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        query_counts.add(len(captured))
    timings.sort()
    return {
        "projects": Project.objects.published().count(),
        "needs": needs,
        "runs": runs,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        # CPU time of this process: what the wall time is on a machine not shared.
        "p50_cpu_ms": round(statistics.median(cpu), 1),
        "index_load_ms": round(load_ms, 1),
        "needs_first_call_ms": round(needs_cold_ms, 1),
        "queries_per_match": sorted(query_counts),
    }


def main() -> None:
    print(measure())
