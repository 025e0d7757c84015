"""The testimony list read from the rows the database keeps (TestimonyListing):
every change to what a row is made of reaches it in the same transaction, and a
list row says what the detail says."""

import datetime
import threading

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from testimony import disclosure
from testimony.models import ConsentRecord, Release, Testimony, TestimonyListing
from testimony.services import record_consent
from tests.api.conftest import published, released
from tests.factories import CollectionFactory, PlaceFactory

pytestmark = pytest.mark.django_db

DETAIL_ONLY = {"interviewers", "segments", "transcripts", "media", "exports"}


def listed(client, **params) -> dict[int, dict]:
    return {row["id"]: row for row in client.json("/api/v1/testimonies/", **params)["results"]}


def new_consent(testimony, **choices):
    partners = choices.pop("partners", None)
    defaults = {"given_on": timezone.localdate(), "method": "oral", "access": "public"}
    record_consent(ConsentRecord(testimony=testimony, **defaults | choices), partners=partners)


@pytest.mark.parametrize(
    ("choice", "narrator"),
    [("real_name", "named"), ("pseudonym", "pseudonym"), ("anonymous", None)],
)
def test_a_list_row_is_the_detail_without_its_parts(public, choice, narrator):
    testimony = published(
        {"access": "public", "name_disclosure": choice, "pseudonym": "Kim A. (pseudonym)"},
        duration=datetime.timedelta(hours=1, minutes=2, seconds=3, milliseconds=250),
        recorded="1961-21",
        place=PlaceFactory(),
    )
    row = listed(public)[testimony.pk]
    detail = public.json(f"/api/v1/testimonies/{testimony.pk}/")
    assert row == {key: value for key, value in detail.items() if key not in DETAIL_ONLY}
    assert row["duration"] == "01:02:03.250"
    released_at = testimony.releases.get().released_at
    assert row["updated_at"] == released_at.isoformat().replace("+00:00", "Z")
    assert row["recorded"] == {"edtf": "1961-21", "earliest": "1961-03-01", "latest": "1961-05-31"}
    shown = {
        "named": {"id": testimony.narrator_id, "name": testimony.narrator.preferred_name},
        "pseudonym": {"id": None, "name": "Kim A. (pseudonym)"},
        None: None,
    }
    assert row["narrator"] == shown[narrator]


def test_a_testimony_never_released_has_no_row():
    published()  # published, but with no consent never released: nothing leaves
    assert not TestimonyListing.objects.exists()
    assert not disclosure.testimonies(disclosure.Audience.public()).exists()


def test_a_new_consent_reaches_the_list_at_once(public, partner_client):
    testimony = published({"access": "public", "name_disclosure": "real_name"})
    assert testimony.pk in listed(public)
    new_consent(testimony, access="named_partners", partners=[partner_client.partner])
    assert testimony.pk not in listed(public)
    assert testimony.pk in listed(partner_client)
    new_consent(testimony, access="public", name_disclosure="anonymous")
    assert listed(public)[testimony.pk]["narrator"] is None
    new_consent(testimony, access="closed", withdrawn=True)
    assert testimony.pk not in listed(public)
    assert testimony.pk not in listed(partner_client)


def test_a_partner_named_on_the_consent_waits_for_a_release_one_removed_does_not(
    partner_client,
):
    testimony = published({"access": "named_partners"})
    assert testimony.pk not in listed(partner_client)
    consent = ConsentRecord.objects.get(testimony=testimony, is_current=True)
    consent.partners.add(partner_client.partner)
    assert testimony.pk not in listed(partner_client)
    released(testimony)
    assert testimony.pk in listed(partner_client)
    consent.partners.remove(partner_client.partner)
    assert testimony.pk not in listed(partner_client)


def test_changes_made_outside_the_models_reach_the_list_when_released_or_closing(public):
    testimony = published({"access": "public", "name_disclosure": "real_name"})
    Testimony.objects.filter(pk=testimony.pk).update(title="Retitled")
    assert listed(public)[testimony.pk]["title"] != "Retitled"
    released(testimony)
    assert listed(public)[testimony.pk]["title"] == "Retitled"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE testimony_testimony SET status = 'draft' WHERE id = %s", [testimony.pk]
        )
    assert testimony.pk not in listed(public)


