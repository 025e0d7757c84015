"""The workbench opens and saves in a constant number of queries, at archive
scale (300 segments, a three-hour transcript) as for one segment; the
testimony's admin page likewise for 1 and 50 segments."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.workbench.conftest import make_archive_scale, post, url, version

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 12
SAVE_QUERIES = 10
# A cue save rebuilds its transcript's search entries (8 statements, whatever the
# transcript's length); the save itself (permissions, lock, version, write, new
# version) takes 6.
CUE_SAVE_QUERIES = 14
# Every signed-in staff request reads its session, its user and its second-factor
# device before any view runs, and writes its session back (the idle timeout):
# the sign-in's bookkeeping, the same on every page, which the save's target leaves
# aside (the full count is in bench/RESULTS.md).
SIGN_IN = re.compile(
    r'(SELECT .* FROM|UPDATE) "(django_session|auth_user|otp_totp_totpdevice)" .*', re.S
)


def own(sql):
    """The statements of the request's own work, the sign-in's left aside."""
    return [q for q in sql if not SIGN_IN.fullmatch(q)]


# The test runs inside a transaction, so each request's atomic block becomes a
# savepoint; served for real it is the request's own transaction (no statement).
SAVEPOINT = re.compile(r"(SELECT set_config\(.*\);\s*)?(RELEASE )?SAVEPOINT \S+", re.S)


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    sql = [q["sql"] for q in captured.captured_queries]
    return response, [q for q in sql if not SAVEPOINT.fullmatch(q)]


def test_page_queries_constant_and_within_target(cataloguer, testimony):
    f.SegmentFactory(testimony=testimony, subjects=[f.SubjectFactory()])
    f.CueFactory(transcript=f.TranscriptFactory(testimony=testimony))
    small, few = queries(lambda: cataloguer.get(url(testimony)))
    big_testimony = f.TestimonyFactory(duration=testimony.duration)
    make_archive_scale(big_testimony)
    big, many = queries(lambda: cataloguer.get(url(big_testimony)))
    assert small.status_code == big.status_code == 200
    assert big.content.decode().count('data-id="') >= 300 + 2160
    assert len(many) == len(few), "\n".join(many)
    assert len(many) - len(own(many)) == 4
    assert len(own(many)) <= PAGE_QUERIES, "\n".join(many)


def test_save_queries_within_target(cataloguer, testimony):
    rows, _transcript = make_archive_scale(testimony)
    segment = rows[150]
    subject, place = f.SubjectFactory(), f.PlaceFactory()
    opened = version(segment)
    response, sql = queries(
        lambda: post(
            cataloguer,
            testimony,
            f"segments/{segment.pk}/",
            {
                "start": "1:30:00",
                "title": "Saved at scale",
                "subjects": [subject.pk],
                "places": [place.pk],
                "version": opened,
            },
        )
    )
    assert response.status_code == 200, response.json()
    assert len(sql) - len(own(sql)) == 4
    assert len(own(sql)) <= SAVE_QUERIES, "\n".join(sql)
    created, sql = queries(
        lambda: post(cataloguer, testimony, "segments/", {"start": "2:59:59", "title": "New"})
    )
    assert created.status_code == 201, created.json()
    assert len(own(sql)) <= SAVE_QUERIES, "\n".join(sql)


def test_cue_save_queries_within_target(cataloguer, testimony):
    _rows, transcript = make_archive_scale(testimony)
    cue = transcript.cues.order_by("start")[1000]
    opened = version(cue)
    body = {
        "start": cue.start.total_seconds(),
        "end": "1:23:25",
        "text": "Saved",
        "version": opened,
    }
    response, sql = queries(lambda: post(cataloguer, testimony, f"cues/{cue.pk}/", body))
    assert response.status_code == 200, response.json()
    assert len(sql) - len(own(sql)) == 4
    assert len(own(sql)) <= CUE_SAVE_QUERIES, "\n".join(sql)


def test_admin_testimony_page_constant_for_1_and_50_segments(staff_client, testimony):
    client = staff_client("Cataloguer")
    page = f"/admin/testimony/testimony/{testimony.pk}/change/"
    f.SegmentFactory(testimony=testimony, subjects=[f.SubjectFactory()], people=[f.PersonFactory()])
    client.get(page)  # caches filled once per process (content types) are not counted
    one, few = queries(lambda: client.get(page))
    for _ in range(49):
        f.SegmentFactory(
            testimony=testimony, subjects=[f.SubjectFactory()], people=[f.PersonFactory()]
        )
    fifty, many = queries(lambda: client.get(page))
    assert one.status_code == fifty.status_code == 200
    assert len(many) == len(few), "\n".join(many)
