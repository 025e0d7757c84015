"""A consistent backup of the catalogue: the database and the stored files together.

A backup is a folder: ``database.dump`` (pg_dump's custom format, one snapshot of
every table, trigger and function), ``media/`` (a copy of every stored file) and
``manifest.json`` (the SHA-256 and size of the dump and of each file, and row
counts). The dump is taken first and the files copied after: files are only
ever added or removed, never changed in place, so every file the dump refers to
is copied (one deleted meanwhile is reported). A restore checks every hash
before it writes anything, restores into an empty database and an empty folder,
and checks the copied files' hashes again.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

FORMAT = 1
DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"
# Counted in the manifest, and compared after a restore.
COUNTED = [
    "catalog_person",
    "testimony_testimony",
    "testimony_segment",
    "testimony_mediafile",
    "testimony_consentrecord",
]
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Path, target: Path) -> str:
    """Copy a file, returning the SHA-256 of what was read."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source.open("rb") as read, target.open("wb") as write:
        while chunk := read.read(CHUNK):
            digest.update(chunk)
            write.write(chunk)
        write.flush()
        os.fsync(write.fileno())
    return digest.hexdigest()


def _libpq_env(database: dict) -> dict:
    env = dict(os.environ)
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if database.get(key):
            env[name] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _tool(name: str) -> str:
    """pg_dump / pg_restore from PG_BIN_DIR if set, else the first on PATH."""
    folder = os.environ.get("PG_BIN_DIR")
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install PostgreSQL's client or set PG_BIN_DIR.")
    return found


def _media_root() -> Path:
    if settings.PRIVATE_STORAGE_S3:
        raise BackupError(
            "Files are kept in an S3 bucket: back the bucket up with its own versioning."
        )
    return Path(settings.PRIVATE_MEDIA_ROOT)


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for table in COUNTED:
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[table] = cursor.fetchone()[0]
    return counts


def backup(destination: Path, log=print) -> dict:
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty.")
    destination.mkdir(parents=True, exist_ok=True)
    database = connection.settings_dict
    dump = destination / DUMP
    with connection.cursor() as cursor:
        counts = _counts(cursor)
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), database["NAME"]],
        env=_libpq_env(database),
        check=True,
    )
    media_root = _media_root()
    files = {}
    if media_root.exists():
        for source in sorted(p for p in media_root.rglob("*") if p.is_file()):
            relative = source.relative_to(media_root).as_posix()
            try:
                files[relative] = {
                    "sha256": _copy(source, destination / MEDIA / relative),
                    "size": source.stat().st_size,
                }
            except FileNotFoundError:
                log(f"Removed while the backup ran, not kept: {relative}")
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": {"file": DUMP, "sha256": _sha256(dump), "size": dump.stat().st_size},
        "counts": counts,
        "media": files,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def verify(source: Path) -> dict:
    """The backup's manifest, once every hash in it has been checked."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"No readable manifest in {source}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    wrong = []
    if _sha256_or_none(source / DUMP) != manifest["database"]["sha256"]:
        wrong.append(DUMP)
    for relative, entry in manifest["media"].items():
        if _sha256_or_none(source / MEDIA / relative) != entry["sha256"]:
            wrong.append(f"{MEDIA}/{relative}")
    if wrong:
        raise BackupError("Missing or changed since the backup: " + ", ".join(wrong))
    return manifest


def _sha256_or_none(path: Path) -> str | None:
    return _sha256(path) if path.is_file() else None


def restore(source: Path, database_url: str, media_root: Path) -> dict:
    """Restore a verified backup into an empty database and an empty folder."""
    source, media_root = Path(source), Path(media_root)
    manifest = verify(source)
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    if tables:
        raise BackupError("The database is not empty: restore into a new, empty database.")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore into a new, empty folder.")
    subprocess.run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            database_url,
            str(source / DUMP),
        ],
        check=True,
    )
    for relative, entry in manifest["media"].items():
        if _copy(source / MEDIA / relative, media_root / relative) != entry["sha256"]:
            raise BackupError(f"{relative} changed while it was copied.")
    with psycopg.connect(database_url) as conn, conn.cursor() as cursor:
        counts = _counts(cursor)
    if counts != manifest["counts"]:
        raise BackupError(f"Row counts differ: {counts} restored, {manifest['counts']} kept.")
    return manifest
