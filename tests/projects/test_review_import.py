"""The import preview ticks only the rows that can be imported (issue 16, finding 5)."""

import re

import pytest

from tests.projects.test_import import BROKEN, GOOD, confirm, csv_file, preview

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def ticked_lines(response) -> list[int]:
    html = response.content.decode()
    return [
        int(number)
        for number, attributes in re.findall(r'name="zeile" value="(\d+)"([^>]*)>', html)
        if "checked" in attributes
    ]


def test_a_row_with_errors_is_not_ticked_in_the_preview(client_of, office, setting):
    response = preview(client_of(office), setting["partner"], csv_file(*GOOD, BROKEN))
    assert ticked_lines(response) == [2, 3]


def test_importing_the_preselected_rows_works_at_the_first_attempt(
    client_of, office, setting, oncommit
):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*GOOD, BROKEN))
    with oncommit(execute=True):
        done = confirm(client, response, ticked_lines(response))
    assert done.status_code == 302


def test_after_a_refused_confirmation_the_office_s_own_ticks_are_kept(client_of, office, setting):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*GOOD, BROKEN))
    refused = confirm(client, response, [3, 4])
    assert refused.context["blocked"]
    assert ticked_lines(refused) == [3, 4]
