"""Search on the archive-scale corpus: index build time and size, and latency of
a fixed set of queries as a partner.

Usage (see bench/README.md):
    DATABASE_URL=postgres://.../bench REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/search_bench.py [--no-rebuild]

Rebuilds the index (timed), marks 200 segments with a rare word through the ORM
(so the index follows by itself, as it does for cataloguers), then asks each
query BENCH_RUNS times (default 30) through the full API stack in process (the
Django test client, a partner token) and prints p50/p95 and the number of
segments each query's words match.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
QUERIES = [
    ("selective English word", "typhoon"),
    ("common English word", "harbour"),
    ("two-character Korean", "함흥"),
    ("two-character Japanese", "新潟"),
    ("romanised variant of a place", "Cheongjin"),
    ("misspelt name", "Chongjn"),
]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()


def sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c
               WHERE c.relname IN ('testimony_searchentry', 'testimony_searchtext')
               OR c.oid IN (
                   SELECT indexrelid FROM pg_index WHERE indrelid IN
                   ('testimony_searchentry'::regclass, 'testimony_searchtext'::regclass))
               ORDER BY 1"""
        )
        return cursor.fetchall()


def main():
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from testimony.models import PartnerOrganisation, PartnerToken, SearchEntry, Segment

    if "--no-rebuild" not in sys.argv:
        with connection.cursor() as cursor:  # from empty: no dead rows left behind
            cursor.execute("TRUNCATE testimony_searchentry, testimony_searchtext")
        start = time.perf_counter()
        call_command("rebuild_search_index")
        print(f"Index built in {time.perf_counter() - start:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE testimony_searchentry")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('shared_buffers'), current_setting('work_mem'), "
            "pg_total_relation_size('testimony_searchentry')"
            " + pg_total_relation_size('testimony_searchtext')"
        )
        buffers, work_mem, total = cursor.fetchone()
    print(f"PostgreSQL shared_buffers {buffers}, work_mem {work_mem}")
    print(f"{SearchEntry.objects.count()} entries, {total / 1e6:.1f} MB with TOAST and indexes")
    for name, size in sizes():
        print(f"  {name:40} {size / 1e6:8.1f} MB")

    marked = Segment.objects.filter(synopsis__contains="typhoon").count()
    for segment in Segment.objects.order_by("?")[: max(0, 200 - marked)]:
        segment.synopsis += " typhoon"
        segment.save()

    partner, _ = PartnerOrganisation.objects.get_or_create(name="Benchmark partner (fictional)")
    partner.throttle_rate = "100000000/hour"
    partner.save()
    _, token = PartnerToken.issue(
        partner, name="search-bench", expires_at=timezone.now() + datetime.timedelta(hours=2)
    )
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    print(f"\n{'query':32} {'q':12} {'segments':>9} {'p50 ms':>8} {'p95 ms':>8} {'results':>8}")
    for label, q in QUERIES:
        url = f"/api/v1/search/?q={q}"
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        results = len(response.json()["results"])
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        matching = SearchEntry.objects.filter(kind="segment", document=_query_for(q)).count()
        print(
            f"{label:32} {q:12} {matching:9d} {statistics.median(timings):8.1f} "
            f"{p95:8.1f} {results:8d}"
        )


def _query_for(q):
    from testimony.disclosure import Audience
    from testimony.search import query

    return query.tsquery_for(query.prepare(Audience.staff(), q))


if __name__ == "__main__":
    main()
