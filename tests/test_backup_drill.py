"""The backup drill: the demo catalogue backed up, restored into a fresh database
and folder, and compared record for record, history row for row, trigger for
trigger and file for file; then read through the API from the restored copy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from testimony.backup import BackupError, restore
from testimony.management.commands.restore_catalogue import conninfo_for
from tests.api.conftest import published
from tests.databases import scratch_database, url_for
from tests.factories import MediaFileFactory

ROOT = Path(__file__).resolve().parent.parent

FACTS = {
    "tables": "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
    "triggers": "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal",
    "functions": "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = 'public'",
}


def facts(conninfo: str) -> dict:
    with psycopg.connect(conninfo) as conn:
        found = {name: conn.execute(sql).fetchone()[0] for name, sql in FACTS.items()}
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:  # every record and every history row, table by table
            found[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    return found


@pytest.fixture
def fresh_database():
    with scratch_database("restored") as conninfo:
        yield conninfo


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_drill(tmp_path, settings, fresh_database):
    call_command("load_catalogue", verbosity=0)
    testimony = published({"access": "public"}, title="Crossing from Niigata")
    MediaFileFactory(testimony=testimony)
    MediaFileFactory(testimony=testimony, file__data=b"ID3 a second recording")
    backup_dir, media_dir = tmp_path / "backup", tmp_path / "restored-media"

    call_command("backup_catalogue", str(backup_dir))
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert len(manifest["media"]) >= 2

    # A damaged backup is refused before anything is written.
    damaged = tmp_path / "damaged"
    subprocess.run(["cp", "-r", str(backup_dir), str(damaged)], check=True)
    first = next(iter(manifest["media"]))
    (damaged / "media" / first).write_bytes(b"changed")
    with pytest.raises(BackupError, match="changed since the backup"):
        restore(damaged, fresh_database, media_dir)
    assert facts(fresh_database)["tables"] == 0 and not media_dir.exists()

    call_command(
        "restore_catalogue", str(backup_dir), database_url=fresh_database, media_root=media_dir
    )
    original = facts(conninfo_for(connection.settings_dict))
    assert facts(fresh_database) == original
    assert original["triggers"] > 50 and original["testimony_testimonyevent"] > 0
    for relative, entry in manifest["media"].items():
        kept = settings.PRIVATE_MEDIA_ROOT / relative
        restored = media_dir / relative
        assert restored.read_bytes() == kept.read_bytes()
        assert entry["size"] == restored.stat().st_size

    # Restoring over anything is refused.
    with pytest.raises(BackupError, match="not empty"):
        restore(backup_dir, fresh_database, tmp_path / "elsewhere")

    # The restored copy serves the testimony through the API.
    read = (
        "import django, json; django.setup();"
        "from django.core.management import call_command;"
        "call_command('createcachetable');"  # the test database is made without it
        "from django.test import Client;"
        f"r = Client().get('/api/v1/testimonies/{testimony.pk}/');"
        "print(json.dumps([r.status_code, r.json().get('title')]))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url_for(fresh_database),
        "PRIVATE_MEDIA_ROOT": str(media_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "1",
    }
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", read], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [200, "Crossing from Niigata"], (
        out.stderr[-2000:]
    )
