"""Support for migrations that move models from one app to another.

A moved model keeps its table (`db_table`), its rows and its history. Its new
app's first migration adds it to the migration state only
(`SeparateDatabaseAndState`) and then runs `adopt_models()`:

- on a database that already has the table (migrated before the move), the
  content type is renamed to the new app, so the admin's log entries,
  permissions and everything else that points at it stay attached;
- on a new database, where the old app's migrations never ran, the table is
  created from the migration state.
"""

from django.db import migrations


def adopt_models(*, app_label: str, old_app_label: str, models: list[str]) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        tables = set(schema_editor.connection.introspection.table_names())
        for name in models:
            model = apps.get_model(app_label, name)
            if model._meta.db_table not in tables:
                schema_editor.create_model(model)
        content_type = apps.get_model("contenttypes", "ContentType")
        for name in models:
            model_name = name.lower()
            if not content_type.objects.filter(app_label=app_label, model=model_name).exists():
                content_type.objects.filter(app_label=old_app_label, model=model_name).update(
                    app_label=app_label
                )

    def backwards(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        for name in models:
            model_name = name.lower()
            if not content_type.objects.filter(app_label=old_app_label, model=model_name).exists():
                content_type.objects.filter(app_label=app_label, model=model_name).update(
                    app_label=old_app_label
                )

    return migrations.RunPython(forwards, backwards)
