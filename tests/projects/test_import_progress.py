"""The import runs on the task queue: status page, progress, retries, no duplicates."""

import logging

import pytest
from django_tasks_db.models import DBTaskResult

from projects import imports as project_import
from projects import services
from projects.models import ImportRun, Project
from tests.projects.factories import PublishedProjectFactory
from tests.projects.test_import import (
    GOOD,
    URL,
    confirm,
    csv_file,
    do_import,
    preview,
)
from tests.utils import count_queries
from tests.worker import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_tasks")]


def lines(count: int, prefix: str = "Projekt") -> list[str]:
    return [f";{prefix} {n};Zusammenfassung {n}.;existing;idea;;;;;;" for n in range(count)]


def status_url(run) -> str:
    return f"/intern/projekte-import/{run.pk}/"


def test_confirming_queues_the_import_and_the_status_page_shows_it_waiting(
    client_of, office, setting, django_capture_on_commit_callbacks
):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*GOOD))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirmed = confirm(client, response, [2, 3])
    run = ImportRun.objects.get()
    assert confirmed.status_code == 302 and confirmed.url == status_url(run)
    assert [c for c in callbacks if "enqueue" in c.__qualname__]  # handed over after the commit
    assert Project.objects.count() == 0
    assert (run.state, run.total_rows, run.rows_done) == ("queued", 2, 0)

    page = client.get(status_url(run)).content.decode()
    assert '<progress id="import-progress"' in page and 'max="2" value="0"' in page
    assert 'data-hx-trigger="every 2s"' in page  # htmx polls while it runs …
    assert f'href="{status_url(run)}"' in page  # … and without JavaScript: "Refresh"
    assert "0 of 2 rows" in page or "0 von 2 Zeilen" in page

    for callback in callbacks:  # the worker takes the task (the immediate backend runs it now)
        callback()
    run.refresh_from_db()
    assert (run.state, run.rows_done, run.created_count, run.skipped_count) == ("done", 2, 2, 0)
    assert run.records == []  # the file's rows are not kept after the import
    page = client.get(status_url(run)).content.decode()
    assert "hx-trigger" not in page  # finished: the polling stops
    assert 'max="2" value="2"' in page
    for project in Project.objects.all():
        assert f'href="{project.get_internal_url()}"' in page


def test_an_htmx_request_gets_only_the_status_fragment(client_of, office, setting, oncommit):
    client = client_of(office)
    do_import(client, preview(client, setting["partner"], csv_file(*GOOD)), [2, 3], oncommit)
    run = ImportRun.objects.get()
    response = client.get(status_url(run), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and 'id="import-status"' in body
    assert "HX-Request" in response["Vary"]


def test_progress_is_written_after_every_batch_and_logged(
    client_of, office, setting, oncommit, monkeypatch, caplog
):
    monkeypatch.setattr(project_import, "BATCH_SIZE", 2)
    seen = []
    real_save = services.save_project

    def watching(**kwargs):
        run = ImportRun.objects.get()
        seen.append((run.rows_done, run.created_count))
        return real_save(**kwargs)

    monkeypatch.setattr(project_import, "save_project", watching)
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*lines(5)))
    with caplog.at_level(logging.INFO, logger="projects.imports"):
        do_import(client, response, [2, 3, 4, 5, 6], oncommit)
    assert seen == [(0, 0), (0, 0), (2, 2), (2, 2), (4, 4)]
    run = ImportRun.objects.get()
    assert (run.state, run.rows_done, run.created_count) == ("done", 5, 5)
    assert run.started_at <= run.finished_at
    messages = [record.getMessage() for record in caplog.records]
    assert any("2 of 5 rows" in message for message in messages)
    assert any("5 created, 0 skipped" in message for message in messages)


def test_a_failed_import_keeps_the_finished_batches_and_a_retry_goes_on_without_duplicates(
    client_of, office, setting, oncommit, monkeypatch
):
    monkeypatch.setattr(project_import, "BATCH_SIZE", 2)
    real_save = services.save_project
    calls = {"count": 0}

    def failing_once(**kwargs):
        calls["count"] += 1
        if calls["count"] == 4:  # the second row of the second batch
            raise RuntimeError("Datenbank weg")
        return real_save(**kwargs)

    monkeypatch.setattr(project_import, "save_project", failing_once)
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*lines(5)))
    do_import(client, response, [2, 3, 4, 5, 6], oncommit)
    run = ImportRun.objects.get()
    assert (run.state, run.rows_done, run.created_count) == ("failed", 2, 2)
    assert "Datenbank weg" in run.error
    assert Project.objects.count() == 2  # the broken batch was rolled back as a whole
    page = client.get(status_url(run)).content.decode()
    assert "Datenbank weg" in page and "/erneut/" in page

    with oncommit(execute=True):
        assert client.post(f"{status_url(run)}erneut/").status_code == 302
    run.refresh_from_db()
    assert (run.state, run.rows_done, run.created_count, run.skipped_count) == ("done", 5, 5, 0)
    assert sorted(Project.objects.values_list("title", flat=True)) == [
        f"Projekt {n}" for n in range(5)
    ]


