"""Import an OHMS XML file (5.x or 6.0) into a testimony's working copy.

Prints what will be created first; with --dry-run, writes nothing. The import
is a working copy: nothing leaves the archive until a reviewer releases it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from testimony.interchange.ohms_import import apply, describe, plan
from testimony.interchange.ohms_read import Refused
from testimony.models import Testimony


class Command(BaseCommand):
    help = "Import an OHMS XML file into a testimony (by catalogue identifier)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--testimony", required=True, help="Catalogue identifier.")
        parser.add_argument("--dry-run", action="store_true", help="Show the plan only.")
        parser.add_argument(
            "--alt-language",
            default="",
            help="ISO 639 code of the points' _alt fields when the file does not say.",
        )

    def handle(self, *args, file, testimony, dry_run, alt_language, **options):
        found = Testimony.objects.filter(catalogue_id=testimony).first()
        if found is None:
            raise CommandError(f"No testimony {testimony}.")
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            result = plan(found, content, alt_language)
        except Refused as refused:
            raise CommandError("\n".join(refused.problems)) from refused
        self.stdout.write("\n".join(describe(result)))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        apply(result)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {found.catalogue_id}'s working copy; a reviewer releases it."
            )
        )
