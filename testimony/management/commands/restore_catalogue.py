import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from testimony.backup import BackupError, restore


def conninfo_for(database: dict) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(
        dbname=database["NAME"],
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
    )


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_catalogue into an empty database and an empty media "
        "folder, checking every SHA-256 in its manifest first and the row counts after."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup's folder")
        parser.add_argument(
            "--database-url", help="the empty database to restore into (default: this one)"
        )
        parser.add_argument(
            "--media-root", help="the empty folder for the files (default: PRIVATE_MEDIA_ROOT)"
        )

    def handle(self, *args, source, database_url=None, media_root=None, **options):
        started = time.monotonic()
        target = database_url or conninfo_for(connection.settings_dict)
        try:
            manifest = restore(source, target, media_root or settings.PRIVATE_MEDIA_ROOT)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {source}: {manifest['counts']} rows counted, "
            f"{len(manifest['media'])} files checked, in {time.monotonic() - started:.1f} s."
        )
