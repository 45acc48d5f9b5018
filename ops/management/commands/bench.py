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
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from community.models import Event
from core.pagecache import bump_generation
from exchange.matching.benchmark import measure as measure_matching
from ops import bench_data as data
from ops import bench_measure as measure
from ops import bench_report as report
from ops.bench_measure import (
    ADMIN,
    API_LIST,
    CATALOGUE,
    DETAIL,
    OTHER,
    SHOWCASE,
    Budget,
    Page,
    Row,
)
from ops.bench_report import PROFILES, Profile
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


def _edit_an_event() -> None:
    """Save one public event of the feed (the page cache's generation moves with it)."""
    event = Event.objects.public().in_feed().order_by("pk").first()
    if event is not None:
        event.save()
    bump_generation()


def _api_second_page() -> str:
    response = Client().get("/api/v1/projects/")
    if response.status_code != 200 or not response.json().get("next"):
        raise LookupError("no second page of /api/v1/projects/")
    return response.json()["next"].removeprefix("http://testserver")


# The site search (issue 16): one query per kind of result, a handful in all.
SEARCH = Budget(30, queries=10)


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
        Page(
            "project detail, after a content change",
            _detail_url,
            "projects",
            OTHER,
            n=30,
            before=bump_generation,
            note=(
                "first view after any content change: documents, experts and related "
                "projects are read and drawn again (kept per content generation otherwise)"
            ),
        ),
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
            n=30,
            before=_edit_an_event,
            note=(
                "first request after an event was edited (one event saved before each: "
                "its week's fragment is built again, the other weeks come from the cache)"
            ),
        ),
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
            n=30,
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
        Page("site search", "/suche/?q=Verwaltungen", "insights", SEARCH),
        Page("site search, typo", "/suche/?q=Verwaltng", "insights", SEARCH),
        Page("/intern/ (partner editor)", "/intern/", "core", OTHER, user="editor"),
        Page(
            "admin project list (office)",
            "/admin/projects/project/",
            "projects",
            ADMIN,
            user="office",
        ),
    ]


def selected_pages(only: str) -> list[Page]:
    """The pages whose name contains one of the comma-separated parts (all without)."""
    parts = [part.strip().lower() for part in only.split(",") if part.strip()]
    if not parts:
        return pages()
    return [page for page in pages() if any(part in page.name.lower() for part in parts)]


