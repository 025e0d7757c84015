import datetime

import pytest
from django.urls import reverse

from testimony.models import Cue, Segment
from tests import factories as f
from tests.workbench.chromium import browser, indexed  # noqa: F401  (browser tests)


@pytest.fixture
def cataloguer(staff_client):
    return staff_client("Cataloguer")


@pytest.fixture
def testimony(db):
    return f.TestimonyFactory(duration=datetime.timedelta(hours=3))


def url(testimony, suffix=""):
    return reverse("admin:testimony_workbench", args=[testimony.pk]) + suffix


def post(client, testimony, suffix, body):
    return client.post(url(testimony, suffix), body, content_type="application/json")


def make_archive_scale(testimony, segments=300, cues=2160):
    """A testimony of three hours: ``segments`` segments, each tagged, and a
    transcript of ``cues`` cues, one every five seconds."""
    subject, place, person = f.SubjectFactory(), f.PlaceFactory(), f.PersonFactory()
    step = testimony.duration / segments
    rows = Segment.objects.bulk_create(
        Segment(
            testimony=testimony,
            start=step * n,
            end=step * (n + 1),
            title=f"Segment {n}",
            synopsis="Fictional synopsis " * 5,
        )
        for n in range(segments)
    )
    for through, column, tag in (
        (Segment.subjects.through, "subject_id", subject.pk),
        (Segment.places.through, "place_id", place.pk),
        (Segment.people.through, "person_id", person.pk),
    ):
        through.objects.bulk_create(through(segment_id=s.pk, **{column: tag}) for s in rows)
    transcript = f.TranscriptFactory(testimony=testimony, text="")
    cue = datetime.timedelta(seconds=5)
    Cue.objects.bulk_create(
        Cue(transcript=transcript, start=cue * n, end=cue * (n + 1), text=f"Fictional words {n}.")
        for n in range(cues)
    )
    return rows, transcript


def version(record) -> str:
    """The version of a segment or a cue as the workbench page shows it (read
    from the history events, as the admin's pages read theirs)."""
    from testimony.workbench import stale

    ids = type(record).objects.filter(pk=record.pk).values("pk")
    if isinstance(record, Segment):
        return stale.segment_versions(ids)[record.pk]
    return stale.cue_versions(ids)[record.pk]


def transcript_version(transcript) -> str:
    """The version of a transcript with its cues, as the import form carries it."""
    from catalog.admin import history
    from testimony.workbench import stale

    return history.version(stale.transcript_sources(transcript.pk))
