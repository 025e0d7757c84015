"""The testimony change page, and saving it unchanged, run the same number of
queries for a testimony with 1 segment as for one with 50."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.admin.forms import form_data

pytestmark = pytest.mark.django_db


def make_testimony(segments: int):
    testimony = f.TestimonyFactory(place=f.PlaceFactory())
    f.ConsentFactory(testimony=testimony)
    f.TranscriptFactory(testimony=testimony)
    f.SealedRangeFactory(testimony=testimony)
    f.MediaFileFactory(testimony=testimony)
    subject, place, person = f.SubjectFactory(), f.PlaceFactory(), f.PersonFactory()
    for i in range(segments):
        segment = f.SegmentFactory(
            testimony=testimony,
            start=datetime.timedelta(minutes=i),
            end=datetime.timedelta(minutes=i, seconds=50),
        )
        segment.subjects.add(subject)
        segment.places.add(place)
        segment.people.add(person)
    return testimony


def page_and_save_queries(client, testimony):
    url = reverse("admin:testimony_testimony_change", args=[testimony.pk])
    connection.queries_log.clear()  # a full log (9,000 queries) would count wrong
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    data = form_data(client, url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as save:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return page, save


def shapes(queries) -> list[str]:
    """Each statement's first words, without the history context's prefix and
    without savepoints (the context prefix sometimes travels alone with one)."""
    found = [" ".join(q["sql"].split("true);")[-1].split()[:12]) for q in queries]
    return [s[:160] for s in found if s and not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def difference(many, one) -> str:
    import difflib

    return "\n".join(difflib.unified_diff(shapes(one), shapes(many), lineterm="", n=1))


def test_change_page_and_unchanged_save_do_not_grow_with_segments(staff_client):
    client = staff_client("Reviewer")
    page_one, save_one = page_and_save_queries(client, make_testimony(1))
    page_many, save_many = page_and_save_queries(client, make_testimony(50))
    assert len(shapes(page_many)) == len(shapes(page_one)), difference(page_many, page_one)
    assert len(shapes(save_many)) == len(shapes(save_one)), difference(save_many, save_one)


def history_queries(client, testimony) -> int:
    url = reverse("admin:testimony_testimony_history", args=[testimony.pk])
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    return len(shapes(page))


def test_history_page_does_not_grow_with_segments(staff_client):
    client = staff_client("Cataloguer")
    few, many = make_testimony(1), make_testimony(20)
    for testimony in (few, many):
        for segment in testimony.segments.all():
            segment.title += " (renamed)"
            segment.save()
    assert history_queries(client, many) == history_queries(client, few)
