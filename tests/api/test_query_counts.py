"""Every list runs the same number of queries at page sizes 1, 10 and 100."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.api.conftest import published, released

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/testimonies/",
    "/api/v1/segments/",
    "/api/v1/people/",
    "/api/v1/families/",
    "/api/v1/places/",
    "/api/v1/organisations/",
    "/api/v1/subjects/",
    "/api/v1/voyages/",
    "/api/v1/collections/",
    "/api/v1/articles/",
]


@pytest.fixture
def archive():
    """A little over 100 of each record, with nested data everywhere."""
    subject, place = f.SubjectFactory(), f.PlaceFactory()
    for i in range(105):
        testimony = published(
            {"access": "public", "name_disclosure": "real_name", "transcript": "public"}
        )
        relative = f.PersonFactory()
        f.ResidenceFactory(person=relative, country="KP")
        f.RelationshipFactory(person=relative, relative=testimony.narrator, family__name=f"F{i}")
        f.FamilyMemberFactory(family=f.FamilyFactory(), person=testimony.narrator)
        f.SegmentFactory(
            testimony=testimony,
            people=[relative, testimony.narrator],
            subjects=[subject],
            places=[place],
        )
        f.PersonNameFactory(person=testimony.narrator)
        f.PlaceFactory(parent=place)
        f.SubjectFactory(broader=subject)
        f.OrganisationFactory()
        f.VoyageFactory(departure_port=place)
        f.CollectionFactory()
        article = f.ArticleContributorFactory().article
        article.people.add(testimony.narrator, relative)
        article.places.add(place)


def count(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(queries), [q["sql"] for q in queries.captured_queries]


def test_list_query_counts_do_not_depend_on_page_size(archive, partner_client, fetch_write_claimed):
    """Per response; the fetch log's batched write, at most one every two
    seconds, is claimed beforehand so that no response here makes it."""
    partner_client.get("/api/v1/")  # the token's first use is recorded once
    problems = {}
    for url in LISTS:
        counts = {size: count(partner_client, url, page_size=size)[0] for size in (1, 10, 100)}
        if len(set(counts.values())) != 1:
            problems[url] = counts
    assert problems == {}


def test_testimony_detail_query_count_does_not_grow_with_segments(
    partner_client, fetch_write_claimed
):
    small = published({"access": "public", "name_disclosure": "real_name", "transcript": "public"})
    large = published({"access": "public", "name_disclosure": "real_name", "transcript": "public"})
    f.SegmentFactory(testimony=small, people=[f.PersonFactory()], subjects=[f.SubjectFactory()])
    for _ in range(20):
        f.SegmentFactory(testimony=large, people=[f.PersonFactory()], subjects=[f.SubjectFactory()])
    partner_client.get("/api/v1/testimonies/")  # the token's first use is recorded once
    few, _ = count(partner_client, f"/api/v1/testimonies/{small.pk}/")
    many, sql = count(partner_client, f"/api/v1/testimonies/{large.pk}/")
    assert few == many, sql


def test_a_testimony_list_is_one_query_on_the_list_rows(
    archive, partner_client, fetch_write_claimed, settings
):
    partner_client.get("/api/v1/")  # the token's first use is recorded once
    queries, sql = count(partner_client, "/api/v1/testimonies/", page_size=100)
    assert len([q for q in sql if "testimony_testimonylisting" in q]) == 1
    assert not [q for q in sql if '"testimony_testimony"' in q or "testimony_consent" in q]
    if settings.REDIS_URL:  # limits and the fetch queue in Redis: the token, then the page
        assert queries == 2, sql


def test_detail_and_segments_do_not_grow_with_translations_and_links(
    partner_client, fetch_write_claimed
):
    """Released segments carry their keywords, translations and links: no query
    more for twenty segments, each with two of both, than for one with none."""
    from testimony.models import SegmentLink, SegmentTranslation

    consent = {"access": "public", "name_disclosure": "real_name", "transcript": "public"}
    small, large = published(dict(consent)), published(dict(consent))
    f.SegmentFactory(testimony=small, people=[f.PersonFactory()], subjects=[f.SubjectFactory()])
    minute = datetime.timedelta(minutes=1)
    for n in range(20):
        segment = f.SegmentFactory(
            testimony=large,
            start=n * minute,
            end=(n + 1) * minute,
            keywords=["배", "港"],
            people=[f.PersonFactory()],
            subjects=[f.SubjectFactory()],
        )
        for language in ("en", "ko"):
            SegmentTranslation.objects.create(segment=segment, language=language, title="t")
            SegmentLink.objects.create(segment=segment, url=f"https://example.org/{language}")
    released(small)
    released(large)
    partner_client.get("/api/v1/testimonies/")  # the token's first use is recorded once
    counts = {}
    for testimony in (small, large):
        detail = f"/api/v1/testimonies/{testimony.pk}/"
        counts[testimony.pk] = (
            count(partner_client, detail)[0],
            count(partner_client, "/api/v1/segments/", testimony=testimony.pk)[0],
        )
    body = partner_client.json(f"/api/v1/testimonies/{large.pk}/")
    assert len(body["segments"]) == 20 and len(body["segments"][0]["links"]) == 2
    assert counts[small.pk] == counts[large.pk]
