"""The indexing workbench at archive scale: opening it and saving one segment.

Usage (see bench/README.md):
    DATABASE_URL=postgres://.../db .venv/bin/python bench/workbench_bench.py

A testimony of three hours is given 300 tagged segments and a transcript of
2,160 cues (one every five seconds); a cataloguer's requests go through the
whole Django stack in-process (middleware, session, admin permissions,
template), and each is timed from request to response: the server's time,
without a network. Everything is rolled back at the end.
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


def timed(call, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, counts = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - began) * 1000)
        assert response.status_code < 300, (response.status_code, response.get("Location"))
        counts.append(len(captured.captured_queries))
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], max(counts)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from catalog.models import Person, Place, Subject
    from testimony.models import Collection, Cue, Segment, Testimony, Transcript

    second = datetime.timedelta(seconds=1)
    with transaction.atomic():
        narrator = Person.objects.create(preferred_name="Bench narrator (fictional)")
        collection = Collection.objects.create(code="bench-workbench", name="Bench (fictional)")
        testimony = Testimony.objects.create(
            catalogue_id="BENCH-WORKBENCH",
            title="Three hours (fictional)",
            narrator=narrator,
            collection=collection,
            duration=3 * 3600 * second,
            is_fictional=True,
        )
        subject = Subject.objects.create(label="Bench subject (fictional)")
        place = Place.objects.create(name="Bench place (fictional)", kind="city")
        segments = Segment.objects.bulk_create(
            Segment(
                testimony=testimony,
                start=n * 36 * second,
                end=(n + 1) * 36 * second,
                title=f"Part {n} (fictional)",
                synopsis="They spoke of the harbour, the ship and the years after. " * 4,
            )
            for n in range(300)
        )
        Segment.subjects.through.objects.bulk_create(
            Segment.subjects.through(segment_id=s.pk, subject_id=subject.pk) for s in segments
        )
        Segment.places.through.objects.bulk_create(
            Segment.places.through(segment_id=s.pk, place_id=place.pk) for s in segments
        )
        transcript = Transcript.objects.create(testimony=testimony, language="ja")
        Cue.objects.bulk_create(
            Cue(
                transcript=transcript,
                start=n * 5 * second,
                end=(n + 1) * 5 * second,
                text=f"Words spoken in passage {n}, as the transcriber heard them (fictional).",
            )
            for n in range(2160)
        )
        user = User.objects.create_user("bench-cataloguer", is_staff=True)
        user.groups.add(Group.objects.get(name="Cataloguer"))
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        # The session has given its second factor, as after the verification page.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        page = reverse("admin:testimony_workbench", args=[testimony.pk])
        client.get(page)  # warm: templates compiled, caches filled
        median, p95, queries = timed(lambda: client.get(page), RUNS)
        print(
            f"open (300 segments, 2,160 cues): median {median:.1f} ms, "
            f"p95 {p95:.1f} ms, {queries} queries"
        )
        from testimony.workbench import stale

        target = segments[150]
        ids = Segment.objects.filter(pk=target.pk).values("pk")
        state = {"version": stale.segment_versions(ids)[target.pk], "count": 1}

        def save():
            response = client.post(
                f"{page}segments/{target.pk}/",
                {
                    "start": "1:30:00",
                    "title": f"Saved {state['count']} (fictional)",
                    "subjects": [subject.pk],
                    "places": [place.pk],
                    "version": state["version"],
                },
                content_type="application/json",
            )
            state["count"] += 1
            if response.status_code == 200:
                state["version"] = response.json()["segment"]["version"]
            return response

        median, p95, queries = timed(save, RUNS)
        print(
            f"save one segment: median {median:.1f} ms, p95 {p95:.1f} ms, "
            f"{queries} queries (savepoints included)"
        )
        cue = Cue.objects.filter(transcript__testimony=testimony).order_by("start")[1000]
        cue_ids = Cue.objects.filter(pk=cue.pk).values("pk")
        cue_state = {"version": stale.cue_versions(cue_ids)[cue.pk], "count": 1}

        def save_cue():
            response = client.post(
                f"{page}cues/{cue.pk}/",
                {
                    "start": cue.start.total_seconds(),
                    "end": cue.end.total_seconds(),
                    "text": f"Corrected {cue_state['count']} (fictional)",
                    "version": cue_state["version"],
                },
                content_type="application/json",
            )
            cue_state["count"] += 1
            if response.status_code == 200:
                cue_state["version"] = response.json()["cue"]["version"]
            return response

        median, p95, queries = timed(save_cue, RUNS)
        print(
            f"save one cue: median {median:.1f} ms, p95 {p95:.1f} ms, "
            f"{queries} queries (savepoints included)"
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
