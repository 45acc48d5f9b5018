"""Profiles of the benchmark and the table that compares them (`manage.py bench`).

Every page is measured at each profile's size (issue 21: today's data and the
network scale of 1,000 partners, 100,000 projects and 10,000 events). The
table shows per page the median at each size, the ratio largest/first, the
median as a multiple of the calibration workload measured in the same run
(ops/bench_urls.py), the SQL queries and the HTML size, and one verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .bench_measure import Budget, Row

# Issue 21's budgets for a page measured at two sizes.
MAX_RATIO = 1.3
# Below this difference of the medians the ratio is noise, not growth.
RATIO_NOISE_MS = 1.0
MAX_HTML_BYTES = 60 * 1024
# The calibration workload's median on the machine where the budgets in ms were
# set (2 cores AMD EPYC, quiet; 1.17–1.22 ms in the runs of 2026-12-05). A page
# is judged by its multiple of the calibration measured in the same round (the
# command measures every page in several rounds and keeps its median round), as
# that many milliseconds on the reference machine: a budget of 30 ms is 25× the
# calibration. A slower machine, or a busy minute during one profile's run,
# then moves the pages and the calibration alike and flips no verdict; the
# ratio between the sizes compares multiples too, since the profiles run
# minutes apart. The table still shows the medians in ms as measured.
REFERENCE_CALIBRATION_MS = 1.2
# A run is quiet when the calibration of every round, at every size, is within
# this factor of the fastest round's. In a busier run the calibration and the
# pages no longer slow down alike (the machine's neighbours thrash the caches
# a page needs more than the small calibration's), so its verdicts are unreliable.
QUIET_SPREAD = 1.15


def spread(calibrations_ms: list[float]) -> float | None:
    """The slowest round's calibration over the fastest's."""
    values = [value for value in calibrations_ms if value]
    return max(values) / min(values) if values else None


def quiet(calibrations_ms: list[float]) -> bool:
    found = spread(calibrations_ms)
    return found is not None and found <= QUIET_SPREAD


@dataclass(frozen=True)
class Profile:
    name: str
    projects: int
    partners: int
    events: int
    staff: int = 500

    def describe(self) -> str:
        return (
            f"{self.name}: {self.projects:,} projects, {self.partners:,} partners, "
            f"{self.events:,} events, {self.staff:,} staff accounts"
        )


PROFILES = {
    # Today's benchmark (issue 10).
    "base": Profile("base", projects=10_000, partners=200, events=2_000),
    # Every municipality and district of Brandenburg, Berlin's districts and the
    # expert network (issue 21).
    "scale": Profile("scale", projects=100_000, partners=1_000, events=10_000),
}


def parse_profiles(text: str, *, staff: int = 500) -> list[Profile]:
    """Profiles by name ("base,scale") or spelled out ("tiny=300/30/100": projects,
    partners, events)."""
    profiles = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        name, _equals, sizes = part.partition("=")
        if not sizes:
            if name not in PROFILES:
                raise ValueError(f"Unknown profile {name!r}; known: {', '.join(PROFILES)}")
            profiles.append(PROFILES[name])
            continue
        numbers = sizes.split("/")
        if len(numbers) != 3 or not all(n.isdigit() for n in numbers):
            raise ValueError(f"A profile is NAME=PROJECTS/PARTNERS/EVENTS, not {part!r}")
        projects, partners, events = (int(n) for n in numbers)
        profiles.append(Profile(name, projects, partners, events, staff=staff))
    if not profiles:
        raise ValueError("No profile given")
    return profiles


@dataclass
class Compared:
    """One page at every profile's size."""

    check: str
    rows: dict[str, Row]
    calibration: dict[str, float]
    problems: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        """Largest size over the first, of the calibrated medians (ms without a calibration)."""
        names = list(self.rows)
        if not names:
            return None
        first, last = (self.at_reference(names[0]), self.at_reference(names[-1]))
        if not first or last is None:
            return None
        return last / first

    def at_reference(self, profile: str) -> float | None:
        """The median as that many ms on the reference machine (× cal. × its calibration)."""
        multiple = self.multiple(profile)
        if multiple is not None:
            return multiple * REFERENCE_CALIBRATION_MS
        row = self.rows.get(profile)
        return row.p50_ms if row is not None else None

    def unit(self, profile: str) -> float | None:
        """The calibration the page is judged by: that of the round it was measured
        in, else its profile's."""
        row = self.rows.get(profile)
        own = row.extra.get("calibration_ms") if row is not None else None
        return own or self.calibration.get(profile)

    def multiple(self, profile: str) -> float | None:
        row, unit = self.rows.get(profile), self.unit(profile)
        if row is None or row.p50_ms is None or not unit:
            return None
        return row.p50_ms / unit

    @property
    def verdict(self) -> str:
        return "within" if not self.problems else "over: " + "; ".join(self.problems)