def test_names_of_what_a_row_shows_follow_their_records(public):
    PlaceFactory.create_batch(3)  # ids apart from the narrator's, so a wrong look-up shows
    place = PlaceFactory(name="Old name")
    testimony = published({"access": "public", "name_disclosure": "real_name"}, place=place)
    place.name = "Renamed place"
    place.save()
    assert listed(public)[testimony.pk]["place"]["name"] == "Renamed place"
    narrator = testimony.narrator
    narrator.preferred_name = "Renamed narrator (fictional)"
    narrator.save()
    assert listed(public)[testimony.pk]["narrator"]["name"] == "Renamed narrator (fictional)"
    collection = testimony.collection
    collection.name, collection.code = "Renamed collection", "renamed"
    collection.save()
    row = listed(public)[testimony.pk]
    assert row["collection"] == {"code": "renamed", "name": "Renamed collection"}


def test_a_deleted_testimony_keeps_a_closed_row_for_the_change_feed(public):
    testimony = published({"access": "public"})
    pk = testimony.pk
    since = timezone.now()
    Release.objects.filter(testimony=testimony).delete()
    ConsentRecord.objects.filter(testimony=testimony).delete()
    testimony.delete()
    kept = TestimonyListing.objects.get(pk=pk)
    assert (kept.status, kept.release_id) == (None, None)
    assert pk not in listed(public)
    changes = public.json("/api/v1/changes/", since=since.isoformat())["changes"]
    assert {"type": "testimony", "id": pk, "action": "delete", "at": None} in changes


def test_an_embargo_ends_on_its_day_without_a_write(public, monkeypatch):
    today = timezone.localdate()
    testimony = published({"access": "public", "embargo_until": today + datetime.timedelta(1)})
    assert testimony.pk not in listed(public)
    monkeypatch.setattr(
        disclosure.timezone, "localdate", lambda *args: today + datetime.timedelta(1)
    )
    assert testimony.pk in listed(public)


def test_a_partners_collection_limit_holds_at_once(partner_client):
    inside = published({"access": "all_partners"})
    outside = published({"access": "all_partners"})
    assert {inside.pk, outside.pk} <= set(listed(partner_client))
    partner_client.partner.collections.add(inside.collection)
    assert set(listed(partner_client)) == {inside.pk}
    partner_client.partner.collections.add(CollectionFactory())
    assert set(listed(partner_client)) == {inside.pk}


@pytest.mark.parametrize(
    "ordering", ["id", "-id", "updated_at", "-recorded_earliest", "catalogue_id", "-updated_at,id"]
)
def test_paging_through_any_ordering_gives_each_visible_testimony_once(public, ordering):
    visible = [published({"access": "public"}, recorded=f"19{60 + n % 3}") for n in range(7)]
    published({"access": "named_partners"})
    seen, url = [], f"/api/v1/testimonies/?page_size=2&ordering={ordering}"
    while url:
        page = public.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(t.pk for t in visible)
    key = ordering.split(",")[0].lstrip("-")
    by_id = Testimony.objects.in_bulk(seen)
    values = [getattr(by_id[pk], key) for pk in seen]
    assert values == sorted(values, reverse=ordering.startswith("-"))


def test_filters_keep_to_the_list_rows_the_audience_may_see(public, partner_client):
    japanese = published({"access": "public"}, languages=["ja"])
    published({"access": "public"}, languages=["ko"])
    hidden = published({"access": "named_partners"}, languages=["ja"])
    assert set(listed(public, language="ja")) == {japanese.pk}
    assert hidden.pk not in listed(partner_client, language="ja")


@pytest.mark.django_db(transaction=True)
def test_a_change_made_during_a_withdrawal_does_not_bring_the_row_back():
    """A narrator renamed while another transaction withdraws the consent: the
    rename's refresh waits for the withdrawal and reads it, never writing the
    consent as it was before over the withdrawn row."""
    testimony = published({"access": "public", "name_disclosure": "real_name"})
    consent = ConsentRecord.objects.get(testimony=testimony, is_current=True)
    settings = connection.settings_dict

    def connect():
        return psycopg.connect(
            host=settings["HOST"],
            port=settings["PORT"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            dbname=settings["NAME"],
        )

    with connect() as withdrawing, connect() as renaming:
        withdrawing.execute(
            "UPDATE testimony_consentrecord SET withdrawn = true, access = 'closed' WHERE id = %s",
            [consent.pk],
        )

        def rename():
            renaming.execute(
                "UPDATE catalog_person SET preferred_name = 'Renamed (fictional)' WHERE id = %s",
                [testimony.narrator_id],
            )
            renaming.commit()

        thread = threading.Thread(target=rename)
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # the rename's refresh waits for the withdrawal
        withdrawing.commit()
        thread.join(timeout=10)
    row = TestimonyListing.objects.get(pk=testimony.pk)
    assert row.consent_withdrawn is True
    assert '"Renamed (fictional)"' in row.row
    assert not disclosure.testimonies(disclosure.Audience.public()).exists()
