"""Run the task worker in the test process (shared by the tests of every app with tasks)."""

from django_tasks_db.management.commands.db_worker import Worker


def _worker() -> Worker:
    """db_worker's worker: the default queue, every due task, no waiting."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def run_worker() -> None:
    """Work off every task that is due, in this process, then return (like the worker)."""
    _worker().run()


def run_tasks_in_transaction() -> int:
    """The worker's loop for tests inside a test transaction (no connection closing).

    The real worker closes "old" connections between tasks, which would end
    the test's transaction; this claims and runs each due task the same way
    (Worker.run_task) and returns how many ran.
    """
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    worker = _worker()
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


def work_off() -> None:
    """`run_tasks_in_transaction()` until nothing is due, committing what each round wrote.

    Inside a test's transaction nothing commits, so the work a task leaves for
    after its commit (the delivery of the mails an announcement queued, the
    next attempt at a mail the server refused) would never be enqueued; each
    round runs those callbacks as a commit would.
    """
    from django.test import TestCase

    while True:
        with TestCase.captureOnCommitCallbacks(execute=True):
            ran = run_tasks_in_transaction()
        if not ran:
            return


def committed(write):
    """Run `write` as if its transaction committed, then let the worker do what is due.

    Returns what `write` returned. This is how a test sees the mails a request
    or a service queued arrive in `mail.outbox`.
    """
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        result = write()
    work_off()
    return result