def compare(
    check: str, rows: dict[str, Row], calibration: dict[str, float], budget: Budget | None = None
) -> Compared:
    """The verdict of one page: its own budget (p50, p95, queries) at every size,
    judged at the reference calibration, the same queries at every size, the
    ratio and the HTML size."""
    compared = Compared(check, rows, calibration)
    problems = compared.problems
    for profile, row in rows.items():
        if row.result in {"missing", "error"}:
            problems.append(f"{row.result} at {profile}")
            continue
        result = row.result
        unit = compared.unit(profile)
        if budget is not None and row.p50_ms is not None and unit:
            factor = REFERENCE_CALIBRATION_MS / unit
            calibrated = replace(
                row,
                p50_ms=row.p50_ms * factor,
                p95_ms=None if row.p95_ms is None else row.p95_ms * factor,
            )
            result = budget.verdict(calibrated)
        if result == "over":
            problems.append(f"budget {budget.describe() if budget else row.budget} at {profile}")
        if row.extra.get("html") and row.bytes is not None and row.bytes > MAX_HTML_BYTES:
            problems.append(
                f"HTML {row.bytes / 1024:.0f} KB > {MAX_HTML_BYTES // 1024} KB at {profile}"
            )
    queries = {row.queries for row in rows.values() if row.queries is not None}
    if len(queries) > 1:
        problems.append("queries grow: " + " → ".join(str(r.queries) for r in rows.values()))
    names = list(rows)
    ratio = compared.ratio
    first = compared.at_reference(names[0]) if names else None
    last = compared.at_reference(names[-1]) if names else None
    if (
        ratio is not None
        and first is not None
        and last is not None
        and ratio > MAX_RATIO
        and last - first > RATIO_NOISE_MS
    ):
        problems.append(f"ratio {ratio:.2f} > {MAX_RATIO}")
    return compared


def _num(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _kb(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value / 1024:.1f} KB" if value < 1024 * 1024 else f"{value / 1024 / 1024:.1f} MB"


def comparison_lines(compared: list[Compared], profiles: list[str]) -> list[list[str]]:
    """The header and one line per page (Markdown table cells)."""
    header = ["page"]
    header += [f"p50 ms {p}" for p in profiles]
    if len(profiles) > 1:
        header.append(f"{profiles[-1]}/{profiles[0]}")
    header += [f"× cal. {p}" for p in profiles]
    header += ["SQL " + "/".join(profiles)]
    header += [f"size {p}" for p in profiles]
    header.append("verdict")
    lines = [header]
    for item in compared:
        line = [item.check]
        line += [_num(item.rows[p].p50_ms) if p in item.rows else "" for p in profiles]
        if len(profiles) > 1:
            line.append(_num(item.ratio, 2))
        line += [_num(item.multiple(p)) for p in profiles]
        line.append(
            "/".join(
                ""
                if item.rows.get(p) is None or item.rows[p].queries is None
                else str(item.rows[p].queries)
                for p in profiles
            )
        )
        line += [
            (_kb(item.rows[p].bytes) + (" HTML" if item.rows[p].extra.get("html") else ""))
            if p in item.rows
            else ""
            for p in profiles
        ]
        line.append(item.verdict)
        lines.append(line)
    return lines


def markdown(lines: list[list[str]]) -> list[str]:
    """Cells as a Markdown table with aligned columns."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(*lines, strict=True)]
    out = []
    for index, line in enumerate(lines):
        out.append(
            "| "
            + " | ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True))
            + " |"
        )
        if index == 0:
            out.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return out