def test_running_the_task_again_or_twice_at_once_creates_nothing_twice(
    client_of, office, setting, oncommit
):
    client = client_of(office)
    first = preview(client, setting["partner"], csv_file(*lines(3)))
    second = preview(client, setting["partner"], csv_file(*lines(3)))
    with oncommit(execute=False) as callbacks:
        confirm(client, first, [2, 3, 4])
        confirm(client, second, [2, 3, 4])
    for callback in callbacks:  # both queued before either ran
        callback()
    runs = list(ImportRun.objects.order_by("pk"))
    assert [(r.created_count, r.skipped_count) for r in runs] == [(3, 0), (0, 3)]
    project_import.run_import(runs[0].pk)  # a duplicate delivery of the task
    assert ImportRun.objects.get(pk=runs[0].pk).created_count == 3
    assert Project.objects.count() == 3


def test_confirming_twice_queues_one_task(client_of, office, setting, oncommit):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*GOOD))
    with oncommit(execute=False) as callbacks:
        confirm(client, response, [2, 3])
        again = confirm(client, response, [2, 3])
    assert len([c for c in callbacks if "enqueue" in c.__qualname__]) == 1
    assert again.url == status_url(ImportRun.objects.get())


def test_a_row_broken_after_the_preview_stops_the_import_before_anything_is_created(
    client_of, office, setting, oncommit
):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*GOOD))
    with oncommit(execute=False) as callbacks:
        confirm(client, response, [2, 3])
    # Before the worker starts, another partner publishes a project under the row's slug.
    PublishedProjectFactory(lead_partner=setting["other"], slug="rufbus-digital")
    run = ImportRun.objects.get()
    run.records[0]["slug"] = "rufbus-digital"
    run.save()
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.state == "failed"
    assert run.error.startswith(("Line 2:", "Zeile 2:"))
    assert Project.objects.filter(lead_partner=setting["partner"]).count() == 0


def test_the_status_page_is_for_the_office_only_and_previews_have_none(
    client_of, office, admin_a, setting
):
    client = client_of(office)
    preview(client, setting["partner"], csv_file(*GOOD))
    run = ImportRun.objects.get()
    assert client.get(status_url(run)).status_code == 404  # not confirmed yet
    run.state = "done"
    run.save()
    assert client.get(status_url(run)).status_code == 200
    assert client_of(admin_a).get(status_url(run)).status_code == 403
    assert client_of(admin_a).post(f"{status_url(run)}erneut/").status_code == 403


def test_only_the_uploader_can_confirm_a_preview(client_of, office, setting, oncommit):
    from tests.factories import UserFactory, make_project_office

    response = preview(client_of(office), setting["partner"], csv_file(*GOOD))
    colleague = make_project_office(UserFactory(email="kollegin@example.org"))
    client = client_of(colleague)
    with oncommit(execute=True):
        refused = confirm(client, response, [2, 3])
    assert refused.status_code == 302 and refused.url == URL
    assert Project.objects.count() == 0


def test_the_status_page_query_count_does_not_grow_with_the_drafts(
    client_of, office, setting, oncommit
):
    client = client_of(office)
    do_import(client, preview(client, setting["partner"], csv_file(*lines(2))), [2, 3], oncommit)
    few = ImportRun.objects.get()
    response = preview(client, setting["partner"], csv_file(*lines(30, "Mehr")))
    do_import(client, response, list(range(2, 32)), oncommit)
    many = ImportRun.objects.latest("pk")
    assert many.created_count == 30
    assert count_queries(lambda: client.get(status_url(few))) == count_queries(
        lambda: client.get(status_url(many))
    )


def test_unconfirmed_previews_older_than_a_day_are_removed(client_of, office, setting):
    from datetime import timedelta

    from django.utils import timezone

    client = client_of(office)
    preview(client, setting["partner"], csv_file(*GOOD))
    ImportRun.objects.update(created_at=timezone.now() - timedelta(days=2))
    preview(client, setting["partner"], csv_file(*GOOD))
    assert ImportRun.objects.count() == 1


def test_more_than_a_thousand_ticked_rows_can_be_confirmed(client_of, office, setting, oncommit):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*lines(1010)))
    # One tick box per row: more form fields than Django's default limit of 1,000.
    with oncommit(execute=False):
        confirmed = confirm(client, response, range(2, 1012))
    assert confirmed.status_code == 302
    run = ImportRun.objects.get()
    assert (run.state, run.total_rows, len(run.selected_lines)) == ("queued", 1010, 1010)


# --- With the real database queue and worker ------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_confirmed_import(client_of, office, setting, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    client = client_of(office)
    confirm(client, preview(client, setting["partner"], csv_file(*GOOD)), [2, 3])
    assert DBTaskResult.objects.count() == 1
    assert ImportRun.objects.get().state == "queued"
    run_worker()
    run = ImportRun.objects.get()
    assert (run.state, run.created_count) == ("done", 2)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.parametrize("value", ["²", "9" * 30, "-1", "abc", ""])
def test_odd_numbers_in_the_confirmation_are_ignored(client_of, office, setting, value):
    client = client_of(office)
    response = preview(client, setting["partner"], csv_file(*GOOD))
    data = {"schritt": "importieren", "zeile": [value, "2"]}
    assert client.post(URL, {**data, "lauf": value}).status_code == 302  # no such preview
    with_run = client.post(URL, {**data, "lauf": response.context["run"].pk, "zeile": value})
    assert with_run.status_code == 200 and with_run.context["nothing_selected"]
    assert Project.objects.count() == 0
