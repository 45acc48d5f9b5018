"""The evaluation command (issue #17, scope 3) runs and prints the three figures."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from exchange.matching.evaluation import NEEDS_FILE, PROJECTS_FILE, load_needs
from projects.models import Project

pytestmark = pytest.mark.django_db

SMALL_SET = """
[[need]]
partner = "landkreis-potsdam-mittelmark"
fields = ["gesundheit-pflege"]
title = "Telemedizin in Dörfern ohne Hausarzt"
text = "Pflegekräfte vor Ort sollen die ärztliche Einschätzung aus der Ferne dazuholen."
expected = ["eval-gemeindeschwester-tablet"]

[[need]]
partner = "gemeinde-wiesenburg-mark"
fields = ["sicherheit-bevoelkerungsschutz"]
title = "Starkregenvorsorge"
text = "Keller standen unter Wasser; wir brauchen eine Vorwarnung."
expected = ["eval-ueberflutung-fruehwarnsystem"]
"""


def test_the_evaluation_prints_the_figures_of_engine_and_baseline(tmp_path):
    needs = tmp_path / "needs.toml"
    needs.write_text(SMALL_SET, encoding="utf-8")
    out = StringIO()
    call_command("eval_matching", "--set", str(needs), stdout=out)
    text = out.getvalue()
    assert re.search(r"hit@3\s+hit@10\s+MRR", text)
    engine = re.search(r"^engine\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", text, re.M)
    baseline = re.search(r"^baseline\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$", text, re.M)
    assert engine and baseline
    assert float(engine.group(1)) == 1.0  # both needs find their project among the first three
    assert float(baseline.group(1)) < 1.0  # the baseline misses the flood warning (no thesaurus)
    # Nothing stays behind.
    assert not Project.objects.filter(slug__startswith="eval-").exists()


def test_the_evaluation_set_is_big_enough_and_well_formed():
    import tomllib

    needs = load_needs(NEEDS_FILE)
    assert len(needs) >= 40
    projects = tomllib.loads(PROJECTS_FILE.read_text(encoding="utf-8"))["project"]
    known = {p["slug"] for p in projects} | {
        "demo-digitale-buergersprechstunde", "demo-rufbus-app", "demo-offene-daten-plattform",
        "demo-telepflege-netzwerk", "demo-smarte-strassenbeleuchtung",
        "demo-digitales-klassenzimmer",
    }  # fmt: skip
    leads = {p["slug"]: p["lead"] for p in projects}
    for need in needs:
        assert set(need.expected) <= known, need.title
        # The need's partner is not the one whose project it should find.
        assert all(leads.get(slug) != need.partner for slug in need.expected), need.title
        # Worded differently: the need's title is not a project title.
        assert need.title not in {p["title"] for p in projects}
