"""What each partner fetched, kept so that staff know whom to tell of a withdrawal.

With Redis (REDIS_URL) a response only queues what it sent, in the same round
trip that bids for the next write: the queue goes to the table, in one
statement, with the first response that finds no write in the last
``FLUSH_SECONDS``, and with every reader of the log before it reads (the
testimony admin, the list of fetches, the change feed), so what a reader sees
is never behind. Without Redis, or while it cannot be reached, each response
writes its own at once (logged), so no fetch waits in a queue that is not
there. The queue survives a Redis restart only if Redis persists it: the
deployment runs Redis with an append-only file (docker-compose.yml).
"""

import logging

from django.db import connection
from django.utils import timezone

from testimony.api import shared_cache
from testimony.models import PartnerFetch, PartnerOrganisation

QUEUE = "partner-fetches"
CLAIM = "partner-fetches:claim"
FLUSH_SECONDS = 2
BATCH = 2000  # queued responses per statement

logger = logging.getLogger(__name__)

# Each entry is one response: partner, record type, time, and its ids joined
# by commas. Fetches of a partner deleted meanwhile are dropped, not written.
WRITE = f"""
INSERT INTO {PartnerFetch._meta.db_table} AS f
    (partner_id, record_type, record_id, first_fetched_at, last_fetched_at, times)
SELECT e.partner_id, e.record_type, ids.id, min(e.at), max(e.at), count(*)
FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[], %s::text[])
     AS e(partner_id, record_type, at, ids)
CROSS JOIN LATERAL unnest(string_to_array(e.ids, ',')::bigint[]) AS ids(id)
WHERE EXISTS (SELECT FROM {PartnerOrganisation._meta.db_table} p WHERE p.id = e.partner_id)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3  -- rows locked in one order: two writes at once queue, never deadlock
ON CONFLICT (partner_id, record_type, record_id) DO UPDATE
SET first_fetched_at = LEAST(f.first_fetched_at, EXCLUDED.first_fetched_at),
    last_fetched_at = GREATEST(f.last_fetched_at, EXCLUDED.last_fetched_at),
    times = f.times + EXCLUDED.times
"""


def record_fetch(partner, record_type: str, ids) -> None:
    ids = sorted({int(pk) for pk in ids})
    if partner is None or not ids:
        return
    entry = f"{partner.pk} {record_type} {timezone.now().isoformat()} {','.join(map(str, ids))}"
    if not shared_cache.enabled():
        _write([entry])
        return
    try:
        pipeline = shared_cache.client().pipeline(transaction=False)
        pipeline.rpush(shared_cache.key(QUEUE), entry)
        pipeline.set(shared_cache.key(CLAIM), 1, nx=True, ex=FLUSH_SECONDS)
        claimed = pipeline.execute()[1]
    except shared_cache.UNAVAILABLE as exc:
        shared_cache.unavailable("partner fetches written straight to the database", exc)
        _write([entry])
        return
    if claimed:
        try:
            flush()
        except Exception:  # the entries are queued again; the response stands
            logger.exception("Partner fetches not written; they wait for the next write.")


def flush() -> int:
    """Write every queued fetch to the table; return how many responses were written.

    While Redis cannot be reached nothing is queued there that could be written
    (responses write their own), so readers go on with the table as it is."""
    if not shared_cache.enabled():
        return 0
    redis, queue = shared_cache.client(), shared_cache.key(QUEUE)
    written = 0
    try:
        while entries := redis.lpop(queue, BATCH):
            try:
                _write([entry.decode() for entry in entries])
            except Exception:
                redis.lpush(queue, *entries)
                raise
            written += len(entries)
    except shared_cache.UNAVAILABLE as exc:
        shared_cache.unavailable("queued partner fetches wait until it is back", exc)
    return written


def _write(entries: list[str]) -> None:
    columns = list(zip(*(entry.split(" ") for entry in entries), strict=True))
    with connection.cursor() as cursor:
        cursor.execute(WRITE, [list(column) for column in columns])
