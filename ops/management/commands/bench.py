"""`make bench`: build a large data set in a throwaway PostgreSQL and measure every page.

Run it through `scripts/bench` (what `make bench` does), which starts the
throwaway PostgreSQL cluster and Redis, collects the static files and sets the
production-like environment. The command refuses any database that
scripts/with-postgres did not create for it.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from core.pagecache import bump_generation
from ops import bench_data as data
from ops import bench_measure as measure
from ops.bench_measure import ADMIN, API_LIST, CATALOGUE, DETAIL, EXPORT, OTHER, SHOWCASE, Page, Row
from projects.filters import filter_ignoring_invalid
from projects.models import FieldOfAction, Participation, Project
from projects.views.public import showcase_queryset


def _detail_url() -> str:
    project = (
        Project.objects.published()
        .filter(participations__role=Participation.Role.PARTNER)
        .order_by("-published_at")
        .first()
    )
    if project is None:
        raise LookupError("no published project")
    return project.get_absolute_url()


def _field_slug() -> str:
    return FieldOfAction.objects.order_by("position").values_list("slug", flat=True)[1]


def _api_second_page() -> str:
    response = Client().get("/api/v1/projects/")
    if response.status_code != 200 or not response.json().get("next"):
        raise LookupError("no second page of /api/v1/projects/")
    return response.json()["next"].removeprefix("http://testserver")


def pages() -> list[Page]:
    return [
        Page("home", "/", "core", OTHER),
        Page("showcase", "/projekte/", "projects", SHOWCASE),
        Page(
            "showcase, three filters",
            lambda: f"/projekte/?handlungsfeld={_field_slug()}&status=implementation&art=existing",
            "projects",
            SHOWCASE,
        ),
        Page("showcase, full text", "/projekte/?q=Telemedizin", "projects", SHOWCASE),
        Page("showcase, page 50", "/projekte/?page=50", "projects", SHOWCASE),
        Page("project detail", _detail_url, "projects", DETAIL),
        Page("partner page", "/partner/landeshauptstadt-potsdam/", "partners", OTHER),
        Page("/absichtserklaerung/", "/absichtserklaerung/", "loi", OTHER),
        Page("/termine/", "/termine/", "community", OTHER),
        Page(
            "/termine.ics",
            "/termine.ics",
            "community",
            OTHER,
            note="answered from the feed cache; a cold build is the next row",
        ),
        Page(
            "/termine.ics, cold build",
            "/termine.ics",
            "community",
            OTHER,
            n=20,
            before=bump_generation,
            note=(
                "first request after a content change (generation replaced before each; "
                "unchanged VEVENTs come from the process's memo)"
            ),
        ),
        Page("/projekte/export.json", "/projekte/export.json", "projects", EXPORT, n=5),
        Page(
            "/opendata/katalog.ttl",
            "/opendata/katalog.ttl",
            "insights",
            CATALOGUE,
            note="answered from the catalogue cache (page cache off)",
        ),
        Page(
            "/opendata/katalog.ttl, cold build",
            "/opendata/katalog.ttl",
            "insights",
            CATALOGUE,
            n=20,
            before=bump_generation,
            note="first request after a content change (generation replaced before each)",
        ),
        Page("/opendata/katalog.jsonld", "/opendata/katalog.jsonld", "insights", CATALOGUE),
        Page("API projects list", "/api/v1/projects/", "insights", API_LIST),
        Page(
            "API projects list, three filters",
            lambda: (
                f"/api/v1/projects/?handlungsfeld={_field_slug()}&status=implementation"
                "&art=existing"
            ),
            "insights",
            API_LIST,
        ),
        Page("API projects list, page 2 (cursor)", _api_second_page, "insights", API_LIST),
        Page("API events list", "/api/v1/events/", "insights", API_LIST),
        Page("/intern/ (partner editor)", "/intern/", "core", OTHER, user="editor"),
        Page(
            "admin project list (office)",
            "/admin/projects/project/",
            "projects",
            ADMIN,
            user="office",
        ),
    ]


class Command(BaseCommand):
    help = "Benchmark every page on a large data set (run it with `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000)
        parser.add_argument(
            "--small", type=int, default=100, help="size for the query-count comparison"
        )
        parser.add_argument("--partners", type=int, default=200)
        parser.add_argument("--staff", type=int, default=500)
        parser.add_argument("--events", type=int, default=2_000)
        parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
        parser.add_argument("--no-http", action="store_true", help="skip the gunicorn/wrk part")
        parser.add_argument("--json", default="bench-results.json")
        parser.add_argument(
            "--probe-export",
            choices=["json", "csv"],
            help="internal: one export in this process; prints its time and peak RSS as JSON",
        )

    def handle(self, *args, **options):
        if options["probe_export"]:
            self.stdout.write(json.dumps(measure.probe_export(options["probe_export"])))
            return
        if connection.vendor != "postgresql" or not os.environ.get("PGDATA_DIR"):
            raise CommandError(
                "The benchmark fills a database with generated data; it only runs in the "
                "throwaway PostgreSQL of scripts/with-postgres. Use `make bench`."
            )
        started = time.monotonic()
        # The benchmark's few clients would soon hit the API's rate limit per client;
        # it measures the answers, so the limit is lifted for this process.
        override_settings(
            API_RATE_LIMIT_PER_MINUTE=10**9, API_TOKEN_RATE_LIMIT_PER_MINUTE=10**9
        ).enable()
        # No setup_test_environment(): its template instrumentation would slow every page.
        self.step("Preparing the database (migrate, real data)")
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_real_data", stdout=self.stdout)

        self.step(f"Small data set: {options['small']} projects and the other content")
        data.grow_projects(self.stdout, options["small"])
        data.grow_partners(self.stdout, options["partners"])
        staff = data.grow_staff(self.stdout, options["staff"])
        events = data.grow_events(self.stdout, options["events"])
        deliberations = data.add_deliberations(self.stdout)
        editor, office = data.personas()
        data.analyze()
        clients = self.clients(editor, office)
        small_counts = {page.name: measure.query_count(page, clients) for page in pages()}

        sizes = (1_000, options["projects"])
        exports_small: dict[str, dict] = {}
        if options["projects"] > 1_000:
            self.step("1,000 projects: export memory")
            data.grow_projects(self.stdout, 1_000)
            data.analyze()
            exports_small = {fmt: measure.run_export_probe(fmt) for fmt in ("json", "csv")}

        self.step(f"{options['projects']:,} projects")
        total = data.grow_projects(self.stdout, options["projects"])
        data.analyze()
        exports_large = {fmt: measure.run_export_probe(fmt) for fmt in ("json", "csv")}
        if not exports_small:
            exports_small, sizes = exports_large, (total, total)

        self.step("In-process (Django test client, warm)")
        rows: list[Row] = []
        for page in pages():
            n = min(page.n, options["requests"]) if page.n < 200 else options["requests"]
            row = measure.measure_page(page, clients, n=n)
            small = small_counts.get(page.name)
            if row.queries is not None:
                row.extra["queries_small"] = small
                # The exports stream in chunks of 500 projects, two queries each, by design.
                if small != row.queries and page.budget is not EXPORT:
                    row.result = "over"
                    row.note += f" (queries {small} at {options['small']} projects)"
            self.stdout.write(f"  {page.name}: {self.brief(row)}")
            rows.append(row)
        rows.append(measure.measure_cached("/projekte/", options["requests"]))
        rows.append(measure.measure_not_modified("/api/v1/projects/", options["requests"]))
        rows.append(self.fulltext_plan())
        rows.extend(measure.export_rows(exports_small, exports_large, sizes))

        self.step("Page weight")
        rows.extend(measure.page_weight("/projekte/"))

        if not options["no_http"]:
            self.step("Over HTTP (gunicorn, 2 sync workers; wrk, 8 connections, 10 s)")
            detail = next(
                (r.extra["url"] for r in rows if r.check == "project detail" and r.n), None
            )
            rows.extend(measure.http_rows("/projekte/", detail, self.stdout))

        context = {
            "when": timezone.now().isoformat(timespec="seconds"),
            "machine": self.machine(),
            "data": {
                "published_projects": total,
                "partners": data.Partner.objects.count(),
                "staff_accounts": staff,
                "events": events,
                "accessions": deliberations,
            },
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "seconds": round(time.monotonic() - started),
        }
        self.print_table(rows, context)
        Path(options["json"]).write_text(
            json.dumps({**context, "rows": [row.as_dict() for row in rows]}, indent=2) + "\n",
            encoding="utf-8",
        )
        self.stdout.write(f"Written to {options['json']}.")

    # --- helpers -----------------------------------------------------------

    def step(self, text: str) -> None:
        now = time.strftime("%H:%M:%S", time.gmtime())
        self.stdout.write(self.style.MIGRATE_HEADING(f"[{now} UTC] {text}"))

    @staticmethod
    def clients(editor, office) -> dict[str, Client]:
        editor_client, office_client = Client(), Client()
        editor_client.force_login(editor)
        office_client.force_login(office)
        return {"anonymous": Client(), "editor": editor_client, "office": office_client}

    @staticmethod
    def brief(row: Row) -> str:
        if row.p50_ms is None:
            return f"{row.result} {row.note}"
        return f"p50 {row.p50_ms:.1f} ms, p95 {row.p95_ms:.1f} ms, {row.queries} queries"

    @staticmethod
    def fulltext_plan() -> Row:
        """EXPLAIN the showcase's full-text query: it must use the GIN index."""

        project_filter, _ignored = filter_ignoring_invalid(
            {"q": "Telemedizin"}, showcase_queryset()
        )
        plan = project_filter.qs.explain()
        used = "project_search_gin" in plan
        return Row(
            "full-text query plan",
            budget="uses GIN index",
            result="within" if used else "over",
            note="Bitmap Index Scan on project_search_gin"
            if used
            else plan.replace("\n", " ")[:200],
        )

    @staticmethod
    def machine() -> str:
        cpu = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg = cursor.fetchone()[0]
        return (
            f"{os.cpu_count()} cores ({cpu or platform.machine()}), Python "
            f"{platform.python_version()}, PostgreSQL {pg.split()[0]}, {platform.system()}"
        )

    def print_table(self, rows: list[Row], context: dict) -> None:
        header = [
            "check",
            "n",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "SQL",
            "size",
            "req/s",
            "budget",
            "result",
        ]
        lines = []
        for row in rows:
            lines.append(
                [
                    row.check,
                    _fmt(row.n),
                    _fmt(row.p50_ms, 1),
                    _fmt(row.p95_ms, 1),
                    _fmt(row.p99_ms, 1),
                    _fmt(row.queries),
                    _size(row.bytes),
                    _fmt(row.rps, 0),
                    row.budget,
                    row.result,
                ]
            )
        widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=False)]
        out = self.stdout
        out.write("")
        data_ = context["data"]
        out.write(
            f"Regio.hub benchmark {context['when']} on {context['machine']}; cache "
            f"{context['cache']}; {data_['published_projects']:,} published projects, "
            f"{data_['partners']} partners, {data_['staff_accounts']} staff accounts, "
            f"events: {data_['events']}, accessions: {data_['accessions']}; "
            f"took {context['seconds']} s"
        )
        for index, line in enumerate([header, *lines]):
            out.write(
                "| "
                + " | ".join(
                    str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)
                )
                + " |"
            )
            if index == 0:
                out.write("|" + "|".join("-" * (width + 2) for width in widths) + "|")
        notes = [f"- {row.check}: {row.note}" for row in rows if row.note]
        if notes:
            out.write("")
            out.write("Notes:")
            for note in notes:
                out.write(note)
        over = [row.check for row in rows if row.result in {"over", "error"}]
        missing = [row.check for row in rows if row.result == "missing"]
        out.write("")
        if missing:
            out.write(f"Missing (app or page not there yet): {', '.join(missing)}")
        if over:
            out.write(self.style.ERROR(f"Over budget: {', '.join(over)}"))
        else:
            out.write(self.style.SUCCESS("Every measured row is within its budget."))


def _fmt(value, digits: int = 0) -> str:
    if value is None:
        return ""
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _size(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 1024:.1f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.1f} MB"
