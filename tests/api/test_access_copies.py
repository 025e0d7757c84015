"""Access copies: outside audiences hear a recording only as a copy in which
every range closed to them is silence (and black picture), keyed by the
closure state of the moment. Each copy is decoded and measured."""

import pytest
from django.db import connection

from testimony.models import AccessCopy
from tests.api.conftest import published, released
from tests.factories import ConsentFactory, SealedRangeFactory, SegmentFactory
from tests.recordings import signals
from tests.recordings.helpers import made, recording, seconds, streamed

pytestmark = pytest.mark.django_db
LENGTH = 12.0
EDGE = 0.05  # seconds kept clear of a range's edges when measuring


def entry(client, testimony):
    (media,) = client.json(f"/api/v1/testimonies/{testimony.pk}/")["media"]
    return media


def served_copy(client, testimony) -> bytes:
    media = entry(client, testimony)
    assert media["status"] == "ready"
    response = client.get(media["links"]["file"])
    assert response.status_code == 200
    assert response["Content-Type"] == media["content_type"]
    return streamed(response)


def window(samples, rate, start, end):
    return samples[int(start * rate) : int(end * rate)]


def queued_jobs(task="make_access_copies"):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (args->>'media_file_id')::int FROM procrastinate_jobs "
            "WHERE task_name = %s AND status = 'todo'",
            [task],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def sealed_testimony():
    """Public audio of 12 s: 2-4 s sealed from everyone outside, a closed segment
    at 6-7.5 s, and 9-10 s sealed from the public only."""
    testimony = published({"access": "public", "audio": "public"})
    SealedRangeFactory(testimony=testimony, start=seconds(2), end=seconds(4))
    SegmentFactory(testimony=testimony, start=seconds(6), end=seconds(7.5), is_closed=True)
    SealedRangeFactory(testimony=testimony, start=seconds(9), end=seconds(10), sealed_from="public")
    original = signals.wav(LENGTH)
    media = recording(testimony, original)
    return testimony, media, original


def test_a_served_copy_is_silent_in_closed_ranges_and_the_original_elsewhere(
    public, partner_client, sealed_testimony
):
    testimony, media, original = sealed_testimony
    assert entry(public, testimony)["status"] == "preparing"
    assert queued_jobs() == [media.pk]
    made(media)
    reference, rate = signals.decoded_sound(original)
    for client, closed, open_ in (
        (public, [(2, 4), (6, 7.5), (9, 10)], [(0, 2), (4, 6), (7.5, 9), (10, 12)]),
        (partner_client, [(2, 4), (6, 7.5)], [(0, 2), (4, 6), (7.5, 12)]),
    ):
        copy = served_copy(client, testimony)
        assert copy[4:8] == b"ftyp"  # an MP4 (M4A) file, not the WAV original
        samples, copy_rate = signals.decoded_sound(copy)
        assert copy_rate == rate
        # The duration equals the original's within one AAC frame.
        assert abs(len(samples) - len(reference)) <= 1024
        for start, end in closed:
            level = signals.dbfs(window(samples, rate, start + EDGE, end - EDGE))
            assert level < -60, (start, end, level)
        for start, end in open_:
            ours = signals.dbfs(window(samples, rate, start + 0.1, end - 0.1))
            theirs = signals.dbfs(window(reference, rate, start + 0.1, end - 0.1))
            assert abs(ours - theirs) < 0.5, (start, end, ours, theirs)
    # Public and partners hear different ranges: two copies, one each.
    assert AccessCopy.objects.filter(media_file=media).count() == 2


def test_a_new_closure_takes_the_old_copy_out_of_service_at_once(public, sealed_testimony):
    testimony, media, _ = sealed_testimony
    made(media)
    link = entry(public, testimony)["links"]["file"]
    old = AccessCopy.objects.get(media_file=media, size=len(streamed(public.get(link))))
    SealedRangeFactory(testimony=testimony, start=seconds(0), end=seconds(1.5))
    # The link issued before answers "being prepared", never the old copy.
    response = public.get(link)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["error"]["code"] == "recording_preparing"
    preparing = entry(public, testimony)
    assert preparing["status"] == "preparing" and preparing["links"] == {}
    assert preparing["content_type"] is None and preparing["size"] is None
    # Queued in the transaction that sealed the range.
    assert media.pk in queued_jobs()
    made(media)
    samples, rate = signals.decoded_sound(served_copy(public, testimony))
    assert signals.dbfs(window(samples, rate, EDGE, 1.5 - EDGE)) < -60
    # The stale copy and its file are gone.
    assert not AccessCopy.objects.filter(pk=old.pk).exists()
    assert not old.file.storage.exists(old.file.name)


def test_reopening_a_range_and_a_new_consent_change_the_copy(public, sealed_testimony):
    testimony, media, _ = sealed_testimony
    made(media)
    first = AccessCopy.objects.filter(media_file=media).values_list("key", flat=True)
    first = set(first)
    ConsentFactory(testimony=testimony, access="public", audio="public")
    released(testimony)
    assert entry(public, testimony)["status"] == "preparing"
    made(media)
    assert entry(public, testimony)["status"] == "ready"
    assert not first & set(AccessCopy.objects.values_list("key", flat=True))


