"""The reviewer's page: each audience's view now and once released, the
difference, the guard's findings, and the release or the sending back."""

import pytest
from django.urls import reverse

from testimony.models import Release, SendBack
from tests.api.conftest import published
from tests.factories import PartnerFactory, PersonFactory, SegmentFactory

pytestmark = pytest.mark.django_db


def page_url(testimony):
    return reverse("admin:testimony_testimony_release", args=[testimony.pk])


def decide(client, testimony, data, **kwargs):
    """Post the reviewer's decision from the page as opened now (with its version)."""
    page = client.get(page_url(testimony))
    version = page.context["record_version"] if page.status_code == 200 else ""
    return client.post(page_url(testimony), {"_record_version": version, **data}, **kwargs)


@pytest.fixture
def testimony():
    testimony = published(
        {"access": "public", "name_disclosure": "real_name", "transcript": "none"},
        title="Released title (fictional)",
    )
    testimony.title = "Working title (fictional)"
    testimony.save()
    SegmentFactory(testimony=testimony, title="A new segment (fictional)")
    return testimony


def test_the_reviewer_sees_each_audience_now_and_once_released(staff_client, testimony):
    partner = PartnerFactory(name="Museum (fictional)")
    client = staff_client("Reviewer")
    page = client.get(page_url(testimony), {"partner": partner.pk}).content.decode()
    for label in ("As the public receive it", "As partners receive it", "Museum (fictional)"):
        assert label in page
    assert page.count("Released title (fictional)") >= 3  # now, for each audience
    assert page.count("Working title (fictional)") >= 3  # once released
    assert "A new segment (fictional)" in page
    assert 'class="withheld">withheld' in page  # the transcripts, closed by the consent
    change = reverse("admin:testimony_testimony_change", args=[testimony.pk])
    assert page_url(testimony) in client.get(change).content.decode()


def test_releasing_from_the_page(staff_client, testimony):
    client = staff_client("Reviewer")
    response = decide(client, testimony, {"release": "1", "note": "Checked (fictional)."})
    assert response.status_code == 302
    made = Release.objects.filter(testimony=testimony).first()
    assert (made.number, made.released_by, made.note) == (2, client.user, "Checked (fictional).")
    page = client.get(page_url(testimony)).content.decode()
    assert "releasing changes nothing" in page


def test_a_protected_name_is_shown_and_blocks_until_a_reason_is_given(staff_client, testimony):
    PersonFactory(preferred_name="Hwang Il-nam (fictional)")
    testimony.summary = "Hwang Il-nam stayed behind."
    testimony.save()
    client = staff_client("Reviewer")
    page = client.get(page_url(testimony)).content.decode()
    assert "the summary names Hwang Il-nam (fictional)" in page
    response = decide(client, testimony, {"release": "1"}, follow=True)
    assert "Not released: the summary names Hwang Il-nam" in response.content.decode()
    assert testimony.releases.count() == 1
    fields = {name: "In the historical record (fictional)." for _, name in response.context["hits"]}
    decide(client, testimony, {"release": "1", **fields})
    assert testimony.releases.count() == 2


def test_sending_back_keeps_the_release_and_tells_the_cataloguers(staff_client, testimony):
    client = staff_client("Reviewer")
    decide(client, testimony, {"send_back": "1", "note": "Fix the title (fictional)."})
    assert SendBack.objects.get(testimony=testimony).note == "Fix the title (fictional)."
    assert testimony.releases.count() == 1
    assert "Fix the title (fictional)." in client.get(page_url(testimony)).content.decode()


def test_cataloguers_see_the_page_but_cannot_release(staff_client, testimony):
    client = staff_client("Cataloguer")
    page = client.get(page_url(testimony))
    assert page.status_code == 200
    assert "Only a reviewer can release" in page.content.decode()
    assert decide(client, testimony, {"release": "1"}).status_code == 403
    assert testimony.releases.count() == 1


def test_the_reviewer_sees_a_new_rights_statement_and_a_segments_keywords(staff_client, testimony):
    testimony.rights_statement = "http://rightsstatements.org/vocab/NoC-US/1.0/"
    testimony.save()
    testimony.segments.update(keywords=["Keyword (fictional)"])
    page = staff_client("Reviewer").get(page_url(testimony)).content.decode()
    assert "http://rightsstatements.org/vocab/NoC-US/1.0/" in page
    assert "Keyword (fictional)" in page
