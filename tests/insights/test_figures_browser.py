"""/zahlen/ in a real browser: axe and no foreign request."""

import pytest

from partners.realdata import load_partners
from tests.insights.test_map_browser import _serve_static_by_source_name
from tests.projects.factories import PublishedProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_figures_page_has_no_accessibility_violations(page, assert_accessible, language):
    load_partners()
    PublishedProjectFactory()
    _serve_static_by_source_name(page)
    page.goto(f"/zahlen/?language={language}")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("img").count() >= 3
    assert_accessible(page)
