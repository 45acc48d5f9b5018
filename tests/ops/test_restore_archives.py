"""`manage.py restore` refuses archive members that could land outside their directory.

Checked by the portal itself before anything changes, not left to tarfile's
"data" filter, which has known bypasses in the Python releases before
3.11.13 / 3.12.11 / 3.13.4.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from ops.backup import BackupError, check_archive, restore_backup


def regular(name: str, data: bytes = b"x") -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def special(name: str, kind: bytes, linkname: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info, None


def write_archive(path: Path, members) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


HOSTILE = {
    "absolute path": [regular("/var/www/regiohub-escape.txt")],
    "parent directory": [regular("../escape.txt")],
    "parent inside the name": [regular("logos/../../escape.txt")],
    "symlink out": [special("logos", tarfile.SYMTYPE, "/etc"), regular("logos/passwd")],
    "symlink to the parent": [special("up", tarfile.SYMTYPE, "..")],
    "symlink chain": [
        special("a", tarfile.SYMTYPE, "."),
        special("b", tarfile.SYMTYPE, "a/../x"),
    ],
    "hard link out": [special("copy", tarfile.LNKTYPE, "../../etc/passwd")],
    "hard link inside": [regular("one.txt"), special("two.txt", tarfile.LNKTYPE, "one.txt")],
    "device": [special("console", tarfile.CHRTYPE)],
    "fifo": [special("pipe", tarfile.FIFOTYPE)],
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_member_is_refused(tmp_path, case):
    archive = write_archive(tmp_path / "media.tar.gz", [regular("ok.txt"), *HOSTILE[case]])
    with pytest.raises(BackupError, match="refused"):
        check_archive(archive)


def test_regular_files_and_directories_pass(tmp_path):
    folder = tarfile.TarInfo("logos")
    folder.type = tarfile.DIRTYPE
    archive = write_archive(
        tmp_path / "media.tar.gz",
        [(folder, None), regular("logos/potsdam.png"), regular("./Übersicht mit Leerzeichen.txt")],
    )
    check_archive(archive)


def backup_with(tmp_path: Path, media_members) -> Path:
    """A backup directory whose manifest matches, with the given media archive."""
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"never read: the archives are refused first")
    write_archive(backup / "media.tar.gz", media_members)
    write_archive(backup / "private-media.tar.gz", [regular("agreements/loi.pdf")])
    files = {
        path.name: {
            "size": path.stat().st_size,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        for path in sorted(backup.iterdir())
    }
    manifest = {"format_version": 1, "created": "2026-12-01T02:00:00+00:00", "database": "x"}
    (backup / "manifest.json").write_text(json.dumps({**manifest, "files": files}))
    return backup


def test_restore_refuses_a_backup_with_a_link_out_before_anything_changes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "keep.txt").write_text("still here")
    outside = tmp_path / "outside"
    backup = backup_with(
        tmp_path,
        [
            special("logos", tarfile.SYMTYPE, str(outside)),
            regular("logos/planted.txt", b"planted"),
        ],
    )
    with pytest.raises(BackupError, match="'logos' is a link; refused"):
        restore_backup(backup, progress=lambda message: None)
    assert (settings.MEDIA_ROOT / "keep.txt").read_text() == "still here"
    assert not outside.exists()
