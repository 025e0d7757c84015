"""No partner fetch is lost across a Redis restart, nor while Redis is down.

A real redis-server, started by the test on its own port, persisting as the
deployment does (append-only file): fetches queued before a restart are written
after it, and fetches made while it is down go straight to the table."""

import shutil
import signal
import subprocess
import time

import pytest
import redis

from testimony.api import fetch_log, shared_cache
from testimony.models import PartnerFetch
from tests.api.conftest import published

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

PORT = 8137


def start_redis(directory) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port", str(PORT),
            "--bind", "127.0.0.1",
            "--dir", str(directory),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
        ],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=PORT)
    for _ in range(100):
        try:
            client.ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


def stop(process: subprocess.Popen, how=signal.SIGTERM) -> None:
    process.send_signal(how)
    process.wait(timeout=20)


@pytest.fixture
def own_redis(settings, tmp_path):
    settings.REDIS_URL = f"redis://127.0.0.1:{PORT}/0"
    process = start_redis(tmp_path)
    state = {"process": process}
    yield state, tmp_path
    if state["process"].poll() is None:
        stop(state["process"])


def test_no_fetch_is_lost_across_a_redis_restart(own_redis, partner_client):
    state, directory = own_redis
    testimonies = [published({"access": "public"}) for _ in range(3)]
    claim = shared_cache.key(fetch_log.CLAIM)

    def fetch_all(times):
        shared_cache.client().set(claim, 1, ex=600)  # responses only queue (no write yet)
        for _ in range(times):
            partner_client.json("/api/v1/testimonies/")

    fetch_all(5)
    assert not PartnerFetch.objects.exists()  # all five wait in Redis
    stop(state["process"])  # as a restart, `docker stop` or a service manager does

    for _ in range(4):  # Redis down: each response writes its own
        partner_client.json("/api/v1/testimonies/")
    assert set(PartnerFetch.objects.values_list("times", flat=True)) == {4}

    state["process"] = start_redis(directory)
    fetch_all(2)
    assert fetch_log.flush() == 7  # the five from before the restart and two after
    times = dict(
        PartnerFetch.objects.filter(partner=partner_client.partner).values_list(
            "record_id", "times"
        )
    )
    assert times == {t.pk: 11 for t in testimonies}
