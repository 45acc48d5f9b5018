"""Rank published projects for a need without saving anything (issue #17).

    python manage.py match_need --title "…" --text "…" --partner <slug> [--field <slug> …] --json

Only the matching index is brought up to date first (projects created or
changed outside the model layer); nothing else is written.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from exchange.matching import Query, suggest_projects
from exchange.matching.index import refresh
from partners.models import Partner
from projects.models import FieldOfAction


class Command(BaseCommand):
    help = "Rank the published projects of other partners for a need (nothing is saved)."

    def add_arguments(self, parser):
        parser.add_argument("--title", required=True, help="The need's title.")
        parser.add_argument("--text", default="", help="The need's description.")
        parser.add_argument("--partner", required=True, help="Slug of the partner with the need.")
        parser.add_argument(
            "--field", action="append", default=[], help="Slug of a field of action (repeatable)."
        )
        parser.add_argument("--limit", type=int, default=10, help="How many projects (10).")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="Language of the reasons (de)."
        )
        parser.add_argument(
            "--rebuild-index",
            action="store_true",
            help="Rewrite every index row first (after raw SQL changes to partners or fields).",
        )

    def handle(self, *args, **options):
        if not options["title"].strip() and not options["text"].strip():
            raise CommandError("Give the need a title or a text.")
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        partner = Partner.objects.filter(slug=options["partner"]).first()
        if partner is None:
            raise CommandError(f"No partner with the slug {options['partner']!r}.")
        slugs = list(dict.fromkeys(options["field"]))
        fields = list(FieldOfAction.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {f.slug for f in fields})
        if unknown:
            raise CommandError(f"Unknown field(s) of action: {', '.join(unknown)}.")
        written, removed = refresh(rebuild=options["rebuild_index"])
        if written or removed:
            self.stderr.write(f"Matching index: {written} rows written, {removed} removed.")
        query = Query(title=options["title"], text=options["text"], partner=partner, fields=fields)
        with translation.override(options["language"]):
            suggestions = suggest_projects(query, limit=options["limit"])
            rows = [
                {"project": s.obj.slug, "score": s.score, "reasons": [str(r) for r in s.reasons]}
                for s in suggestions
            ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("No matching project.")
            return
        for rank, (row, suggestion) in enumerate(zip(rows, suggestions, strict=True), start=1):
            self.stdout.write(
                f"{rank:>2}. {row['score']:.3f}  {suggestion.obj.title} ({row['project']})"
            )
            for reason in row["reasons"]:
                self.stdout.write(f"      – {reason}")
