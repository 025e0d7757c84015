"""Fault benchmark: the API under steady load while its database, then its Redis,
stops for a while and starts again.

Everything runs on its own: a private PostgreSQL cluster (initdb and pg_ctl from
PG_BIN, PostgreSQL 15 by default) and a private redis-server, each on its own
port, the catalogue migrated and loaded into it, and gunicorn (2 sync workers,
DEBUG off) in front. Eight client threads read the testimony list for
BENCH_SECONDS (60), half as the public and half as a partner; after
BENCH_FAULT_AT seconds (20) the service is stopped for BENCH_FAULT_SECONDS (10)
and started again. For each fault it prints the requests answered, the
responses that were not JSON (target 0), the requests that hung past the
client's timeout (target 0), the answers by status, the time from the restart
to the first 200 (target under 2 s), and whether every partner response was
recorded in the fetch log.

    .venv/bin/python bench/fault_bench.py     # as root: the cluster runs as `postgres`
"""

import collections
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
APP_PORT, PG_PORT, REDIS_PORT = 8130, 8131, 8132
SECONDS = float(os.environ.get("BENCH_SECONDS", 60))
FAULT_AT = float(os.environ.get("BENCH_FAULT_AT", 20))
FAULT_SECONDS = float(os.environ.get("BENCH_FAULT_SECONDS", 10))
CLIENTS = 8
CLIENT_TIMEOUT = 15.0  # a request still unanswered after this counts as hung
LIST = f"http://127.0.0.1:{APP_PORT}/api/v1/testimonies/?page_size=20"


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Services:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.pgdata = workdir / "pgdata"
        self.redis_dir = workdir / "redis"
        self.redis_dir.mkdir()
        self.redis = None
        self.app = None
        self.database_url = f"postgres://postgres@127.0.0.1:{PG_PORT}/bench_faults"

    def init_postgres(self):
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        subprocess.run(
            as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.start_postgres()
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "bench_faults"],
            check=True,
        )

    def start_postgres(self):
        subprocess.run(
            as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.pgdata),
                    "-w",
                    "-l",
                    str(self.pgdata / "log"),
                    "-o",
                    f"-p {PG_PORT} -k {self.pgdata} -c listen_addresses=127.0.0.1",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop_postgres(self):
        subprocess.run(
            as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-w", "-m", "fast", "stop"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start_redis(self):
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.redis_dir),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            if (
                subprocess.run(
                    ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True
                ).stdout.strip()
                == b"PONG"
            ):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop_redis(self):
        self.redis.send_signal(signal.SIGTERM)
        self.redis.wait(timeout=30)

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
        env.update(
            DATABASE_URL=self.database_url,
            REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
            SECRET_KEY="fault-bench-not-a-secret-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1",
            API_PUBLIC_RATE="1000000/minute",
            PRIVATE_MEDIA_ROOT=str(self.workdir / "media"),
            LOG_LEVEL="ERROR",
        )
        return env

    def manage_last_line(self, *args) -> str:
        """The last line a command printed (``shell`` prints a greeting first)."""
        return (self.manage(*args).strip().splitlines() or [""])[-1]

    def manage(self, *args, debug=True) -> str:
        env = self.env()
        if debug:
            env["DEBUG"] = "1"
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def start_app(self):
        self.app = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{APP_PORT}",
                "--workers",
                "2",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                urllib.request.urlopen(LIST, timeout=2)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def close(self):
        if self.app and self.app.poll() is None:
            self.app.terminate()
            self.app.wait(timeout=30)
        if self.redis and self.redis.poll() is None:
            self.stop_redis()
        if (self.pgdata / "postmaster.pid").exists():
            self.stop_postgres()


PARTNER_SETUP = """
import datetime
from django.utils import timezone
from testimony.models import PartnerOrganisation, PartnerToken
partner, _ = PartnerOrganisation.objects.get_or_create(
    name="Fault bench", defaults={"throttle_rate": "1000000/minute"})
print(PartnerToken.issue(partner, name="bench",
      expires_at=timezone.now() + datetime.timedelta(days=1))[1])
"""

