"""/zahlen/: figures equal counts taken independently, as SVG, table and CSV."""

import csv
import io
import random

import pytest

from insights import charts, figures
from partners.models import Partner
from projects.models import Project
from tests.factories import PartnerFactory
from tests.projects.factories import FieldOfActionFactory, ProjectFactory, PublishedProjectFactory
from tests.utils import FORMULA_PAYLOADS, count_queries, runnable_cells

pytestmark = pytest.mark.django_db


def rows_of(slug: str) -> dict[str, int]:
    return {str(row[0]): row[1] for row in figures.compute(figures.spec_for(slug)).rows}


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def make_projects(count: int, seed: int = 1) -> None:
    """Projects with random status, kind, direction, fields and publication state."""
    chooser = random.Random(seed)
    fields = [
        FieldOfActionFactory(name=name, slug=name.lower())
        for name in ("Mobilität", "Bildung", "Gesundheit")
    ]
    for _index in range(count):
        factory = chooser.choice([PublishedProjectFactory, ProjectFactory])
        factory(
            status=chooser.choice(Project.Status.values),
            kind=chooser.choice(Project.Kind.values),
            transfer_direction=chooser.choice(Project.TransferDirection.values),
            fields=chooser.sample(fields, chooser.randint(0, 2)),
        )


def test_projects_by_status_kind_and_direction_count_only_published_projects():
    make_projects(25)
    published = Project.objects.filter(publication_state="published")
    for slug, attribute, choices in [
        ("projekte-status", "status", Project.Status),
        ("projekte-art", "kind", Project.Kind),
        ("projekte-richtung", "transfer_direction", Project.TransferDirection),
    ]:
        expected = {
            str(choice.label): sum(1 for p in published if getattr(p, attribute) == choice.value)
            for choice in choices
        }
        assert rows_of(slug) == expected, slug


def test_projects_by_field_of_action_count_each_published_project_once_per_field():
    make_projects(25)
    expected = {}
    for project in Project.objects.filter(publication_state="published"):
        for field in project.fields_of_action.all():
            expected[field.name] = expected.get(field.name, 0) + 1
    counted = rows_of("projekte-handlungsfeld")
    assert {name: count for name, count in counted.items() if count} == expected


def test_partners_by_kind_and_state_count_active_partners():
    for index in range(7):
        PartnerFactory(name=f"Gemeinde Zahl {index}", kind=random.choice(["gemeinde", "stadt"]))
    PartnerFactory(name="Berlin Partner", kind="wirtschaftsfoerderung", federal_state="berlin")
    PartnerFactory(name="Ehemalig", kind="verein", is_active=False)
    active = list(Partner.objects.filter(is_active=True))
    by_state = rows_of("partner-land")
    assert by_state["Berlin"] == sum(1 for p in active if p.federal_state == "berlin")
    assert by_state["Brandenburg"] == sum(1 for p in active if p.federal_state == "brandenburg")
    by_kind = rows_of("partner-art")
    assert sum(by_kind.values()) == len(active)
    assert str(Partner.Kind.ASSOCIATION.label) not in by_kind  # only the inactive one


def test_the_page_shows_every_chart_with_svg_caption_table_and_csv_link(client):
    make_projects(5)
    html = client.get("/zahlen/").content.decode()
    assert html.count("<h1") == 1
    for spec in figures.available_specs():
        assert f'id="{spec.slug}"' in html
        assert f'href="/zahlen/{spec.slug}.csv"' in html
    assert 'role="img" aria-labelledby="projekte-status-caption"' in html
    assert 'id="projekte-status-caption"' in html
    assert '<th scope="row" class="kern-table__cell">' in html


def test_the_csv_holds_the_same_rows_as_the_table(client):
    make_projects(12)
    response = client.get("/zahlen/projekte-status.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert len(header) == 2
    assert {label: int(value) for label, value in rows} == rows_of("projekte-status")


def test_csv_cells_never_start_a_formula(client):
    for number, payload in enumerate(FORMULA_PAYLOADS):
        field = FieldOfActionFactory(name=payload, slug=f"formel-{number}")
        PublishedProjectFactory(fields=[field])
    header, *rows = read_csv(client.get("/zahlen/projekte-handlungsfeld.csv"))
    assert runnable_cells([header, *rows]) == []
    assert sorted(row[0] for row in rows) == sorted(f"'{p}" for p in FORMULA_PAYLOADS)
    assert {row[1] for row in rows} == {"1"}  # the counts are still numbers


def test_an_unknown_chart_is_a_404(client):
    assert client.get("/zahlen/gibt-es-nicht.csv").status_code == 404


def test_the_page_needs_the_same_number_of_queries_for_more_data(client):
    make_projects(3, seed=2)
    few = count_queries(lambda: client.get("/zahlen/"))
    make_projects(30, seed=3)
    for index in range(10):
        PartnerFactory(name=f"Gemeinde Mehr {index}")
    assert count_queries(lambda: client.get("/zahlen/")) == few


def test_bars_scale_to_the_largest_value():
    chart = charts.bar_chart([("a", 2), ("b", 4), ("c", 0)])
    assert chart.bars[1].width == charts.WIDTH - charts.VALUE_ROOM
    assert chart.bars[0].width == chart.bars[1].width / 2
    assert chart.bars[2].width == 0
    assert chart.height == 3 * charts.ROW_HEIGHT


def test_an_empty_chart_has_no_bars_and_no_division_by_zero():
    assert charts.bar_chart([("a", 0)]).bars[0].width == 0
    assert charts.bar_chart([]).bars == ()


def test_the_figure_csv_is_written_for_people_semicolons_and_a_byte_order_mark(client):
    make_projects(3)
    text = client.get("/zahlen/projekte-status.csv").content.decode("utf-8")
    assert text.startswith("\ufeff")
    header = text.lstrip("\ufeff").splitlines()[0]
    assert header.count(";") == 1 and "," not in header
