"""Tasks queued before the apps were split name the functions by their new paths.

The task worker finds a task by its dotted path (django-tasks-db's
`DBTaskResult.task_path`). A mail delivery, an announcement mailing or a
project import queued before the deployment that moved them would otherwise
fail to load in the new worker, and its mail would wait forever.
"""

from django.db import migrations

MOVED_TASKS = {
    "community.tasks.deliver_mail": "notifications.mail.deliver_mail",
    "community.tasks.mail_announcement": "community.services.mail_announcement",
    "regiohub.tasks.import_projects": "projects.imports.import_projects",
}


def rename(apps, schema_editor, mapping):
    task_result = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in mapping.items():
        task_result.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, MOVED_TASKS)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in MOVED_TASKS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_mail_alternatives_reply_to_confidential"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