class Command(BaseCommand):
    help = "Benchmark every page at today's size and at network scale (run it with `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--profiles",
            default="base,scale",
            help=(
                f"comma-separated: {', '.join(PROFILES)} (default: both) or "
                "NAME=PROJECTS/PARTNERS/EVENTS, e.g. tiny=300/30/100"
            ),
        )
        parser.add_argument(
            "--projects", type=int, help="one custom profile instead (with --partners, --events)"
        )
        parser.add_argument("--partners", type=int, default=200)
        parser.add_argument("--events", type=int, default=2_000)
        parser.add_argument(
            "--small", type=int, default=100, help="size for the query-count comparison"
        )
        parser.add_argument("--staff", type=int, default=500)
        parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
        parser.add_argument(
            "--rounds",
            type=int,
            default=3,
            help=(
                "the pages are measured this many times, one after the other, each round "
                "with its own calibration; a page's figures are those of its median round"
            ),
        )
        parser.add_argument("--no-http", action="store_true", help="skip the gunicorn/wrk part")
        parser.add_argument(
            "--only",
            default="",
            help=(
                "comma-separated parts of page names (case-insensitive), e.g. "
                "'showcase,home': only those pages, without caches, exports, page weight, "
                "matching and HTTP"
            ),
        )
        parser.add_argument("--json", default="bench-results.json")
        parser.add_argument(
            "--probe-export",
            choices=["json", "csv"],
            help="internal: one export in this process; prints its timings and peak RSS as JSON",
        )

    def profiles(self, options) -> list[Profile]:
        if options["projects"]:
            return [
                Profile(
                    "custom",
                    projects=options["projects"],
                    partners=options["partners"],
                    events=options["events"],
                    staff=options["staff"],
                )
            ]
        try:
            chosen = report.parse_profiles(options["profiles"], staff=options["staff"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        return sorted(chosen, key=lambda p: p.projects)

    def handle(self, *args, **options):
        if options["probe_export"]:
            self.stdout.write(json.dumps(measure.probe_export(options["probe_export"])))
            return
        if connection.vendor != "postgresql" or not os.environ.get("PGDATA_DIR"):
            raise CommandError(
                "The benchmark fills a database with generated data; it only runs in the "
                "throwaway PostgreSQL of scripts/with-postgres. Use `make bench`."
            )
        profiles = self.profiles(options)
        chosen = selected_pages(options["only"])
        if not chosen:
            raise CommandError(f"--only {options['only']!r} matches no page")
        if options["only"]:
            options["no_http"] = True
        started = time.monotonic()
        # The benchmark's few clients would soon hit the API's rate limit per client;
        # it measures the answers, so the limit is lifted for this process. Its
        # URLconf is the portal's plus the calibration view for the whole run:
        # switching URLconfs between rounds would empty the resolver's caches.
        override_settings(
            ROOT_URLCONF="ops.bench_urls",
            API_RATE_LIMIT_PER_MINUTE=10**9,
            API_TOKEN_RATE_LIMIT_PER_MINUTE=10**9,
        ).enable()
        # No setup_test_environment(): its template instrumentation would slow every page.
        self.step("Preparing the database (migrate, real data)")
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_real_data", stdout=self.stdout)

        first = profiles[0]
        self.step(f"Small data set: {options['small']} projects and the other content")
        data.grow_projects(self.stdout, options["small"])
        data.grow_partners(self.stdout, first.partners)
        data.grow_staff(self.stdout, first.staff)
        data.grow_events(self.stdout, first.events)
        deliberations = data.add_deliberations(self.stdout)
        editor, office = data.personas()
        data.analyze()
        clients = self.clients(editor, office)
        small_counts = {page.name: measure.query_count(page, clients) for page in chosen}

        export_reference: dict[str, dict] = {}
        if first.projects > 1_000 and not options["only"]:
            self.step("1,000 projects: export memory (the reference for every size)")
            data.grow_projects(self.stdout, 1_000)
            data.analyze()
            export_reference = {fmt: measure.run_export_probe(fmt) for fmt in ("json", "csv")}

        results: dict[str, dict] = {}
        for profile in profiles:
            results[profile.name] = self.run_profile(
                profile, clients, options, small_counts, export_reference, chosen
            )
            if options["only"]:
                continue
            if not export_reference:
                export_reference = results[profile.name]["exports"]
            results[profile.name]["rows"].extend(
                measure.export_rows(
                    export_reference, results[profile.name]["exports"], profile.name
                )
            )

        http: list[Row] = []
        if not options["no_http"]:
            self.step(
                f"Over HTTP at {profiles[-1].name} "
                "(gunicorn, 2 sync workers; wrk, 8 connections, 10 s)"
            )
            detail = results[profiles[-1].name]["urls"].get("project detail")
            http = measure.http_rows("/projekte/", detail, self.stdout)

        compared = [
            report.compare(
                page.name,
                {p.name: results[p.name]["pages"][page.name] for p in profiles},
                {p.name: results[p.name]["calibration"].p50_ms for p in profiles},
                page.budget,
            )
            for page in chosen
        ]
        context = {
            "when": timezone.now().isoformat(timespec="seconds"),
            "machine": self.machine(),
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "accessions": deliberations,
            "profiles": {p.name: {**asdict(p), **results[p.name]["data"]} for p in profiles},
            "seconds": round(time.monotonic() - started),
            "rounds": options["rounds"],
            "calibration_rounds": {
                p.name: results[p.name]["calibration"].extra.get("rounds", []) for p in profiles
            },
        }
        every_round = [ms for values in context["calibration_rounds"].values() for ms in values]
        context["quiet"] = report.quiet(every_round)
        context["spread"] = report.spread(every_round)
        self.print_report(profiles, compared, results, http, context)
        Path(options["json"]).write_text(
            json.dumps(
                {
                    **context,
                    "pages": [
                        {
                            "check": item.check,
                            "ratio": item.ratio,
                            "verdict": item.verdict,
                            "profiles": {
                                name: {**row.as_dict(), "calibration_multiple": item.multiple(name)}
                                for name, row in item.rows.items()
                            },
                        }
                        for item in compared
                    ],
                    "other": {
                        name: [row.as_dict() for row in results[name]["rows"]] for name in results
                    },
                    "calibration": {
                        name: results[name]["calibration"].as_dict() for name in results
                    },
                    "http": [row.as_dict() for row in http],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        self.stdout.write(f"Written to {options['json']}.")

    def run_profile(
        self, profile: Profile, clients, options, small_counts, export_reference, chosen
    ) -> dict:
        """Grow the data to the profile's size (timed), then measure every page there."""
        self.step(f"Seeding {profile.describe()}")
        seeding_started = time.monotonic()
        data.grow_partners(self.stdout, profile.partners)
        staff = data.grow_staff(self.stdout, profile.staff)
        events = data.grow_events(self.stdout, profile.events)
        total = data.grow_projects(self.stdout, profile.projects)
        data.analyze()
        seeding = time.monotonic() - seeding_started
        self.stdout.write(f"  seeding took {seeding:.0f} s")

        rounds = options["rounds"]
        self.step(
            f"{profile.name}: calibration and every page, {rounds} rounds "
            "(Django test client, warm)"
        )
        calibrations: list[Row] = []
        by_page: dict[str, list[Row]] = {page.name: [] for page in chosen}
        for number in range(1, rounds + 1):
            # The round's unit: calibration requests before the first page and
            # after every page, so it is the machine's speed across the round,
            # not of the moment it started.
            timings = measure.calibration_timings(measure.CALIBRATION_BLOCK)
            measured_in_round = []
            for page in chosen:
                n = min(page.n, options["requests"]) if page.n < 200 else options["requests"]
                measured_in_round.append(measure.measure_page(page, clients, n=max(1, n // rounds)))
                timings += measure.calibration_timings(measure.CALIBRATION_BLOCK)
            calibration = measure.calibration_row(timings)
            calibrations.append(calibration)
            for row in measured_in_round:
                row.extra["calibration_ms"] = calibration.p50_ms
                by_page[row.check].append(row)
            self.stdout.write(f"  round {number}/{rounds}, calibration: {self.brief(calibration)}")
        calibration = measure.median_row(calibrations)
        calibration.extra["rounds"] = [row.p50_ms for row in calibrations]
        measured: dict[str, Row] = {}
        urls: dict[str, str] = {}
        for page in chosen:
            row = measure.median_round(by_page[page.name])
            small = small_counts.get(page.name)
            if row.queries is not None:
                row.extra["queries_small"] = small
                if small != row.queries:
                    row.result = "over"
                    row.note += f" (queries {small} at {options['small']} projects)"
            if row.extra.get("url"):
                urls[page.name] = row.extra["url"]
            self.stdout.write(f"  {page.name}: {self.brief(row)}")
            measured[page.name] = row
        data_figures = {
            "published_projects": total,
            "partners": data.Partner.objects.count(),
            "staff_accounts": staff,
            "events": events,
            "seeding_seconds": round(seeding),
        }
        if options["only"]:
            return {
                "pages": measured,
                "urls": urls,
                "calibration": calibration,
                "rows": [],
                "exports": {},
                "data": data_figures,
            }
        rows = [
            measure.measure_cached("/projekte/", options["requests"]),
            measure.measure_not_modified("/api/v1/projects/", options["requests"]),
            self.fulltext_plan(),
            *measure.page_weight("/projekte/"),
            self.matching_row(calibration.p50_ms),
        ]
        self.step(f"{profile.name}: exports (a process each)")
        exports = {fmt: measure.run_export_probe(fmt) for fmt in ("json", "csv")}
        for fmt, figures in exports.items():
            self.stdout.write(
                f"  export.{fmt}: first row {figures['first_row_ms']:.0f} ms, "
                f"total {figures['seconds']:.1f} s"
            )
        return {
            "pages": measured,
            "urls": urls,
            "calibration": calibration,
            "rows": rows,
            "exports": exports,
            "data": data_figures,
        }

    @staticmethod
    def matching_row(calibration_ms: float | None) -> Row:
        """One need against every published project and 1,000 needs (issue 17), its
        50 ms judged at the reference calibration like the pages."""
        figures = measure_matching(needs=1000, runs=40)
        constant = len(figures["queries_per_match"]) == 1
        factor = report.REFERENCE_CALIBRATION_MS / calibration_ms if calibration_ms else 1.0
        return Row(
            "match one need (projects + 1,000 needs)",
            n=figures["runs"],
            p50_ms=figures["p50_ms"],
            p95_ms=figures["p95_ms"],
            queries=max(figures["queries_per_match"]),
            budget="≤ 50 ms p50, constant queries",
            result="within" if figures["p50_ms"] * factor <= 50 and constant else "over",
            note=(
                f"CPU p50 {figures['p50_cpu_ms']} ms; index load {figures['index_load_ms']} ms; "
                f"{figures['p50_ms'] * factor:.1f} ms at the reference calibration"
            ),
        )

    # --- helpers -----------------------------------------------------------

    def step(self, text: str) -> None:
        now = time.strftime("%H:%M:%S", time.gmtime())
        self.stdout.write(self.style.MIGRATE_HEADING(f"[{now} UTC] {text}"))

    @staticmethod
    def clients(editor, office) -> dict[str, Client]:
        editor_client, office_client = Client(), Client()
        editor_client.force_login(editor)
        office_client.force_login(office)
        # What allauth records when the TOTP step is passed: the office's areas
        # (/admin/, /intern/) are open only to a session that passed MFA.
        session = office_client.session
        session["account_authentication_methods"] = [
            {"method": "mfa", "at": time.time(), "type": "totp"}
        ]
        session["account_authentication_methods_user"] = str(office.pk)
        session.save()
        return {"anonymous": Client(), "editor": editor_client, "office": office_client}

    @staticmethod
    def brief(row: Row) -> str:
        if row.p50_ms is None:
            return f"{row.result} {row.note}"
        text = f"p50 {row.p50_ms:.1f} ms, p95 {row.p95_ms:.1f} ms, {row.queries} queries"
        if row.extra.get("rounds"):
            multiples = ", ".join(f"{multiple:.1f}" for multiple in row.extra["rounds"])
            text += f"; × cal. in its rounds: {multiples}"
        return text

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

    def print_report(self, profiles, compared, results, http, context) -> None:
        out = self.stdout
        rounds = context["rounds"]
        names = [p.name for p in profiles]
        out.write("")
        out.write(
            f"Regio.hub benchmark {context['when']} on {context['machine']}; cache "
            f"{context['cache']}; accessions: {context['accessions']}; took {context['seconds']} s"
        )
        for name in names:
            figures = context["profiles"][name]
            calibration = results[name]["calibration"]
            out.write(
                f"- {name}: {figures['published_projects']:,} published projects, "
                f"{figures['partners']:,} partners, {figures['staff_accounts']} staff accounts, "
                f"events {figures['events']}; seeding {figures['seeding_seconds']} s; "
                f"calibration p50 {calibration.p50_ms:.2f} ms ({calibration.queries} query)"
            )
        out.write("")
        out.write(
            f"Pages (p50 of warm in-process requests, of the median of {rounds} rounds; × cal. = "
            f"p50 / the calibration's p50 in the same round; budget: own p50/p95/queries at "
            f"every size, judged as × cal. × "
            f"{report.REFERENCE_CALIBRATION_MS:g} ms (the reference machine's calibration), the "
            f"same queries at every size, {names[-1]}/{names[0]} of the × cal. ≤ "
            f"{report.MAX_RATIO} unless they differ by ≤ {report.RATIO_NOISE_MS:g} ms there, "
            f"HTML ≤ {report.MAX_HTML_BYTES // 1024} KB):"
        )
        for line in report.markdown(report.comparison_lines(compared, names)):
            out.write(line)
        header = ["check", "profile", "n", "p50 ms", "p95 ms", "p99 ms", "SQL", "size", "req/s"]
        header += ["budget", "result"]
        lines = [header]
        other: list[tuple[str, Row]] = [
            (name, row) for name in names for row in results[name]["rows"]
        ] + [(names[-1], row) for row in http]
        for name, row in other:
            lines.append(
                [
                    row.check,
                    name,
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
        out.write("")
        out.write("Caches, exports (p50 = first row, p99 = total), page weight, HTTP:")
        for line in report.markdown(lines):
            out.write(line)
        notes = [
            f"- {item.check}: {row.note}"
            for item in compared
            for row in item.rows.values()
            if row.note
        ]
        notes += [f"- {row.check} ({name}): {row.note}" for name, row in other if row.note]
        if notes:
            out.write("")
            out.write("Notes:")
            for note in dict.fromkeys(notes):
                out.write(note)
        over = [item.check for item in compared if item.problems]
        over += [f"{row.check} ({name})" for name, row in other if row.result in {"over", "error"}]
        missing = sorted(
            {
                item.check
                for item in compared
                for row in item.rows.values()
                if row.result == "missing"
            }
        )
        out.write("")
        rounds_text = "; ".join(
            f"{name} " + ", ".join(f"{ms:.2f}" for ms in values)
            for name, values in context["calibration_rounds"].items()
        )
        limit = f"{(report.QUIET_SPREAD - 1) * 100:.0f} %"
        varied = f"{(context['spread'] - 1) * 100:.0f} %" if context["spread"] else "?"
        if context["quiet"]:
            out.write(
                f"Quiet run: the calibration of every round ({rounds_text} ms) within "
                f"{limit} of the fastest ({varied})."
            )
        else:
            out.write(
                self.style.WARNING(
                    f"Not a quiet run: the calibration of the rounds ({rounds_text} ms) "
                    f"varied by {varied} (more than {limit}): the machine was busy, the "
                    "verdicts are not reliable. Run it again when the machine is quiet."
                )
            )
        if missing:
            out.write(f"Missing (app or page not there yet): {', '.join(missing)}")
        if over:
            out.write(self.style.ERROR(f"Over budget: {', '.join(over)}"))
        elif context["quiet"]:
            out.write(self.style.SUCCESS("Every measured row is within its budget."))
        else:
            out.write(
                self.style.WARNING(
                    "Every measured row is within its budget, in a run that was not quiet."
                )
            )


def _fmt(value, digits: int = 0) -> str:
    if value is None:
        return ""
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _size(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 1024:.1f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.1f} MB"