FETCH_COUNT = """
from testimony.api import fetch_log
from testimony.models import PartnerFetch
fetch_log.flush()
rows = PartnerFetch.objects.filter(partner__name="Fault bench")
print(max(rows.values_list("times", flat=True), default=0))
"""


def load(token: str, stop_at: float, results: list, lock: threading.Lock, partner: bool):
    headers = {"Authorization": f"Token {token}"} if partner else {}
    while time.monotonic() < stop_at:
        started = time.monotonic()
        status, is_json, hung = 0, False, False
        try:
            with urllib.request.urlopen(
                urllib.request.Request(LIST, headers=headers), timeout=CLIENT_TIMEOUT
            ) as response:
                status, body, kind = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, kind = error.code, error.read(), error.headers
        except TimeoutError:
            hung, body, kind = True, b"", {}
        except OSError:
            body, kind = b"", {}  # refused or reset: no answer at all
        if status:
            try:
                json.loads(body)
                is_json = kind.get("Content-Type", "").startswith("application/json")
            except ValueError:
                is_json = False
        with lock:
            results.append((started, time.monotonic(), status, is_json, hung, partner))
        if status != 200:
            time.sleep(0.05)


def run_fault(services: Services, token: str, name: str, stop, start) -> dict:
    results, lock = [], threading.Lock()
    begin = time.monotonic()
    threads = [
        threading.Thread(target=load, args=(token, begin + SECONDS, results, lock, n % 2 == 1))
        for n in range(CLIENTS)
    ]
    before = int(services.manage_last_line("shell", "-c", FETCH_COUNT) or 0)
    for thread in threads:
        thread.start()
    time.sleep(FAULT_AT)
    stop()
    stopped_at = time.monotonic()
    time.sleep(FAULT_SECONDS)
    start()
    restarted_at = time.monotonic()
    for thread in threads:
        thread.join()
    first_200 = min(
        (end for started, end, status, *_ in results if status == 200 and started >= restarted_at),
        default=None,
    )
    during = [r for r in results if r[1] >= stopped_at and r[0] <= restarted_at]
    partner_200 = sum(1 for r in results if r[2] == 200 and r[5])
    after = int(services.manage_last_line("shell", "-c", FETCH_COUNT) or 0)
    return {
        "fault": name,
        "requests": len(results),
        "non_json": sum(1 for r in results if r[2] and not r[3]),
        "no_answer": sum(1 for r in results if not r[2] and not r[4]),
        "hung": sum(1 for r in results if r[4]),
        "statuses": dict(sorted(collections.Counter(r[2] for r in results).items())),
        "statuses_during_fault": dict(sorted(collections.Counter(r[2] for r in during).items())),
        "restart_to_first_200_s": None if first_200 is None else round(first_200 - restarted_at, 3),
        "partner_200": partner_200,
        "partner_fetches_logged": after - before,
    }


def main():
    workdir = Path(tempfile.mkdtemp(prefix="fault-bench-"))
    services = Services(workdir)
    try:
        services.init_postgres()
        services.start_redis()
        services.manage("migrate", "--noinput")
        services.manage("createcachetable")
        services.manage("load_catalogue")
        token = services.manage_last_line("shell", "-c", PARTNER_SETUP)
        services.start_app()
        report = [
            run_fault(services, token, "database", services.stop_postgres, services.start_postgres),
            run_fault(services, token, "redis", services.stop_redis, services.start_redis),
        ]
    finally:
        services.close()
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"{CLIENTS} clients, {SECONDS:.0f} s each, fault at {FAULT_AT:.0f} s "
        f"for {FAULT_SECONDS:.0f} s; client timeout {CLIENT_TIMEOUT:.0f} s"
    )
    for row in report:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
