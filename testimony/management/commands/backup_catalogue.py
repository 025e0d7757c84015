import time

from django.core.management.base import BaseCommand, CommandError

from testimony.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, custom format) and the stored files, with a manifest "
        "of SHA-256s, into an empty folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="a new or empty folder")

    def handle(self, *args, destination, **options):
        started = time.monotonic()
        try:
            manifest = backup(destination, log=self.stderr.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = manifest["database"]["size"] + sum(f["size"] for f in manifest["media"].values())
        self.stdout.write(
            f"Backed up to {destination}: database {manifest['database']['size']} bytes, "
            f"{len(manifest['media'])} files, {size} bytes in all, "
            f"in {time.monotonic() - started:.1f} s."
        )
