"""`make backup` / `make restore`: a filled database and its files survive a round trip."""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tests.factories import MembershipFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def conninfo(name: str) -> dict:
    s = connection.settings_dict
    return {"host": s["HOST"], "port": s["PORT"], "user": s["USER"], "dbname": name}


def table_fingerprints(name: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash over all its rows."""
    with psycopg.connect(**conninfo(name)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        result = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                "FROM {} t"
            ).format(sql.Identifier(table))
            result[table] = tuple(conn.execute(query).fetchone())
        return result


def file_fingerprints(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def filled_portal(settings, tmp_path):
    for number in range(25):
        partner = PartnerFactory(name=f"Gemeinde Sicherung {number}", description="Ä ö ü ß – €")
        MembershipFactory(partner=partner, user=UserFactory(email=f"person{number}@sicher.de"))
        partner.city = "Potsdam"
        partner.save()  # a second history entry
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "potsdam.png").write_bytes(os.urandom(50_000))
    (settings.MEDIA_ROOT / "Übersicht mit Leerzeichen.txt").write_text("Grüße", encoding="utf-8")
    (settings.PRIVATE_MEDIA_ROOT / "agreements" / "2026").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "agreements" / "2026" / "loi.pdf").write_bytes(b"%PDF-1.7 x")
    return tmp_path


@pytest.fixture
def fresh_database():
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**conninfo("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**conninfo("postgres"), autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))


def restore_in_subprocess(backup: Path, database: str, media: Path, private: Path):
    """Run `manage.py restore` the way `make restore` does, against another database."""
    s = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{database}",
        MEDIA_ROOT=str(media),
        PRIVATE_MEDIA_ROOT=str(private),
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "restore", "--no-input", str(backup)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_every_table_and_file_into_a_fresh_database(
    filled_portal, fresh_database, settings, capsys
):
    call_command("backup", output_dir=str(filled_portal / "backups"))
    backup = next((filled_portal / "backups").iterdir())
    assert "Backup complete" in capsys.readouterr().out

    restored_media = filled_portal / "restored" / "media"
    restored_private = filled_portal / "restored" / "private"
    result = restore_in_subprocess(backup, fresh_database, restored_media, restored_private)
    assert result.returncode == 0, result.stderr
    assert "Restore complete." in result.stdout

    source = table_fingerprints(connection.settings_dict["NAME"])
    assert source["partners_partner"][0] >= 25
    assert source["partners_historicalpartner"][0] >= 50
    assert table_fingerprints(fresh_database) == source
    assert file_fingerprints(restored_media) == file_fingerprints(settings.MEDIA_ROOT)
    assert file_fingerprints(restored_private) == file_fingerprints(settings.PRIVATE_MEDIA_ROOT)
    assert len(file_fingerprints(restored_media)) == 2


def test_a_damaged_backup_is_refused_before_anything_changes(
    filled_portal, fresh_database, settings
):
    call_command("backup", output_dir=str(filled_portal / "backups"))
    backup = next((filled_portal / "backups").iterdir())
    dump = backup / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    restored_media = filled_portal / "restored" / "media"
    restored_media.mkdir(parents=True)
    (restored_media / "keep.txt").write_text("still here")

    result = restore_in_subprocess(backup, fresh_database, restored_media, filled_portal / "p")
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr
    assert (restored_media / "keep.txt").read_text() == "still here"
    assert table_fingerprints(fresh_database) == {}
