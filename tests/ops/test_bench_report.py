"""The benchmark's comparison of two sizes (ops/bench_report.py) and its calibration view."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ops.bench_measure import Budget, Row
from ops.bench_report import PROFILES, compare, comparison_lines, markdown, parse_profiles
from tests.factories import PartnerFactory


def page(p50: float, queries: int = 5, size: int = 20_000, html: bool = True, result="within"):
    return Row("page", p50_ms=p50, queries=queries, bytes=size, result=result, extra={"html": html})


CALIBRATION = {"base": 2.0, "scale": 2.0}


def test_a_flat_page_is_within_and_shown_as_a_multiple_of_the_calibration():
    item = compare("showcase", {"base": page(10.0), "scale": page(12.0)}, CALIBRATION)
    assert item.verdict == "within"
    assert item.ratio == pytest.approx(1.2)
    assert item.multiple("scale") == pytest.approx(6.0)


def test_growth_html_weight_and_more_queries_are_each_named():
    item = compare(
        "home",
        {"base": page(20.0, queries=7), "scale": page(40.0, queries=9, size=139 * 1024)},
        CALIBRATION,
    )
    assert "ratio 2.00 > 1.3" in item.verdict
    assert "HTML 139 KB > 60 KB at scale" in item.verdict
    assert "queries grow: 7 → 9" in item.verdict


def test_a_ratio_within_measuring_noise_is_not_growth():
    item = compare("feed", {"base": page(1.0), "scale": page(1.8)}, CALIBRATION)
    assert item.verdict == "within"


def test_over_its_own_budget_or_missing_at_one_size_is_over():
    item = compare("admin", {"base": page(10.0), "scale": page(11.0, result="over")}, CALIBRATION)
    assert item.verdict.startswith("over: budget")
    missing = compare("search", {"base": Row("s", result="missing")}, CALIBRATION)
    assert "missing at base" in missing.verdict


def test_budgets_are_judged_at_the_reference_calibration():
    budget = Budget(15)
    # 16 ms on a machine whose calibration is twice the reference's: 8 ms there.
    slow_machine = compare("detail", {"base": page(16.0)}, {"base": 2.4}, budget)
    assert slow_machine.verdict == "within"
    # 14 ms on a machine twice as fast as the reference: 28 ms there.
    fast_machine = compare("detail", {"base": page(14.0)}, {"base": 0.6}, budget)
    assert fast_machine.verdict == "over: budget p50≤15 q≤8 at base"


def test_the_ratio_compares_multiples_of_each_sizes_calibration():
    # The scale run met a busier machine: its calibration is 30 % slower as well.
    item = compare(
        "showcase", {"base": page(10.0), "scale": page(14.0)}, {"base": 1.2, "scale": 1.56}
    )
    assert item.ratio == pytest.approx(14.0 / 1.56 / (10.0 / 1.2))
    assert item.verdict == "within"


def test_a_page_is_judged_by_the_calibration_of_its_own_round():
    # The profile's first calibration was measured in a quiet minute; the page's
    # round met a slower machine, and so did that round's calibration.
    slow_spell = page(36.0)
    slow_spell.extra["calibration_ms"] = 1.8
    item = compare("intern", {"base": slow_spell}, {"base": 1.2}, Budget(30))
    assert item.multiple("base") == pytest.approx(20.0)
    assert item.verdict == "within"
    assert compare("intern", {"base": page(36.0)}, {"base": 1.2}, Budget(30)).verdict.startswith(
        "over: budget p50≤30"
    )


def test_a_page_measured_in_rounds_is_given_by_its_median_round():
    from ops.bench_measure import median_round, median_row

    def measured(p50: float, calibration: float) -> Row:
        row = page(p50)
        row.extra["calibration_ms"] = calibration
        return row

    # The second round met a slow spell of the machine that the calibration
    # before it did not (a multiple of 30); the third a slow spell of both.
    rounds = [measured(24.0, 1.2), measured(36.0, 1.2), measured(30.0, 1.5)]
    chosen = median_round(rounds)
    assert chosen.extra["calibration_ms"] in {1.2, 1.5}  # multiples 20, 30, 20: a 20
    assert chosen.extra["rounds"] == [20.0, 30.0, 20.0]
    slowest_spell = [measured(24.0, 1.2), measured(40.0, 1.2), measured(33.0, 1.2)]
    assert median_round(slowest_spell).p50_ms == 33.0
    failed = Row("page", result="error", note="/x answered 500")
    assert median_round([measured(24.0, 1.2), failed]) is failed
    assert median_row([page(3.0), page(1.0), page(2.0)]).p50_ms == 2.0


def test_a_run_is_quiet_when_every_rounds_calibration_is_within_fifteen_percent():
    from ops.bench_report import quiet, spread

    assert quiet([1.19, 1.22, 1.21, 1.30, 1.25, 1.24])
    assert spread([1.2, 1.5]) == pytest.approx(1.25)
    # 2026-12-05 22:45 UTC on the development machine: 1.2–2.3 ms across the rounds.
    assert not quiet([1.2, 1.6, 1.3, 2.0, 2.3, 1.6])
    assert not quiet([])


def test_the_table_has_a_column_per_size_and_the_ratio():
    item = compare("showcase", {"base": page(10.0), "scale": page(12.0)}, CALIBRATION)
    lines = markdown(comparison_lines([item], ["base", "scale"]))
    assert lines[0].split("|")[1:4] == [" page     ", " p50 ms base ", " p50 ms scale "]
    assert "| 1.20 " in lines[2]
    assert "5/5" in lines[2]


def test_profiles_by_name_or_spelled_out():
    assert parse_profiles("base,scale") == [PROFILES["base"], PROFILES["scale"]]
    (tiny,) = parse_profiles("tiny=300/30/100")
    assert (tiny.projects, tiny.partners, tiny.events) == (300, 30, 100)
    with pytest.raises(ValueError, match="Unknown profile"):
        parse_profiles("huge")
    with pytest.raises(ValueError, match="NAME=PROJECTS/PARTNERS/EVENTS"):
        parse_profiles("x=1/2")


@pytest.mark.django_db
def test_the_calibration_view_reads_twenty_partners_with_one_query(settings):
    settings.ROOT_URLCONF = "ops.bench_urls"
    PartnerFactory.create_batch(25)
    client = Client()
    client.get("/bench-calibration/")
    response = client.get("/bench-calibration/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr><td>") == 20
    with CaptureQueriesContext(connection) as queries:
        client.get("/bench-calibration/")
    # Its one query (the test settings' database cache may add its own).
    partner_queries = [q["sql"] for q in queries.captured_queries if "partners_partner" in q["sql"]]
    assert len(partner_queries) == 1
    assert partner_queries[0].endswith('ORDER BY "partners_partner"."id" ASC LIMIT 20')


def test_only_picks_the_pages_whose_name_contains_a_part():
    from ops.management.commands.bench import pages, selected_pages

    names = [page.name for page in selected_pages("Showcase, admin")]
    assert "showcase" in names and "showcase, page 50" in names
    assert "admin project list (office)" in names
    assert "home" not in names
    assert [page.name for page in selected_pages("")] == [page.name for page in pages()]
    assert selected_pages("gibt es nicht") == []
