import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The catalogue as `make run` loads it: sources, reference records and the demo set."""
    call_command("load_catalogue", verbosity=0)
