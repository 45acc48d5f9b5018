"""The API documentation page in a real browser: Swagger UI from our own static files
renders the schema and answers "try it out", under the portal's CSP, with no request
to a third party (the page fixture fails on foreign requests and CSP violations)."""

import pytest

from tests.projects.factories import PublishedProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_schema_under_the_csp(page, partner_a):
    PublishedProjectFactory(lead_partner=partner_a, title="Rufbus")
    page.goto("/api/v1/docs/konsole/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock-summary-path").count() >= 10
    assert page.locator("h1:visible").count() == 1  # Swagger UI's own title is hidden

    operation = "#operations-projects-insights_api_endpoints_project_list"
    page.locator(f"{operation} .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".responses-wrapper .live-responses-table").wait_for()
    assert "Rufbus" in page.locator(".responses-wrapper .live-responses-table").inner_text()


def test_the_docs_page_without_javascript_lists_the_endpoints(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    tab = context.new_page()
    tab.goto("/api/v1/docs/")
    assert tab.get_by_text("GET /api/v1/projects/", exact=True).is_visible()
    context.close()
