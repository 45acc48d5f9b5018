"""Measure the matching on the evaluation set (`make eval-matching`).

Prints hit rate@3, hit rate@10 and the mean reciprocal rank of the engine and
of a plain baseline (TF-IDF over Snowball stems). Everything the command
creates (real data if missing, demo and evaluation projects, index rows) is
rolled back at the end unless --keep is given.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exchange.matching.evaluation import (
    NEEDS_FILE,
    Baseline,
    engine_ranking,
    evaluate,
    load_needs,
    prepare_corpus,
)


class Command(BaseCommand):
    help = "Evaluate the matching: hit rate@3, hit rate@10 and MRR of the engine and a baseline."

    def add_arguments(self, parser):
        parser.add_argument("--set", default=str(NEEDS_FILE), help="The evaluation set (TOML).")
        parser.add_argument(
            "--distractors",
            type=int,
            default=0,
            help="Also generate this many demo projects as distractors.",
        )
        parser.add_argument("--verbose-ranks", action="store_true", help="List each need's rank.")
        parser.add_argument("--keep", action="store_true", help="Keep the created corpus.")

    def handle(self, *args, **options):
        path = Path(options["set"])
        if not path.is_file():
            raise CommandError(f"No evaluation set at {path}.")
        needs = load_needs(path)
        if not needs:
            raise CommandError(f"{path} holds no needs.")
        with transaction.atomic():
            prepare_corpus(self, distractors=options["distractors"])
            try:
                engine = evaluate(needs, engine_ranking)
                baseline = evaluate(needs, Baseline().rank)
            except ValueError as error:
                raise CommandError(str(error)) from error
            if not options["keep"]:
                transaction.set_rollback(True)
        self.stdout.write(f"\nMatching evaluation: {len(needs)} needs ({path.name})\n")
        self.stdout.write(f"{'':<10}{'hit@3':>8}{'hit@10':>8}{'MRR':>8}")
        for name, figures in (("engine", engine), ("baseline", baseline)):
            self.stdout.write(
                f"{name:<10}{figures.hit3:>8.3f}{figures.hit10:>8.3f}{figures.mrr:>8.3f}"
            )
        if options["verbose_ranks"]:
            self.stdout.write("")
            for need, mine, theirs in zip(needs, engine.ranks, baseline.ranks, strict=True):
                self.stdout.write(f"{mine or '-':>3} {theirs or '-':>3}  {need.title}")
