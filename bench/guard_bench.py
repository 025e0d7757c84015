"""The protected-name guard at archive scale.

Usage (see bench/README.md):
    DATABASE_URL=postgres://.../bench .venv/bin/python bench/guard_bench.py

On the archive-scale corpus (100,000 people with 200,000 name variants), one
testimony is given 200 segments and a two-hour transcript (1,440 cues of five
seconds), some of whose texts name people of the corpus; then the guard checks
it, cold (the automaton of every name built) and warm, ten times. Everything is
rolled back at the end.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = int(os.environ.get("BENCH_RUNS", "10"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.db import transaction

    from catalog.models import Person, PersonName
    from testimony import guard
    from testimony.models import Cue, Segment, Testimony, Transcript

    second = datetime.timedelta(seconds=1)
    people = Person.objects.count()
    variants = PersonName.objects.count()
    names = list(Person.objects.order_by("?").values_list("preferred_name", flat=True)[:20])
    with transaction.atomic():
        testimony = Testimony.objects.filter(status="published").order_by("pk").first()
        Segment.objects.filter(testimony=testimony).delete()
        Segment.objects.bulk_create(
            Segment(
                testimony=testimony,
                start=n * 36 * second,
                end=(n + 1) * 36 * second,
                title=f"Part {n} of the interview (fictional)",
                synopsis="They spoke of the harbour, the ship and the years after. " * 4
                + (names[n % 20].split(" (")[0] if n % 25 == 0 else ""),
                transcript_excerpt="A few words from this part, as spoken. " * 3,
            )
            for n in range(200)
        )
        transcript = Transcript.objects.create(testimony=testimony, language="en", text="")
        Cue.objects.bulk_create(
            Cue(
                transcript=transcript,
                start=n * 5 * second,
                end=(n + 1) * 5 * second,
                speaker="Narrator",
                text="We waited at the port for days before the ship came in; "
                "nobody knew what we would find. "
                + (names[n % 20].split(" (")[0] if n % 300 == 0 else ""),
            )
            for n in range(1440)
        )
        started = time.perf_counter()
        hits = guard.check(testimony)
        cold = time.perf_counter() - started
        warm = []
        for _ in range(RUNS):
            started = time.perf_counter()
            guard.check(testimony)
            warm.append(time.perf_counter() - started)
        texts = len(guard.outward_texts(Testimony.objects.get(pk=testimony.pk)))
        transaction.set_rollback(True)
    print(f"People: {people}, name variants: {variants}")
    print(f"Texts checked: {texts} (200 segments x 3 fields, 1,440 cues, title, summary)")
    print(f"Hits: {len(hits)}")
    print(f"Cold (automaton of every name built): {cold * 1000:.0f} ms")
    print(
        f"Warm, {RUNS} runs: median {statistics.median(warm) * 1000:.0f} ms, "
        f"max {max(warm) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
