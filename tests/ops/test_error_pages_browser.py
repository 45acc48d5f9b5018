"""The error pages in a real browser: accessible, no CSP violation, no JavaScript error."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.ops.urls"),
]


@pytest.mark.parametrize(
    ("path", "status"),
    [("/gibt-es-nicht/", 404), ("/test-boom/", 500), ("/test-database-gone/", 503)],
)
def test_error_pages_are_accessible_and_keep_the_policy(page, assert_accessible, path, status):
    response = page.goto(path)
    assert response.status == status
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page)
