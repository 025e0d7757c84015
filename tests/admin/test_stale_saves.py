"""No lost updates: a save from a stale copy of a record is refused, saying who
changed what since; the consent version seen is checked under the testimony's lock."""

import datetime
import re

import pytest
from django.urls import reverse

from catalog.models import Person
from testimony.models import ConsentRecord, Segment, Testimony
from testimony.services import record_consent
from tests.admin.forms import add_inline_form, form_data, new_consent_fields
from tests.factories import ConsentFactory, PersonFactory, SegmentFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_a_save_from_a_stale_testimony_form_is_refused_naming_who_changed_what(staff_client):
    ana, ben = staff_client("Cataloguer"), staff_client("Cataloguer")
    testimony = TestimonyFactory(title="First title (fictional)")
    url = change_url(testimony)
    stale = form_data(ana, url)  # Ana opens the form
    fresh = form_data(ben, url) | {"title": "Ben's title (fictional)"}
    assert ben.post(url, fresh).status_code == 302  # Ben saves first
    response = ana.post(url, stale | {"summary": "Ana's summary (fictional)"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in page
    assert ben.user.username in page
    assert "title: “First title (fictional)” → “Ben&#x27;s title (fictional)”" in page
    testimony.refresh_from_db()
    assert (testimony.title, testimony.summary) == ("Ben's title (fictional)", "")
    # Reloaded, Ana's form is current again and saves.
    again = form_data(ana, url) | {"summary": "Ana's summary (fictional)"}
    assert ana.post(url, again).status_code == 302
    testimony.refresh_from_db()
    assert (testimony.title, testimony.summary) == (
        "Ben's title (fictional)",
        "Ana's summary (fictional)",
    )


def test_a_segment_edited_on_its_own_page_makes_the_testimony_form_stale(staff_client):
    ana, ben = staff_client("Cataloguer"), staff_client("Cataloguer")
    segment = SegmentFactory(title="Leaving (fictional)")
    url = change_url(segment.testimony)
    stale = form_data(ana, url)
    ben_data = form_data(ben, change_url(segment)) | {"title": "Departure (fictional)"}
    assert ben.post(change_url(segment), ben_data).status_code == 302
    # Ana's form still shows the old title: saved, it would put it back.
    response = ana.post(url, stale)
    page = response.content.decode()
    assert "changed by someone else" in page
    assert "segment 00:01:00–00:05:00 “Departure (fictional)”" in page
    assert Segment.objects.get(pk=segment.pk).title == "Departure (fictional)"


def test_a_stale_catalogue_record_is_refused_too(staff_client):
    ana, ben = staff_client("Cataloguer"), staff_client("Cataloguer")
    person = PersonFactory(preferred_name="Kim (fictional)", birth="1940")
    url = change_url(person)
    stale = form_data(ana, url) | {"birth": "1941"}
    assert ben.post(url, form_data(ben, url) | {"birth": "1942~"}).status_code == 302
    response = ana.post(url, stale)
    page = response.content.decode()
    assert "This person was changed by someone else" in page
    assert "birth: “1940” → “1942~”" in page
    assert Person.objects.get(pk=person.pk).birth == "1942~"


def test_a_form_sent_without_its_version_is_refused(staff_client):
    client = staff_client("Cataloguer")
    testimony = TestimonyFactory(title="Kept (fictional)")
    data = form_data(client, change_url(testimony))
    del data["_record_version"]
    response = client.post(change_url(testimony), data | {"title": "Lost (fictional)"})
    assert "sent without the version of the record" in response.content.decode()
    assert Testimony.objects.get(pk=testimony.pk).title == "Kept (fictional)"


def empty_form_value(page: str, name: str) -> str:
    """What the page's template for a new inline row holds in ``name``: the
    browser copies it into each row added."""
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    found = found or re.search(rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', page)
    return found.group(1)


def test_the_testimony_page_carries_the_consent_version_seen(staff_client):
    client = staff_client("Reviewer")
    first = ConsentFactory(access="closed")
    url = change_url(first.testimony)
    page = client.get(url).content.decode()
    seen = empty_form_value(page, "consents-__prefix__-expected_current")
    assert seen == str(first.pk)
    data = form_data(client, url)
    record_consent(  # a colleague records version 2 meanwhile
        ConsentRecord(testimony=first.testimony, given_on=datetime.date(2024, 1, 1), method="oral")
    )
    add_inline_form(data, "consents", **new_consent_fields(expected_current=seen))
    response = client.post(url, data)
    page = response.content.decode()
    assert "Another consent record was saved for this testimony while you were editing" in page
    assert "now version 2" in page
    assert first.testimony.consents.count() == 2
    # Opened again, the page offers version 2 as the one seen, and records version 3.
    page = client.get(url).content.decode()
    seen = empty_form_value(page, "consents-__prefix__-expected_current")
    data = add_inline_form(
        form_data(client, url), "consents", **new_consent_fields(expected_current=seen)
    )
    assert client.post(url, data).status_code == 302
    current = first.testimony.consents.get(is_current=True)
    assert (current.version, current.access) == (3, "public")


def test_the_consent_form_refuses_a_version_from_a_stale_page(staff_client):
    client = staff_client("Reviewer")
    first = ConsentFactory(access="closed")
    url = reverse("admin:testimony_consentrecord_add") + f"?testimony={first.testimony.pk}"
    data = form_data(client, url) | new_consent_fields()
    assert data["expected_current"] == str(first.pk)
    record_consent(
        ConsentRecord(testimony=first.testimony, given_on=datetime.date(2024, 1, 1), method="oral")
    )
    response = client.post(url, data)
    assert "Another consent record was saved for this testimony" in response.content.decode()
    assert first.testimony.consents.count() == 2
    without = {k: v for k, v in form_data(client, url).items() if k != "expected_current"}
    response = client.post(url, without | new_consent_fields())
    assert "sent without the consent version it was opened on" in response.content.decode()
    assert first.testimony.consents.count() == 2


def test_a_release_from_a_stale_review_page_is_refused(staff_client):
    from tests.api.conftest import published

    reviewer, cataloguer = staff_client("Reviewer"), staff_client("Cataloguer")
    testimony = published({"access": "public"}, title="Reviewed (fictional)")
    review = reverse("admin:testimony_testimony_release", args=[testimony.pk])
    seen = reviewer.get(review).context["record_version"]
    url = change_url(testimony)
    data = form_data(cataloguer, url) | {"title": "Not reviewed (fictional)"}
    assert cataloguer.post(url, data).status_code == 302
    response = reviewer.post(review, {"release": "1", "_record_version": seen}, follow=True)
    page = response.content.decode()
    assert "Not decided: This testimony was changed by someone else" in page
    assert "Not reviewed (fictional)" in page
    assert testimony.releases.count() == 1
    fresh = reviewer.get(review).context["record_version"]
    assert reviewer.post(review, {"release": "1", "_record_version": fresh}).status_code == 302
    assert testimony.releases.count() == 2
