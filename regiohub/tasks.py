"""Background tasks of the regiohub app, run by `manage.py db_worker`."""

from django_tasks import task


@task()
def import_projects(run_id: int) -> None:
    """Import the ticked rows of a confirmed project import (regiohub.models.ImportRun)."""
    from .project_import import run_import

    run_import(run_id)
