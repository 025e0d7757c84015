"""Search through the API: every script, every variant, and only what the
audience may see."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import PlaceName
from testimony.disclosure import Audience
from testimony.models import ConsentRecord, Segment, Testimony, Transcript
from testimony.search import query as search_query
from tests.api.conftest import published, released
from tests.factories import (
    ConsentFactory,
    PersonFactory,
    PersonNameFactory,
    PlaceFactory,
    SegmentFactory,
    TestimonyFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/"


def hits(client, q, **params):
    body = client.json(URL, q=q, **params)
    return {(r["type"], r["id"]) for r in body["results"]}


@pytest.fixture
def chongjin():
    place = PlaceFactory(name="Chongjin", kind="port")
    for name, script in (
        ("청진", "Hang"),
        ("清津", "Hani"),
        ("Cheongjin", "Latn"),
        ("Seishin", "Latn"),
    ):
        PlaceName.objects.create(place=place, name=name, script=script)
    return place


def test_two_character_korean_and_japanese_terms(public):
    korean = published({"access": "public"}, summary="그는 청진항에서 일했다 (fictional).")
    japanese = published({"access": "public"}, summary="清津市の港で働いた (fictional).")
    segment = SegmentFactory(testimony=japanese, synopsis="田中さんの話 (fictional).")
    released(japanese)
    assert hits(public, "청진") == {("testimony", korean.pk)}
    assert hits(public, "清津") == {("testimony", japanese.pk)}
    assert hits(public, "田中") == {("segment", segment.pk)}
    assert hits(public, "청진항에서") == {("testimony", korean.pk)}


def test_every_variant_finds_every_other(public, chongjin):
    hangul = published({"access": "public"}, summary="청진에 도착했다 (fictional).")
    han = published({"access": "public"}, summary="清津に着いた (fictional).")
    latin = published({"access": "public"}, summary="Arrived at Seishin harbour (fictional).")
    expected = {("testimony", t.pk) for t in (hangul, han, latin)} | {("place", chongjin.pk)}
    for query in ("Chongjin", "Cheongjin", "청진", "清津", "Seishin", "CHŎNGJIN"):
        assert hits(public, query, type="testimony,place") >= expected, query
    body = public.json(URL, q="Cheongjin")
    assert "청진" in body["variants"]


def test_part_of_a_cjk_name_finds_the_name_and_its_variants(public):
    place = PlaceFactory(name="Hyesan City (fictional)", kind="city")
    PlaceName.objects.create(place=place, name="혜산시", script="Hang")
    latin = published({"access": "public"}, summary="Work in Hyesan City (fictional).")
    assert ("testimony", latin.pk) in hits(public, "혜산")
    assert "혜산시" in public.json(URL, q="혜산")["variants"]


def test_accents_case_stemming_and_typos(public, chongjin):
    testimony = published({"access": "public"}, summary="Families in Pyŏngyang and Chongjin camps.")
    assert ("testimony", testimony.pk) in hits(public, "PYONGYANG")
    assert ("testimony", testimony.pk) in hits(public, "family camp")  # stemmed
    assert ("testimony", testimony.pk) in hits(public, "Chongjn")  # a typo
    assert ("testimony", testimony.pk) not in hits(public, "Pyongyang Osaka")  # all words


def test_mccune_reischauer_apostrophes_match_plain_spellings(public):
    marked = published({"access": "public"}, summary="Arrived at Ch\u2019ŏngjin (fictional).")
    plain = published({"access": "public"}, summary="Left Kimchaek for Chongjin (fictional).")
    for query in ("Chongjin", "Ch'ŏngjin"):
        assert hits(public, query, type="testimony") == {
            ("testimony", marked.pk),
            ("testimony", plain.pk),
        }, query


def test_mixed_scripts_must_all_match(public):
    both = published({"access": "public"}, summary="청진 harbour work (fictional).")
    published({"access": "public"}, summary="청진 only (fictional).")
    assert hits(public, "청진 harbour") == {("testimony", both.pk)}


def test_snippets_mark_the_match_and_segments_give_their_time(public):
    testimony = published({"access": "public"})
    segment = SegmentFactory(testimony=testimony, synopsis="The ship left Niigata at dawn.")
    released(testimony)
    (result,) = public.json(URL, q="Niigata")["results"]
    assert (result["type"], result["id"]) == ("segment", segment.pk)
    assert result["testimony"] == testimony.pk
    assert "«Niigata»" in result["snippet"]
    assert result["start"] == "00:01:00" and result["end"] == "00:05:00"


def test_a_match_in_the_title_alone_is_marked_in_the_title(public):
    testimony = published({"access": "public"})
    segment = SegmentFactory(testimony=testimony, title="Arrival at Tanchon", synopsis="")
    released(testimony)
    (result,) = public.json(URL, q="Tanchon")["results"]
    assert result["id"] == segment.pk and result["snippet"] == "Arrival at «Tanchon»"


def test_withheld_text_never_matches_outside_and_staff_find_it(public, partner_client):
    canary = "Zorvathine"
    narrator = PersonFactory(preferred_name=f"{canary} Narrator")
    pseudonymous = published(
        {
            "access": "public",
            "name_disclosure": "pseudonym",
            "pseudonym": "Fictional P.",
            "transcript": "none",
        },
        narrator=narrator,
    )
    relative = PersonFactory(preferred_name=f"Relative {canary}b")
    PersonNameFactory(person=relative, name="김숨은")
    SegmentFactory(testimony=pseudonymous, synopsis=f"Closed {canary}c", is_closed=True)
    TranscriptFactory(testimony=pseudonymous, text=f"Transcript {canary}d")
    released(pseudonymous)
    queries = [canary, f"{canary}b", "김숨은", f"{canary}c", f"{canary}d"]
    for client in (public, partner_client):
        for q in queries:
            body = client.json(URL, q=q)
            assert body["results"] == [] and body["variants"] == [], (q, body)
            assert canary not in str(body).replace(q, "")
    staff = Audience.staff()
    for q in queries:
        assert search_query.run(staff, search_query.prepare(staff, q)).exists(), q


def test_a_transcript_is_searched_where_consent_opens_it(public, partner_client):
    testimony = published({"access": "public", "transcript": "partners"})
    transcript = TranscriptFactory(testimony=testimony, text="The word Quillaborn is only here.")
    released(testimony)
    assert hits(public, "Quillaborn") == set()
    (result,) = partner_client.json(URL, q="Quillaborn")["results"]
    assert (result["type"], result["id"]) == ("transcript", transcript.pk)
    assert result["testimony"] == testimony.pk and "«Quillaborn»" in result["snippet"]
    assert result["start"] is None  # untimed: nowhere in particular


def test_withdrawal_removes_matches_at_once(public):
    testimony = published({"access": "public"}, summary="Harbour of Hamhung (fictional).")
    segment = SegmentFactory(testimony=testimony, synopsis="Hamhung again.")
    released(testimony)
    assert hits(public, "Hamhung") == {("testimony", testimony.pk), ("segment", segment.pk)}
    ConsentFactory(testimony=testimony, access="closed", withdrawn=True)
    assert hits(public, "Hamhung") == set()


def test_the_database_keeps_disclosure_on_entries_whatever_writes(
    public, partner_client, other_partner_client
):
    """Changes made without the models' signals (bulk updates, SQL) still reach
    the search at once when they close: triggers rewrite the entries' copies of
    the rule facts. What would open waits for a release."""
    testimony = published(
        {"access": "named_partners", "partners": [partner_client.partner]},
        summary="Kimchaek shipyard (fictional).",
    )
    segment = SegmentFactory(testimony=testimony, synopsis="Kimchaek again (fictional).")
    released(testimony)
    both = {("testimony", testimony.pk), ("segment", segment.pk)}
    assert hits(partner_client, "Kimchaek") == both
    assert hits(other_partner_client, "Kimchaek") == hits(public, "Kimchaek") == set()

    Segment.objects.filter(pk=segment.pk).update(is_closed=True)
    assert hits(partner_client, "Kimchaek") == {("testimony", testimony.pk)}
    Segment.objects.filter(pk=segment.pk).update(is_closed=False)
    assert hits(partner_client, "Kimchaek") == both  # open as released, open again

    consent = testimony.consents.get(is_current=True)
    consent.partners.remove(partner_client.partner)
    assert hits(partner_client, "Kimchaek") == set()
    consent.partners.add(other_partner_client.partner)
    ConsentRecord.objects.filter(pk=consent.pk).update(access="public")
    assert hits(other_partner_client, "Kimchaek") == hits(public, "Kimchaek") == set()
    released(testimony)
    assert hits(other_partner_client, "Kimchaek") == hits(public, "Kimchaek") == both

    ConsentRecord.objects.filter(pk=consent.pk).update(embargo_until=date(2999, 1, 1))
    assert hits(public, "Kimchaek") == set()
    ConsentRecord.objects.filter(pk=consent.pk).update(embargo_until=None)
    assert hits(public, "Kimchaek") == both  # as released: no embargo
    Testimony.objects.filter(pk=testimony.pk).update(status="draft")
    assert hits(public, "Kimchaek") == set()
    Testimony.objects.filter(pk=testimony.pk).update(status="published")
    assert hits(public, "Kimchaek") == set()  # its released state went with it
    released(testimony)
    ConsentRecord.objects.filter(pk=consent.pk).update(withdrawn=True, access="closed")
    assert hits(public, "Kimchaek") == hits(other_partner_client, "Kimchaek") == set()
    staff = Audience.staff()
    assert search_query.run(staff, search_query.prepare(staff, "Kimchaek")).count() == 2


def test_text_changed_behind_the_models_back_fails_closed(public, partner_client):
    """A working entry never outlives the text it was made from: changed without
    the models (bulk update, SQL), the record leaves staff search until the index
    is rebuilt. Outside, the released text is what is searched until the next
    release; a deleted segment is gone at once."""
    testimony = published({"access": "public", "transcript": "partners"}, summary="Rajin.")
    segment = SegmentFactory(testimony=testimony, synopsis="Onsong mine (fictional).")
    gone = SegmentFactory(testimony=testimony, synopsis="Hoeryong mine (fictional).")
    transcript = TranscriptFactory(testimony=testimony, text="Yonsa (fictional).")
    released(testimony)
    assert hits(partner_client, "Yonsa") == {("transcript", transcript.pk)}
    staff = Audience.staff()

    def staff_hits(q):
        return search_query.run(staff, search_query.prepare(staff, q)).count()

    Segment.objects.filter(pk=segment.pk).update(synopsis="Redacted.")
    assert staff_hits("Onsong") == 0
    assert hits(public, "Onsong") == {("segment", segment.pk)}  # as released
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM testimony_segment WHERE id = %s", [gone.pk])
    assert hits(public, "Hoeryong") == set() and staff_hits("Hoeryong") == 0
    Transcript.objects.filter(pk=transcript.pk).update(text="Redacted.")
    assert staff_hits("Yonsa") == 0
    Testimony.objects.filter(pk=testimony.pk).update(summary="Redacted.")
    assert staff_hits("Rajin") == 0

    call_command("rebuild_search_index", verbosity=0)
    assert staff_hits("Redacted") == 3
    assert hits(public, "Redacted") == set()
    released(testimony)
    assert hits(public, "Redacted") == {("testimony", testimony.pk), ("segment", segment.pk)}


def test_a_partner_limited_to_collections_finds_only_those(partner_client):
    inside = published({"access": "all_partners"}, summary="Sinpo port (fictional).")
    outside = published({"access": "all_partners"}, summary="Sinpo port (fictional).")
    partner_client.partner.collections.add(inside.collection)
    assert hits(partner_client, "Sinpo") == {("testimony", inside.pk)}
    Testimony.objects.filter(pk=outside.pk).update(collection=inside.collection)
    assert hits(partner_client, "Sinpo") == {("testimony", inside.pk)}  # waits
    released(outside)
    assert hits(partner_client, "Sinpo") == {("testimony", inside.pk), ("testimony", outside.pk)}


def test_edits_reach_the_index_in_the_same_transaction(public):
    testimony = published({"access": "public"}, summary="Before.")
    segment = SegmentFactory(testimony=testimony, synopsis="Nothing yet.")
    segment.synopsis = "Wonsan market (fictional)."
    segment.save()
    staff = Audience.staff()
    assert search_query.run(staff, search_query.prepare(staff, "Wonsan")).exists()
    assert hits(public, "Wonsan") == set()
    released(testimony)
    assert hits(public, "Wonsan") == {("segment", segment.pk)}
    segment.delete()
    assert hits(public, "Wonsan") == set()


def test_filters_combine_with_the_query(public):
    korean = published({"access": "public"}, summary="Niigata port.", languages=["ko"])
    japanese = published({"access": "public"}, summary="Niigata port.", languages=["ja"])
    assert hits(public, "Niigata", language="ko") == {("testimony", korean.pk)}
    assert hits(public, "Niigata", type="testimony") == {
        ("testimony", korean.pk),
        ("testimony", japanese.pk),
    }


def test_pages(public):
    for _ in range(3):
        published({"access": "public"}, summary="Kanggye (fictional).")
    first = public.json(URL, q="Kanggye", page_size=2)
    assert len(first["results"]) == 2 and first["next"]
    second = public.json(URL, q="Kanggye", page_size=2, page=2)
    assert len(second["results"]) == 1 and second["next"] is None
    assert {r["id"] for r in first["results"]} | {r["id"] for r in second["results"]} == set(
        TestimonyFactory._meta.model.objects.values_list("pk", flat=True)
    )


def test_title_matches_come_first_and_pages_run_on_into_the_rest(public):
    in_body = [
        published({"access": "public"}, title="A story (fictional)", summary="Manpo " * 5)
        for _ in range(3)
    ]
    in_title = [
        published({"access": "public"}, title="Manpo (fictional)", summary="A story.")
        for _ in range(3)
    ]
    pages = [public.json(URL, q="Manpo", page_size=2, page=n)["results"] for n in (1, 2, 3)]
    order = [r["id"] for results in pages for r in results]
    assert len(order) == 6 and len(set(order)) == 6
    assert set(order[:3]) == {t.pk for t in in_title}
    assert set(order[3:]) == {t.pk for t in in_body}
    ranks = [r["rank"] for r in pages[0] + pages[1][:1]]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize(
    "params,name",
    [
        ({}, "q"),
        ({"q": ";;"}, "q"),
        ({"q": "x", "colour": "red"}, "colour"),
        ({"q": "x", "type": "ghost"}, "type"),
        ({"q": "x", "page": "0"}, "page"),
        ({"q": "x", "place": "abc"}, "place"),
    ],
)
def test_bad_input_is_a_400_naming_it(public, params, name):
    response = public.get(URL, params)
    assert response.status_code == 400
    assert name in response.json()["error"]["detail"]
