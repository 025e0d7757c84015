"""Index every record for search (after a bulk load; saves keep it up to date)."""

import time

from django.core.management.base import BaseCommand

from testimony.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the catalogue."

    def handle(self, *args, **options):
        start = time.perf_counter()

        def progress(kind, count):
            self.stdout.write(f"  {kind}: {count} entries ({time.perf_counter() - start:.1f} s)")

        counts = rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index rebuilt: {sum(counts.values())} entries in "
                f"{time.perf_counter() - start:.1f} s."
            )
        )