def test_a_range_that_reopens_on_its_date_needs_a_new_copy_without_a_write(
    public, sealed_testimony
):
    import datetime

    from django.utils import timezone

    testimony, media, _ = sealed_testimony
    SealedRangeFactory(
        testimony=testimony,
        start=seconds(0),
        end=seconds(1),
        reopens_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    made(media)
    assert entry(public, testimony)["status"] == "ready"
    with pytest.MonkeyPatch.context() as patch:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        patch.setattr(timezone, "localdate", lambda *args: tomorrow)
        assert entry(public, testimony)["status"] == "preparing"
        made(media)
        samples, rate = signals.decoded_sound(served_copy(public, testimony))
    assert signals.dbfs(window(samples, rate, 0.1, 0.9)) > -30


def test_copies_answer_range_requests(public, sealed_testimony):
    testimony, media, _ = sealed_testimony
    made(media)
    link = entry(public, testimony)["links"]["file"]
    whole = streamed(public.get(link))
    part = public.get(link, HTTP_RANGE="bytes=100-1099")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-1099/{len(whole)}"
    assert streamed(part) == whole[100:1100]
    tail = public.get(link, HTTP_RANGE="bytes=-10")
    assert streamed(tail) == whole[-10:]
    assert public.get(link, HTTP_RANGE=f"bytes={len(whole)}-").status_code == 416


def test_staff_keep_the_original(staff_client, sealed_testimony):
    _, media, original = sealed_testimony
    made(media)
    client = staff_client("Cataloguer")
    response = client.get(media.file.url)
    assert response.status_code == 200
    assert streamed(response) == original
    # The file's admin page lists its copies and the ranges silenced in each.
    page = client.get(f"/admin/testimony/mediafile/{media.pk}/change/")
    assert page.status_code == 200
    assert b"audio/mp4" in page.content and b"[[2.0, 4.0], [6.0, 7.5]]" in page.content


def test_a_video_copy_is_black_and_silent_in_closed_ranges(public):
    testimony = published({"access": "public", "video": "public"})
    SealedRangeFactory(testimony=testimony, start=seconds(1), end=seconds(2.5))
    original = signals.mp4_video(4)
    media = recording(testimony, original, kind="video")
    made(media)
    copy = served_copy(public, testimony)
    assert entry(public, testimony)["content_type"] == "video/mp4"
    frames = signals.decoded_brightness(copy)
    assert len(frames) == len(signals.decoded_brightness(original))
    for at, luma in frames:
        if 1 <= at < 2.5:
            assert luma < 20, at
        else:
            assert luma > 150, at
    samples, rate = signals.decoded_sound(copy)
    reference, _ = signals.decoded_sound(original)
    assert abs(len(samples) - len(reference)) <= 1024
    assert signals.dbfs(window(samples, rate, 1 + EDGE, 2.5 - EDGE)) < -60
    assert signals.dbfs(window(samples, rate, 3, 3.9)) > -30


def test_a_file_that_is_not_a_recording_fails_the_job_with_its_error(public):
    from testimony.recordings.redact import Unreadable

    testimony = published({"access": "public", "audio": "public"})
    media = recording(testimony, b"RIFF fictional, not a recording")
    with pytest.raises(Unreadable):
        made(media)
    assert entry(public, testimony)["status"] == "preparing"


def test_a_change_rolled_back_leaves_no_job(sealed_testimony):
    from django.db import transaction

    testimony, media, _ = sealed_testimony
    made(media)
    with connection.cursor() as cursor:  # as a worker takes the waiting job
        cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded'")
    assert queued_jobs() == []

    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        SealedRangeFactory(testimony=testimony, start=seconds(0), end=seconds(1))
        assert queued_jobs() == [media.pk]
        raise Abandoned
    assert queued_jobs() == []


def test_a_detail_query_count_does_not_grow_with_recordings(partner_client, fetch_write_claimed):
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for recordings in (1, 4):
        testimony = published({"access": "public", "audio": "public"})
        SealedRangeFactory(testimony=testimony, start=seconds(0), end=seconds(0.5))
        files = [
            recording(testimony, signals.wav(1 + n / 10), release=False) for n in range(recordings)
        ]
        released(testimony)
        for media in files:
            made(media)
        partner_client.get("/api/v1/testimonies/")  # the token's first use is recorded
        url = f"/api/v1/testimonies/{testimony.pk}/"
        partner_client.get(url)  # the detail's parts kept on its row
        with CaptureQueriesContext(connection) as queries:
            detail = partner_client.json(url)
        assert [m["status"] for m in detail["media"]] == ["ready"] * recordings
        counts[recordings] = len(queries)
    assert counts[1] == counts[4], counts


def test_no_tag_of_the_original_reaches_the_copy(public):
    """Every byte of a file is a way out: the tags of the original (a title, a
    comment naming a relative) are not carried into the copy."""
    import io

    import av

    canary = "Canary-Relative-Kim"
    testimony = published({"access": "public", "audio": "public"})
    out = io.BytesIO()
    with av.open(out, "w", format="wav") as container:
        container.metadata.update({"title": canary, "comment": canary, "artist": canary})
        stream = container.add_stream("pcm_s16le", rate=signals.RATE, layout="mono")
        samples, _ = signals.decoded_sound(signals.wav(1))
        frame = av.AudioFrame.from_ndarray(
            (samples * 32767).astype("int16").reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate, frame.pts = signals.RATE, 0
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    original = out.getvalue()
    assert canary.encode() in original
    media = recording(testimony, original)
    made(media)
    copy = served_copy(public, testimony)
    assert canary.encode() not in copy
    assert canary.encode("utf-16-le") not in copy and canary.encode("utf-16-be") not in copy
