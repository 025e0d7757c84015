"""API throughput and latency on an archive-scale corpus, against a bare yardstick.

Usage (see bench/README.md):
    DATABASE_URL=postgres://.../bench REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python bench/api_bench.py

Starts gunicorn with 2 workers on 127.0.0.1, drives it with wrk on loopback
(bounded in time), prints requests/s and p50/p95 latency for each target and
stops the server.
"""

import datetime
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "8123"))
DURATION = os.environ.get("BENCH_DURATION", "20s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
# Comma-separated words: run only the targets whose names hold one (e.g. "list,Bare").
ONLY = [word for word in os.environ.get("BENCH_ONLY", "").split(",") if word]

LUA = """
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = "Token " .. os.getenv("BENCH_TOKEN")})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status, summary.requests))
end
"""


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def prepare():
    """A partner token, and the paths each target will cycle through."""
    from django.db import connection
    from django.utils import timezone

    from testimony import disclosure
    from testimony.models import PartnerOrganisation, PartnerToken

    with connection.cursor() as cursor:  # fresh statistics, whatever autovacuum has done
        cursor.execute("ANALYZE")
    partner, _ = PartnerOrganisation.objects.get_or_create(name="Benchmark partner (fictional)")
    partner.throttle_rate = "100000000/hour"
    partner.save()
    _, token = PartnerToken.issue(
        partner, name="bench", expires_at=timezone.now() + datetime.timedelta(hours=2)
    )
    visible = list(
        disclosure.testimonies(disclosure.Audience.for_partner(partner))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    step = max(1, len(visible) // 200)
    starts = visible[::step][:200]
    # The API list pages through the same starting points as the yardstick, with
    # real cursors, so that both read the same rows.
    from rest_framework.pagination import Cursor

    from testimony.api.pagination import CatalogueCursorPagination

    pager = CatalogueCursorPagination()
    pager.base_url = "http://x/api/v1/testimonies/?page_size=50"
    targets = {
        "API testimony list (50/page)": [
            pager.encode_cursor(Cursor(offset=0, reverse=False, position=str(pk - 1)))[8:]
            for pk in starts
        ],
        "API testimony detail": [f"/api/v1/testimonies/{pk}/" for pk in starts],
        "Floor: DRF, token, limit, no data": ["/bench/floor/"],
        "Ceiling: list rows, no framework": [
            f"/bench/projected/testimonies/?after={pk - 1}" for pk in starts
        ],
        "Same, without the fetch log": [
            f"/bench/projected/testimonies/?after={pk - 1}&log=0" for pk in starts
        ],
        "Bare SQL + orjson list (50)": [
            f"/bench/bare/testimonies/?partner={partner.pk}&after={pk - 1}" for pk in starts
        ],
        "Bare SQL + orjson detail": [
            f"/bench/bare/testimonies/{pk}/?partner={partner.pk}" for pk in starts
        ],
    }
    if ONLY:
        targets = {name: paths for name, paths in targets.items() if any(w in name for w in ONLY)}
    return token, targets, len(visible)


def main():
    setup_django()
    token, targets, visible = prepare()
    env = dict(os.environ, ROOT_URLCONF="bench.urls", ALLOWED_HOSTS="127.0.0.1", DEBUG="0")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(50):
            try:
                urlopen(f"http://127.0.0.1:{PORT}/api/v1/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "bench.lua"
            script.write_text(LUA)
            results = {}
            for name, paths in targets.items():
                listing = Path(tmp) / "paths.txt"
                listing.write_text("\n".join(paths) + "\n")
                run_env = dict(env, BENCH_TOKEN=token)
                for duration in ("3s", DURATION):  # a warm-up, then the measured run
                    out = subprocess.run(
                        [
                            "wrk",
                            "-t2",
                            f"-c{CONNECTIONS}",
                            f"-d{duration}",
                            "-s",
                            str(script),
                            f"http://127.0.0.1:{PORT}",
                            "--",
                            str(listing),
                        ],
                        env=run_env,
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout
                match = re.search(r"RESULT ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
                rps, p50, p95, errors, total = match.groups()
                results[name] = (float(rps), float(p50), float(p95), int(errors), int(total))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Visible testimonies for the partner: {visible}")
    print(f"{'target':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'non-2xx':>8} {'requests':>9}")
    for name, (rps, p50, p95, errors, total) in results.items():
        print(f"{name:32} {rps:8.1f} {p50:8.2f} {p95:8.2f} {errors:8d} {total:9d}")
    yardsticks = {"list": "Bare SQL + orjson list (50)", "detail": "Bare SQL + orjson detail"}
    for name in results:
        if name in yardsticks.values():
            continue
        kind = "detail" if "detail" in name else "list"
        bare = results.get(yardsticks[kind], (0,))[0]
        if bare:
            print(f"{name} / bare {kind}: {results[name][0] / bare:.0%}")


if __name__ == "__main__":
    main()
