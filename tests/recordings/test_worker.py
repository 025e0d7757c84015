"""A real worker process (``manage.py procrastinate worker``) against PostgreSQL:
killed with SIGKILL in the middle of making an access copy, the job is taken up
again by the next worker and completes."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.files import File
from django.db import connection

from testimony.models import AccessCopy, JobError, MediaFile
from tests.api.conftest import published, released
from tests.factories import SealedRangeFactory
from tests.recordings import signals
from tests.recordings.helpers import seconds

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
MINUTES = 8  # long enough that the copy takes seconds to make


@pytest.fixture(autouse=True)
def _empty_queue():
    """The queue's tables are not Django's to flush: empty them after each test."""
    yield
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_events, procrastinate_periodic_defers, "
            "procrastinate_jobs, procrastinate_workers"
        )


def long_wav(path: Path) -> None:
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(signals.RATE)
        minute = (signals.speech(60) * 32767).astype(np.int16).tobytes()
        for _ in range(MINUTES):
            out.writeframes(minute)


def database_url(db: dict) -> str:
    """The test database as a URL, for a process started from the test."""
    from urllib.parse import quote

    user = quote(db["USER"] or "")
    if db["PASSWORD"]:
        user += ":" + quote(db["PASSWORD"])
    # A unix socket's folder (the embedded server) is written percent-encoded.
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{user}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env() -> dict:
    return os.environ | {
        "DATABASE_URL": database_url(connection.settings_dict),
        "DEBUG": "1",
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        # A worker silent for 2 s is dead; stalled jobs are looked for every second.
        "JOBS_HEARTBEAT_SECONDS": "0.5",
        "JOBS_STALLED_SECONDS": "2",
        "JOBS_STALLED_CHECK_CRON": "* * * * * *",
    }


def start_worker(log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=ROOT,
        env=worker_env(),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def job_row(media_file_id: int):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, status, attempts FROM procrastinate_jobs "
            "WHERE task_name = 'make_access_copies' AND (args->>'media_file_id')::int = %s "
            "ORDER BY id",
            [media_file_id],
        )
        return cursor.fetchall()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_a_job_killed_mid_copy_completes_after_a_restart(tmp_path):
    testimony = published({"access": "public", "audio": "public"})
    SealedRangeFactory(testimony=testimony, start=seconds(30), end=seconds(90))
    source = tmp_path / "long.wav"
    long_wav(source)
    with source.open("rb") as handle:
        media = MediaFile.objects.create(
            testimony=testimony,
            kind="audio",
            content_type="audio/x-wav",
            file=File(handle, name="long.wav"),
            sha256="0" * 64,
        )
    released(testimony)  # committed with its queued job: this test has no outer transaction
    (job,) = job_row(media.pk)
    assert job[1] == "todo"
    log = tmp_path / "worker.log"
    first = start_worker(log)
    try:
        wait_for(lambda: job_row(media.pk)[0][1] == "doing", 60, "the first worker to start")
        time.sleep(1)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        # Killed mid-job: no copy was stored, and the job is left "doing".
        assert not AccessCopy.objects.filter(media_file=media).exists()
        assert job_row(media.pk)[0][1] == "doing"
    finally:
        if first.poll() is None:
            first.kill()
    second = start_worker(log)
    try:
        wait_for(
            lambda: AccessCopy.objects.filter(media_file=media).exists(),
            180,
            "the copy, after the restart",
        )
        wait_for(lambda: job_row(media.pk)[0][1] == "succeeded", 30, "the job to succeed")
    finally:
        stop(second)
    ((_, status, attempts),) = job_row(media.pk)
    # Two attempts: the one lost with the first worker, and the one that completed.
    assert (status, attempts) == ("succeeded", 2)
    copy = AccessCopy.objects.get(media_file=media)
    assert copy.closed == [[30.0, 90.0]]
    assert abs(copy.duration - MINUTES * 60) < 0.03
    assert "Retrying job" in log.read_text()


def test_a_failing_job_is_retried_later_and_its_error_shown_to_staff(tmp_path, staff_client):
    from django.apps import apps

    from testimony.staff_groups import apply_policy

    apply_policy(apps)  # the groups, emptied with the tables by an earlier test
    testimony = published({"access": "public", "audio": "public"})
    media = MediaFile.objects.create(
        testimony=testimony,
        kind="audio",
        content_type="audio/x-wav",
        file=File((tmp_path / "bad.wav").open("w+b"), name="bad.wav"),
        sha256="1" * 64,
    )
    media.file.storage.save(media.file.name, File((tmp_path / "bad.wav").open("rb")))
    released(testimony)
    worker = start_worker(tmp_path / "worker.log")
    try:
        error = wait_for(
            lambda: JobError.objects.filter(task="make_access_copies").first(), 60, "the error"
        )
    finally:
        stop(worker)
    assert error.args == {"media_file_id": media.pk}
    assert (error.attempt, error.final) == (1, False)
    assert "Unreadable" in error.error and "Traceback" in error.traceback
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts, scheduled_at > now() FROM procrastinate_jobs WHERE id = %s",
            [error.job_id],
        )
        assert cursor.fetchone() in {("todo", 1, True), ("todo", 1, False)}
    client = staff_client("Reviewer")
    page = client.get("/admin/testimony/joberror/")
    assert page.status_code == 200 and b"Unreadable" in page.content
    job_page = client.get(f"/admin/procrastinate/procrastinatejob/{error.job_id}/change/")
    assert job_page.status_code == 200 and b"make_access_copies" in job_page.content
