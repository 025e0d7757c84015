"""Every migration can be undone on a database with data, and done again."""

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import Person

FIRST = {"testimony": "0001_initial", "catalog": "0001_initial"}


def applied(app: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM django_migrations WHERE app = %s ORDER BY id", [app])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_each_app_back_to_its_first_migration_and_forward_on_the_demo_catalogue():
    call_command("load_catalogue", verbosity=0)
    people = Person.objects.count()
    latest = {app: applied(app)[-1] for app in FIRST}
    assert people > 0
    # testimony first: it depends on catalog's migrations.
    for app, first in FIRST.items():
        call_command("migrate", app, first, verbosity=0)
        assert applied(app)[-1] == first
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalog_person")
        assert cursor.fetchone()[0] == people  # the records stayed through the way back
    call_command("migrate", verbosity=0)
    assert {app: applied(app)[-1] for app in FIRST} == latest
    assert Person.objects.count() == people
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
