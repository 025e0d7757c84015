"""Scratch databases beside the test database, for tests that run the catalogue
in other processes (a restore, `make run`)."""

import contextlib
from urllib.parse import quote

import psycopg
from django.db import connection
from psycopg.conninfo import conninfo_to_dict

from testimony.management.commands.restore_catalogue import conninfo_for


def url_for(conninfo: str) -> str:
    """A DATABASE_URL for a libpq connection string."""
    part = conninfo_to_dict(conninfo)
    auth = quote(part.get("user", "postgres")) + (
        f":{quote(part['password'])}" if part.get("password") else ""
    )
    where = f"{part.get('host', '127.0.0.1')}:{part.get('port', 5432)}"
    return f"postgres://{auth}@{where}/{part['dbname']}"


@contextlib.contextmanager
def scratch_database(suffix: str):
    """A new, empty database named after the test database; dropped after."""
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    server = conninfo_for({**connection.settings_dict, "NAME": "postgres"})
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield conninfo_for({**connection.settings_dict, "NAME": name})
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
