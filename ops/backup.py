"""Backup and restore of the whole portal: the PostgreSQL database and the uploaded files.

A backup is a directory `backups/<UTC timestamp>/` with

    database.dump          pg_dump --format=custom of DATABASE_URL
    media.tar.gz           MEDIA_ROOT (public uploads)
    private-media.tar.gz   PRIVATE_MEDIA_ROOT (files behind permission checks)
    manifest.json          when, from which database, and size and SHA-256 of each file

`restore` checks every checksum and every archive member before it changes
anything, then runs pg_restore --clean --if-exists into DATABASE_URL and
replaces the contents of both media directories. The PostgreSQL client tools
come from $PGBIN, the newest /usr/lib/postgresql/*/bin, or the PATH.
"""

import hashlib
import json
import os
import shutil
import subprocess  # nosec B404: runs pg_dump/pg_restore with an argument list, never a shell
import tarfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _media_roots() -> dict[str, Path]:
    return {
        "media.tar.gz": Path(settings.MEDIA_ROOT),
        "private-media.tar.gz": Path(settings.PRIVATE_MEDIA_ROOT),
    }


def pg_tool(name: str) -> str:
    candidates = []
    if os.environ.get("PGBIN"):
        candidates.append(Path(os.environ["PGBIN"]) / name)
    candidates += sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools or set PGBIN.")
    return found


def _pg_env(settings_dict: dict) -> tuple[dict[str, str], str]:
    """libpq environment for the database (keeps the password off the command line)."""
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backup and restore need PostgreSQL (DATABASE_URL=postgres://…).")
    env = dict(os.environ)
    for key, var in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env, settings_dict["NAME"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _run(args: list[str], env: dict[str, str]) -> None:
    # An argument list with our own tool paths and database names; no shell involved.
    result = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def create_backup(target_root: Path, progress: Callable[[str], None] = print) -> Path:
    """Write a complete backup into a new directory below target_root and return it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(target_root) / stamp
    target.mkdir(parents=True, exist_ok=False)
    env, name = _pg_env(connection.settings_dict)

    progress(f"Dumping database {name} …")
    _run([pg_tool("pg_dump"), "--format=custom", f"--file={target / DATABASE_FILE}", name], env)

    for archive, root in _media_roots().items():
        progress(f"Packing {root} into {archive} …")
        # Links are stored as the files they point to: restore accepts no link.
        with tarfile.open(target / archive, "w:gz", dereference=True) as tar:
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_symlink() and not path.exists():
                        progress(f"Skipping {path}: a link to nothing.")
                        continue
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)

    files = {}
    for path in sorted(target.iterdir()):
        files[path.name] = {"size": path.stat().st_size, "sha256": sha256_of(path)}
    manifest = {
        "format_version": FORMAT_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": name,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    total = sum(entry["size"] for entry in files.values())
    progress(f"Backup complete: {target} ({len(files)} files, {total:,} bytes)")
    return target


def verify_backup(source: Path) -> dict:
    """Check the manifest's sizes and checksums; raise BackupError on any difference."""
    manifest_path = Path(source) / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{manifest_path} is missing: not a backup directory.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format_version')!r}.")
    expected = {DATABASE_FILE, *_media_roots()}
    if missing := expected - set(manifest["files"]):
        raise BackupError(f"The manifest lacks {', '.join(sorted(missing))}.")
    for file_name, entry in manifest["files"].items():
        path = Path(source) / file_name
        if not path.is_file():
            raise BackupError(f"{file_name} is missing.")
        if path.stat().st_size != entry["size"] or sha256_of(path) != entry["sha256"]:
            raise BackupError(f"{file_name} does not match its checksum: the backup is damaged.")
    return manifest


def check_archive(path: Path) -> None:
    """Raise BackupError if a member of the tar archive could land outside its directory.

    Only regular files and directories with relative names and no ".." are
    accepted; links, devices and FIFOs are refused (the portal's own backups
    contain none). tarfile's "data" filter is meant to do this too, but Python
    before 3.11.13 / 3.12.11 / 3.13.4 (3.11.7 here among them) has known ways
    round it (CVE-2025-4517, CVE-2025-4330, CVE-2025-4138, CVE-2024-12718), so a
    backup from an untrusted place is checked here, whatever the Python.
    """
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if not (member.isfile() or member.isdir()):
                kind = "a link" if member.issym() or member.islnk() else "not a regular file"
                raise BackupError(f"{path.name}: {member.name!r} is {kind}; refused.")
            if name.is_absolute() or ".." in name.parts:
                raise BackupError(f"{path.name}: {member.name!r} points outside; refused.")


def restore_backup(source: Path, progress: Callable[[str], None] = print) -> None:
    """Verify, then restore the database into DATABASE_URL and the files into the media roots."""
    source = Path(source)
    progress(f"Verifying {source} …")
    verify_backup(source)
    for archive in _media_roots():
        check_archive(source / archive)
    env, name = _pg_env(connection.settings_dict)
    connection.close()

    progress(f"Restoring the database into {name} …")
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(source / DATABASE_FILE),
        ],
        env,
    )

    for archive, root in _media_roots().items():
        progress(f"Restoring {archive} into {root} …")
        root.mkdir(parents=True, exist_ok=True)
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        with tarfile.open(source / archive, "r:gz") as tar:
            # Checked above; the "data" filter also drops modes like setuid.
            tar.extractall(root, filter="data")
    progress("Restore complete.")
