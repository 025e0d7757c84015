"""Background jobs: access copies, image derivatives and fixity runs.

Jobs live in PostgreSQL (Procrastinate) and are deferred through Django's
connection, so a job is enqueued in the same transaction as the change that
needs it. Every job retries with backoff; each failed attempt's error is kept
(``JobError``) for staff, and the admin shows the jobs themselves. A worker
killed mid-job stops beating; ``retry_stalled_jobs`` hands its jobs to the
next worker.
"""

import functools
import logging
import traceback

from django.conf import settings
from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from testimony.models import JobError, MediaFile

logger = logging.getLogger(__name__)
ATTEMPTS = 6
# 2, 4, 8, 16, 32 seconds between attempts, then the job has failed for good.
RETRY = RetryStrategy(max_attempts=ATTEMPTS, exponential_wait=2)


def _keeping_errors(run):
    """Keep each failed attempt's error for staff, then let the queue retry."""

    @functools.wraps(run)
    def wrapper(context, **kwargs):
        try:
            return run(**kwargs)
        except Exception as exc:
            attempt = context.job.attempts + 1
            JobError.objects.create(
                job_id=context.job.id,
                task=context.job.task_name,
                args=kwargs,
                attempt=attempt,
                final=attempt >= ATTEMPTS,
                error=f"{type(exc).__name__}: {exc}"[:2000],
                traceback=traceback.format_exc()[-20000:],
            )
            raise

    return wrapper


def task(**options):
    def register(run):
        return app.task(pass_context=True, retry=RETRY, **options)(_keeping_errors(run))

    return register


def defer_once(job_task, queueing_lock: str, lock: str | None = None, **kwargs) -> None:
    """Defer a job in the current transaction, unless the same one is already
    waiting (a savepoint keeps the transaction usable when it is). Jobs that
    share a ``lock`` run one at a time."""
    try:
        with transaction.atomic():
            job_task.configure(queueing_lock=queueing_lock, lock=lock).defer(**kwargs)
    except AlreadyEnqueued:
        pass


@task(name="make_access_copies", queue="recordings")
def make_access_copies(media_file_id: int) -> None:
    """Make the redacted access copies a recording needs now."""
    from testimony.recordings.copies import bring_up_to_date

    bring_up_to_date(media_file_id)


@task(name="make_derivatives", queue="files")
def make_derivatives(media_file_id: int) -> None:
    """Rebuild an image's missing web copy and thumbnail."""
    from testimony.files.store import ensure_derivatives

    media = MediaFile.objects.filter(pk=media_file_id).first()
    if media is not None:
        ensure_derivatives(media)


@task(name="verify_fixity", queue="files")
def verify_fixity(media_file_id: int) -> None:
    """Check one file against its checksum (the outcome is recorded on it, and
    shown in the admin) and rebuild an intact image's missing derivatives."""
    from testimony.files.fixity import verify_and_repair

    media = MediaFile.objects.filter(pk=media_file_id).first()
    if media is not None:
        verify_and_repair(media)


@app.periodic(cron="17 3 * * *")
@app.task(name="fixity_run", queueing_lock="fixity_run", queue="files")
def fixity_run(timestamp: int) -> None:
    """Every night: a fixity job for every stored file."""
    for pk in MediaFile.objects.order_by("pk").values_list("pk", flat=True).iterator():
        defer_once(verify_fixity, f"verify-fixity-{pk}", media_file_id=pk)


@app.periodic(cron=settings.JOBS_STALLED_CHECK_CRON)
@app.task(name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> None:
    """Give the jobs of workers that stopped beating (killed, lost) to another."""
    stalled = await context.app.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=settings.JOBS_STALLED_SECONDS
    )
    for job in stalled:
        logger.warning("Retrying job %s (%s): its worker stopped", job.id, job.task_name)
        await context.app.job_manager.retry_job(job)
