"""The protected-name guard blocks a release that would name, in outward text,
someone the receiving audience may not see."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from testimony import guard
from testimony.models import Release, SegmentLink, SegmentTranslation
from testimony.publication import Blocked, release
from testimony.transcripts.formats import CueData
from testimony.transcripts.services import replace_cues
from tests.api.conftest import published
from tests.factories import (
    ConsentFactory,
    MediaFileFactory,
    PersonFactory,
    PersonNameFactory,
    SegmentFactory,
    TestimonyFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db
M = datetime.timedelta(minutes=1)


@pytest.fixture
def brother():
    """A relative still in North Korea, never consented (fictional)."""
    person = PersonFactory(preferred_name="Ri Myong-chol (fictional)")
    PersonNameFactory(person=person, name="리명철", script="Hang")
    PersonNameFactory(person=person, name="李明哲", script="Hani")
    PersonNameFactory(person=person, name="Ŏ Myŏng-ch'ŏl", script="Latn")
    return person


def draft(consent=None, **fields):
    testimony = TestimonyFactory(status="in_review", **fields)
    ConsentFactory(testimony=testimony, **(consent or {"access": "public"}))
    return testimony


def keys(hits):
    return {(hit.field_key, hit.audience, hit.person_id) for hit in hits}


def test_every_outward_text_and_every_variant_is_read(brother):
    testimony = draft(summary="He spoke of ri myong chol often.")
    segment = SegmentFactory(
        testimony=testimony, start=M, end=2 * M, synopsis="About 리명철씨 and his work."
    )
    transcript = TranscriptFactory(testimony=testimony, text="")
    replace_cues(transcript, [CueData(3 * M, 4 * M, "O Myong-chol wrote to us.", "Narrator")])
    media = MediaFileFactory(testimony=testimony, kind="photo", description="李明哲の写真")
    found = keys(guard.check(testimony))
    cue = transcript.cues.get()
    for field_key in (
        "testimony:summary",
        f"segment:{segment.pk}:synopsis",
        f"cue:{cue.pk}",
        f"media:{media.pk}",
    ):
        assert (field_key, "the public", brother.pk) in found, field_key
        assert (field_key, "partners", brother.pk) in found, field_key


def test_keywords_translations_and_links_are_read(brother):
    testimony = draft()
    segment = SegmentFactory(testimony=testimony, start=M, end=2 * M, keywords=["ship", "李明哲"])
    SegmentTranslation.objects.create(
        segment=segment, language="ja", title="船", synopsis="李明哲からの手紙"
    )
    SegmentTranslation.objects.create(
        segment=segment, language="en", title="Ship", keywords=["Ri Myong-chol"]
    )
    link = SegmentLink.objects.create(
        segment=segment, url="https://example.org/letters", text="Letters of Ri Myong-chol"
    )
    closed = SegmentFactory(
        testimony=testimony, start=3 * M, end=4 * M, is_closed=True, keywords=["리명철"]
    )
    SegmentTranslation.objects.create(segment=closed, language="en", title="Ri Myong-chol")
    found = {key for key, audience, _ in keys(guard.check(testimony)) if audience == "the public"}
    assert found == {
        f"segment:{segment.pk}:keywords",
        f"segment:{segment.pk}:translation:ja",
        f"segment:{segment.pk}:translation:en",
        f"segment:{segment.pk}:link:{link.pk}",
    }  # the closed segment's never leave, so they block nothing
    with pytest.raises(Blocked):
        release(testimony)


def test_a_hit_blocks_the_release_and_says_where_who_and_for_whom(brother):
    testimony = draft(title="Letters from Ri Myong-chol")
    with pytest.raises(Blocked) as blocked:
        release(testimony)
    (message, *_) = blocked.value.messages
    assert "the title names Ri Myong-chol (fictional)" in message
    assert "whom the public may not see" in message
    assert not Release.objects.filter(testimony=testimony).exists()


def test_a_reason_lets_the_reviewer_release_and_is_kept(brother):
    testimony = draft(title="Letters from Ri Myong-chol")
    (hit, _) = guard.check(testimony)
    reasons = {hit.key: "Historical record (fictional).", _.key: "Same (fictional)."}
    made = release(testimony, overrides=reasons)
    assert {o["reason"] for o in made.overrides} == {
        "Historical record (fictional).",
        "Same (fictional).",
    }
    with pytest.raises(Blocked):
        release(testimony, overrides={hit.key: "  "})


def test_names_only_inside_words_and_closed_passages_pass(brother):
    testimony = draft(summary="Mr Rimyongcholson is someone else.")
    SegmentFactory(
        testimony=testimony,
        start=M,
        end=2 * M,
        is_closed=True,
        synopsis="Ri Myong-chol, in a closed segment.",
    )
    assert guard.check(testimony) == []


def test_people_the_audience_may_see_pass_and_partners_are_checked_apart(brother):
    figure = PersonFactory(preferred_name="Kim Official (fictional)", is_public_figure=True)
    narrator_elsewhere = PersonFactory(preferred_name="Pak Sun-hui (fictional)")
    published(
        {"access": "all_partners", "name_disclosure": "real_name"}, narrator=narrator_elsewhere
    )
    testimony = draft(summary="Kim Official met Pak Sun-hui.")
    assert keys(guard.check(testimony)) == {
        ("testimony:summary", "the public", narrator_elsewhere.pk)
    }
    assert figure.pk not in {hit.person_id for hit in guard.check(testimony)}


def test_the_real_name_of_a_pseudonymous_narrator_is_protected_even_if_named_elsewhere():
    narrator = PersonFactory(preferred_name="Choe Yong-su (fictional)")
    published({"access": "public", "name_disclosure": "real_name"}, narrator=narrator)
    testimony = draft(
        {"access": "public", "name_disclosure": "pseudonym", "pseudonym": "Mr K"},
        narrator=narrator,
        summary="Choe Yong-su tells his story.",
    )
    hits = guard.check(testimony)
    assert {(h.field_key, h.person_id) for h in hits} == {("testimony:summary", narrator.pk)}
    assert "does not name" in hits[0].reason


def test_a_pseudonymous_testimony_tagging_its_own_narrator_is_blocked():
    testimony = draft({"access": "public", "name_disclosure": "anonymous"})
    segment = SegmentFactory(testimony=testimony, people=[testimony.narrator])
    (hit,) = guard.check(testimony)
    assert hit.field_key == f"segment:{segment.pk}:people"
    with pytest.raises(ValidationError, match="tagged in a testimony that does not name them"):
        release(testimony)


def test_no_consent_no_release():
    testimony = TestimonyFactory()
    with pytest.raises(ValidationError, match="Record the narrator's consent"):
        release(testimony)


def test_a_name_changed_or_added_is_known_at_the_next_check():
    person = PersonFactory(preferred_name="Pak Yong-nam (fictional)")
    testimony = draft(summary="Pak Yong-nam and Jo Hye-ran wrote letters.")
    assert {hit.person_id for hit in guard.check(testimony)} == {person.pk}
    person.preferred_name = "Someone else (fictional)"
    person.save()
    assert guard.check(testimony) == []
    PersonNameFactory(person=person, name="Jo Hye-ran")
    assert {hit.person_id for hit in guard.check(testimony)} == {person.pk}
    person.delete()
    assert guard.check(testimony) == []
