"""Background tasks, run by `manage.py db_worker` (django-tasks with the database backend)."""

from django_tasks import task


@task()
def deliver_mail(mail_id: int) -> None:
    from .mail import deliver

    deliver(mail_id)


@task()
def mail_announcement(announcement_id: int) -> None:
    from .services import mail_announcement as run

    run(announcement_id)
