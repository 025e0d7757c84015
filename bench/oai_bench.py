"""OAI-PMH harvests and exports on the archive-scale corpus.

Usage (see bench/README.md):
    DATABASE_URL=postgres://.../bench REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/oai_bench.py

Through the full stack in process (the Django test client; the public, then a
partner with a token), each harvest follows resumption tokens to the end and
prints records per second and the process's peak memory (VmHWM) after the
first page, half way and at the end, so that a harvest that holds more as it
goes shows. Then an incremental harvest: 500 testimonies closed something
since (their list rows' ``changed_at`` moved, as a sealed range does), harvested
with ``from``. ``BENCH_HARVESTS`` picks the full harvests (``public-dc``,
``public-dc-again``, ``partner-dc``, ``public-ohms``). Then the per-testimony
exports' latency (OHMS, IIIF, WebVTT, citation) over 50 testimonies.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HARVESTS = os.environ.get(
    "BENCH_HARVESTS", "public-dc,public-dc-again,partner-dc,public-ohms"
).split(",")
TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("API_PUBLIC_RATE", "1000000/minute")
    import django

    django.setup()


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def harvest(client, label: str, **params):
    started = time.perf_counter()
    records = pages = deleted = 0
    peaks = []
    query = {"verb": "ListRecords", **params}
    while True:
        response = client.get("/oai/", query)
        assert response.status_code == 200, response.content[:300]
        body = response.content
        if b"noRecordsMatch" in body:
            break
        # Headers, not <record>: the OHMS format holds a <record> of its own.
        deleted += body.count(b'status="deleted"')
        records += body.count(b"<header") - body.count(b'<header status="deleted"')
        pages += 1
        peaks.append(peak_mb())
        found = TOKEN.search(body)
        if not found:
            break
        query = {"verb": "ListRecords", "resumptionToken": found.group(1).decode()}
    elapsed = time.perf_counter() - started
    middle = peaks[len(peaks) // 2] if peaks else 0
    print(
        f"| {label} | {records} | {deleted} | {pages} | {elapsed:.1f} | "
        f"{records / elapsed if elapsed else 0:.0f} | "
        f"{peaks[0] if peaks else 0:.0f} / {middle:.0f} / {peaks[-1] if peaks else 0:.0f} |"
    )


def exports(client, ids):
    print("\n| export | runs | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: |")
    for tail in ("ohms.xml", "manifest.json", "chapters.vtt", "citation/"):
        times = []
        for pk in ids:
            started = time.perf_counter()
            response = client.get(f"/api/v1/testimonies/{pk}/{tail}")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (tail, response.status_code)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"| {tail} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} |")


def main():
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from testimony.disclosure import Audience, testimonies
    from testimony.models import PartnerOrganisation, PartnerToken

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    partner, _ = PartnerOrganisation.objects.get_or_create(
        name="OAI benchmark partner (fictional)", defaults={"throttle_rate": "1000000/minute"}
    )
    token = PartnerToken.issue(
        partner, name="bench", expires_at=timezone.now() + timezone.timedelta(days=1)
    )[1]
    public = Client()
    partner_client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    from django.conf import settings

    print(
        f"page size {settings.OAI_PAGE_SIZE}; public sees "
        f"{testimonies(Audience.public()).count()} testimonies, the partner "
        f"{testimonies(Audience.for_partner(partner)).count()}\n"
    )
    print("| harvest | records | deleted | pages | s | records/s | peak MB (first / half / end) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    runs = {
        "public-dc": (public, "public, oai_dc, full", "oai_dc"),
        "public-dc-again": (public, "public, oai_dc, full again (details kept)", "oai_dc"),
        "partner-dc": (partner_client, "partner, oai_dc, full", "oai_dc"),
        "public-ohms": (public, "public, ohms, full", "ohms"),
    }
    for name in HARVESTS:
        client, label, prefix = runs[name]
        harvest(client, label, metadataPrefix=prefix)
    since = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    time.sleep(1.1)
    ids = list(testimonies(Audience.public()).order_by("?").values_list("pk", flat=True)[:500])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE testimony_testimonylisting SET changed_at = now() WHERE id = ANY(%s)", [ids]
        )
    harvest(
        public,
        "public, oai_dc, incremental (500 changed)",
        metadataPrefix="oai_dc",
        **{"from": since},
    )
    exports(public, ids[:50])


if __name__ == "__main__":
    main()
