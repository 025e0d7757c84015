"""`make run` stopped by SIGTERM (a service manager, `kill`, `docker stop`), SIGINT
(Ctrl-C) or SIGKILL, serving or half-way through its set-up, starts again cleanly.

The signal goes to the whole process group, as a terminal's Ctrl-C and a service
manager's stop do. The server is the one DATABASE_URL names (a scratch database
beside the test database): the embedded server's own damage, its bookkeeping
file cut short, is covered by tests/test_embedded_pg.py.
"""

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases import scratch_database, url_for

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1:8134"
READY = f"http://{HOST}/healthz/ready/"


def default_signals() -> None:
    for how in (signal.SIGINT, signal.SIGTERM):
        signal.signal(how, signal.SIG_DFL)


def start(database_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "HOST": HOST}
    env.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.Popen(
        ["make", "run", f"HOST={HOST}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as under a service manager
        # As from a terminal: a suite started in the background (`make test &`)
        # hands its children SIGINT ignored, and Ctrl-C would then reach nobody.
        preexec_fn=default_signals,
    )


def wait_ready(process: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read().decode()[-3000:])
        try:
            with urllib.request.urlopen(READY, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("make run did not serve in time")


def stop(process: subprocess.Popen, how: signal.Signals) -> None:
    os.killpg(process.pid, how)
    process.wait(timeout=60)
    with pytest.raises(OSError):
        urllib.request.urlopen(READY, timeout=2)


@pytest.mark.django_db
def test_make_run_starts_again_after_each_stop_signal():
    with scratch_database("makerun") as conninfo:
        database_url = url_for(conninfo)
        for how, when in [
            (signal.SIGTERM, "serving"),
            (signal.SIGINT, "serving"),
            (signal.SIGKILL, "setting up"),
            (signal.SIGKILL, "serving"),
        ]:
            process = start(database_url)
            try:
                if when == "serving":
                    wait_ready(process)
                else:
                    time.sleep(4)  # migrating or loading the catalogue
                stop(process, how)
            except BaseException:
                os.killpg(process.pid, signal.SIGKILL)  # leave nothing holding the port
                raise
        process = start(database_url)
        try:
            wait_ready(process)
        finally:
            stop(process, signal.SIGTERM)
