"""The change feed, tombstones, and the record of what partners fetched."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from testimony.api import fetch_log
from testimony.models import ConsentRecord, PartnerFetch
from testimony.services import record_consent
from tests.api.conftest import published

pytestmark = pytest.mark.django_db


def feed(client, since):
    return client.json("/api/v1/changes/", since=since.isoformat())["changes"]


def withdraw(testimony):
    record_consent(
        ConsentRecord(
            testimony=testimony, given_on=timezone.localdate(), method="oral", withdrawn=True
        )
    )


def test_changed_records_are_listed_for_upsert(public):
    start = timezone.now()
    testimony = published({"access": "public", "name_disclosure": "real_name"})
    changes = feed(public, start)
    assert {"type": "testimony", "id": testimony.pk, "action": "upsert"} in [
        {k: c[k] for k in ("type", "id", "action")} for c in changes
    ]
    assert {"type": "person", "id": testimony.narrator_id} in [
        {k: c[k] for k in ("type", "id")} for c in changes
    ]
    later = timezone.now()
    assert feed(public, later) == []


def test_partner_gets_tombstones_for_what_it_fetched(partner_client):
    testimony = published({"access": "all_partners", "name_disclosure": "real_name"})
    never_fetched = published({"access": "all_partners"})
    partner_client.json(f"/api/v1/testimonies/{testimony.pk}/")
    partner_client.json(f"/api/v1/people/{testimony.narrator_id}/")
    since = timezone.now()
    withdraw(testimony)
    withdraw(never_fetched)
    deletes = [(c["type"], c["id"]) for c in feed(partner_client, since) if c["action"] == "delete"]
    assert ("testimony", testimony.pk) in deletes
    assert ("person", testimony.narrator_id) in deletes
    assert ("testimony", never_fetched.pk) not in deletes


def test_public_tombstones_for_what_was_once_public(public):
    was_public = published({"access": "public", "name_disclosure": "real_name"})
    never_public = published({"access": "all_partners"})
    since = timezone.now() - datetime.timedelta(seconds=1)
    withdraw(was_public)
    withdraw(never_public)
    deletes = [(c["type"], c["id"]) for c in feed(public, since) if c["action"] == "delete"]
    assert ("testimony", was_public.pk) in deletes
    assert ("person", was_public.narrator_id) in deletes
    assert ("testimony", never_public.pk) not in deletes


def test_every_partner_response_is_logged(partner_client, public):
    first = published({"access": "public"})
    second = published({"access": "public"})
    partner_client.json("/api/v1/testimonies/")
    partner_client.json(f"/api/v1/testimonies/{first.pk}/")
    public.json("/api/v1/testimonies/")
    fetch_log.flush()  # what every reader of the log does first
    fetches = PartnerFetch.objects.filter(partner=partner_client.partner, record_type="testimony")
    assert dict(fetches.values_list("record_id", "times")) == {first.pk: 2, second.pk: 1}
    assert PartnerFetch.objects.count() == 2  # the public is not logged


def test_staff_see_which_partners_fetched_a_testimony(partner_client, staff_client):
    testimony = published({"access": "public"})
    partner_client.json(f"/api/v1/testimonies/{testimony.pk}/")
    page = staff_client("Reviewer").get(
        reverse("admin:testimony_testimony_change", args=[testimony.pk])
    )
    assert partner_client.partner.name in page.content.decode()
