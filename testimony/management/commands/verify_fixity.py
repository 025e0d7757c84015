"""Verify every stored file against its checksum; exit non-zero on any problem.

Meant for a scheduled job (cron, systemd timer). Missing image derivatives are
rebuilt from their originals on the way.
"""

from django.core.management.base import BaseCommand, CommandError

from testimony.files.fixity import verify_and_repair
from testimony.models import MediaFile


class Command(BaseCommand):
    help = "Verify every stored file's SHA-256; report missing and changed files."

    def handle(self, *args, **options):
        counts = {value: 0 for value in MediaFile.Fixity.values}
        rebuilt = 0
        for media in MediaFile.objects.order_by("pk").iterator(chunk_size=500):
            outcome, repaired = verify_and_repair(media)
            counts[outcome] += 1
            rebuilt += repaired
            if outcome != MediaFile.Fixity.OK:
                label = MediaFile.Fixity(outcome).label
                self.stdout.write(f"{label.upper()}: file {media.pk} {media.file.name} ({media})")
        ok, missing, changed = (
            counts[MediaFile.Fixity.OK],
            counts[MediaFile.Fixity.MISSING],
            counts[MediaFile.Fixity.CHANGED],
        )
        summary = (
            f"{ok} intact, {missing} missing, {changed} changed; {rebuilt} derivatives rebuilt."
        )
        if missing or changed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
