import tomllib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.seed import SeedError, load_catalogue_records
from testimony.seed import load_testimony_records

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FILES = ["reference.toml", "sources.toml", "demo.toml"]


class Command(BaseCommand):
    help = (
        "Load the seed records in fixtures/: reference places, organisations, subjects and "
        "public figures, the catalogued source articles and voyages, and the fictional demo set. "
        "Loading twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Leave out the fictional demo set."
        )

    def handle(self, *args, no_demo=False, **options):
        files = [name for name in FILES if not (no_demo and name == "demo.toml")]
        try:
            with transaction.atomic():
                for name in files:
                    with open(FIXTURES / name, "rb") as handle:
                        data = tomllib.load(handle)
                    load_catalogue_records(data)
                    load_testimony_records(data)
                    self.stdout.write(f"Loaded fixtures/{name}")
        except (SeedError, ValidationError, tomllib.TOMLDecodeError) as exc:
            raise CommandError(f"{name}: {exc}") from exc
