"""The project import in a real browser: preview, confirm, the status page updating itself."""

import pytest

from projects.models import ImportRun, Project
from tests.factories import PartnerFactory
from tests.insights.test_map_browser import _serve_static_by_source_name
from tests.office.test_cockpit_browser import log_in
from tests.worker import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "title;summary;status\r\n"
    "Rufbus;Ein Rufbus per App.;operation\r\n"
    "Schul-WLAN;WLAN an allen Schulen.;completed\r\n"
    "Kaputt;;egal\r\n"
)


def test_the_status_page_follows_the_import_by_itself_and_is_accessible(
    page, assert_accessible, live_server, office, tmp_path
):
    PartnerFactory(name="Landkreis Teltow-Fläming")
    upload = tmp_path / "projekte.csv"
    upload.write_text(CSV, encoding="utf-8")
    log_in(page, office, live_server)
    _serve_static_by_source_name(page)
    page.goto("/intern/projekte-import/")
    page.select_option("#id_partner", label="Landkreis Teltow-Fläming")
    page.set_input_files("#id_datei", str(upload))
    page.locator("button[value=pruefen]").click()
    page.wait_for_selector("#preview-heading")
    page.locator("#zeile-4").uncheck()  # the broken row
    page.locator("button[value=importieren]").click()

    page.wait_for_selector("#import-progress")
    run = ImportRun.objects.get()
    assert page.url.endswith(f"/intern/projekte-import/{run.pk}/")
    assert run.state == "queued" and Project.objects.count() == 0
    assert page.locator("#import-progress").get_attribute("value") == "0"
    assert page.get_by_role("link", name="Aktualisieren").count() == 1
    assert_accessible(page)

    page.evaluate("() => { window.sameDocument = true; }")
    run_worker()
    # htmx asks for the fragment every two seconds; the page itself is not reloaded.
    page.wait_for_selector("#import-status .kern-alert--success", timeout=15_000)
    assert page.evaluate("() => window.sameDocument === true")
    assert page.locator("#import-progress").get_attribute("value") == "2"
    assert page.get_by_role("link", name="Rufbus").count() == 1
    assert page.get_by_role("link", name="Schul-WLAN").count() == 1
    assert page.locator("[hx-trigger]").count() == 0  # the polling stopped
    assert_accessible(page)
