"""A database filled before the apps were split keeps every row after migrating.

The legal pages' models and the project import left the former `regiohub`
app, the mail and notification models left `community`; each kept its table.
This test fills every moved table (and the tables pointing at them), takes
the database back to the state of the last release before the move (the
moved models unknown to the new apps, their content types under the old app
labels, the old app's migrations recorded), migrates forward, and compares
every table's rows.
"""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from legal.models import BarrierReport, LegalSection
from notifications.models import DigestItem, NotificationSetting, OutgoingMail
from projects.models import ImportRun
from tests.factories import PartnerFactory, UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The migrations of the last release that still had the models in their old apps.
# Back in this order: `migrate notifications zero` also takes back community's
# 0005, which depends on it.
BEFORE_THE_MOVE = [
    ("notifications", "zero"),
    ("legal", "zero"),
    ("projects", "0003_showcase_facets_index"),
]
MOVED = {
    "regiohub": {
        "legal": [
            "legalsection", "accessibilitystatement", "barrierreport", "historicallegalsection",
            "historicalaccessibilitystatement", "historicalbarrierreport",
        ],
        "projects": ["importrun"],
    },
    "community": {"notifications": ["outgoingmail", "notificationsetting", "digestitem"]},
}  # fmt: skip
# Tables whose rows are no data of the portal's (bookkeeping that migrating rewrites).
# Bookkeeping tables, and the matching index's generation counter (exchange), whose
# migration writes its one row again when it runs.
NOT_COMPARED = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "regiohub_cache",
    "exchange_matchindexstate",
}


def _fill() -> dict:
    user = UserFactory(email="office@example.org")
    partner = PartnerFactory(name="Landkreis Teltow-Fläming")
    section = LegalSection.objects.create(key=LegalSection.Key.IMPRINT_PROVIDER, body_de="Stadt")
    section.body_de = "Landeshauptstadt Potsdam"
    section.save()  # a second history row
    BarrierReport.objects.create(description="Der Kontrast ist zu schwach.", language="de")
    run = ImportRun.objects.create(created_by=user, partner=partner, file_name="alt.csv")
    run.created_projects.add(ProjectFactory(title="Importiertes Projekt"))
    OutgoingMail.objects.create(key="invitation:1", to="a@example.org", subject="S", body="B")
    NotificationSetting.objects.create(user=user, category="events", frequency="weekly")
    DigestItem.objects.create(user=user, category="events", subject="Termin")
    entry = LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[section], action_flag=ADDITION, single_object=True
    )
    return {"log_entry": entry.pk}


def _rows_per_table() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in NOT_COMPARED:
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def _back_to_the_last_release_before_the_move() -> None:
    for app, migration in BEFORE_THE_MOVE:
        call_command("migrate", app, migration, verbosity=0)
    # That release recorded the former app's migrations; migrating back gave the
    # content types their old labels.
    recorder = MigrationRecorder(connection)
    recorder.record_applied("regiohub", "0001_initial")
    recorder.record_applied("regiohub", "0002_import_run")
    ContentType.objects.clear_cache()
    for old_app, new_apps in MOVED.items():
        for new_app, models in new_apps.items():
            assert not ContentType.objects.filter(app_label=new_app, model__in=models).exists()
            assert ContentType.objects.filter(app_label=old_app, model__in=models).count() == len(
                models
            )


def test_every_row_survives_the_move_of_the_models():
    _fill()
    before = _rows_per_table()
    assert all(before[table] for table in ("regiohub_legalsection", "community_outgoingmail"))

    _back_to_the_last_release_before_the_move()
    assert ContentType.objects.filter(app_label="regiohub", model="legalsection").exists()
    call_command("migrate", verbosity=0)

    assert _rows_per_table() == before
    assert LegalSection.objects.get().history.count() == 2
    assert ImportRun.objects.get().created_projects.get().title == "Importiertes Projekt"
    assert OutgoingMail.objects.get().key == "invitation:1"


def test_the_admin_history_and_permissions_follow_the_models_to_their_new_apps():
    ids = _fill()
    permissions = Permission.objects.count()

    _back_to_the_last_release_before_the_move()
    old_type = ContentType.objects.get(app_label="regiohub", model="legalsection")
    assert LogEntry.objects.get(pk=ids["log_entry"]).content_type_id == old_type.pk
    call_command("migrate", verbosity=0)
    ContentType.objects.clear_cache()

    moved = ContentType.objects.get(app_label="legal", model="legalsection")
    assert moved.pk == old_type.pk  # the same row, renamed: nothing points nowhere
    assert (
        LogEntry.objects.get(pk=ids["log_entry"]).get_edited_object() == LegalSection.objects.get()
    )
    assert not ContentType.objects.filter(app_label="regiohub").exists()
    assert not ContentType.objects.filter(app_label="community", model="outgoingmail").exists()
    assert Permission.objects.filter(content_type=moved, codename="change_legalsection").exists()
    assert Permission.objects.count() == permissions
