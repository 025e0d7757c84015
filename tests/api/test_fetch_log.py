"""The partner-fetch log: queued in Redis, written in batches, never behind its readers."""

import pytest
from django.urls import reverse
from django.utils import timezone

from testimony.api import fetch_log, shared_cache
from testimony.models import ConsentRecord, PartnerFetch
from testimony.services import record_consent
from tests.api.conftest import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, fetch_write_claimed):
    """Redis on, and the next write already claimed: responses stay in the queue."""
    if not settings.REDIS_URL:
        pytest.skip("the queue needs Redis (REDIS_URL)")


def fetched(partner) -> dict[int, int]:
    return dict(PartnerFetch.objects.filter(partner=partner).values_list("record_id", "times"))


def fail(entries):
    raise RuntimeError("database away")


def queue_length() -> int:
    return shared_cache.client().llen(shared_cache.key(fetch_log.QUEUE))


def test_responses_wait_in_the_queue_and_are_written_together(partner_client, queued):
    first = published({"access": "public"})
    second = published({"access": "all_partners"})
    partner_client.json("/api/v1/testimonies/")
    partner_client.json(f"/api/v1/testimonies/{first.pk}/")
    assert fetched(partner_client.partner) == {}
    assert queue_length() == 2

    assert fetch_log.flush() == 2
    assert fetched(partner_client.partner) == {first.pk: 2, second.pk: 1}
    row = PartnerFetch.objects.get(partner=partner_client.partner, record_id=first.pk)
    assert row.first_fetched_at < row.last_fetched_at
    assert fetch_log.flush() == 0


def test_the_first_response_after_the_pause_writes_the_queue(partner_client, queued):
    testimony = published({"access": "public"})
    partner_client.json("/api/v1/testimonies/")
    assert fetched(partner_client.partner) == {}
    shared_cache.client().delete(shared_cache.key(fetch_log.CLAIM))  # the pause has passed
    partner_client.json("/api/v1/testimonies/")
    assert fetched(partner_client.partner) == {testimony.pk: 2}
    assert queue_length() == 0


def test_the_change_feed_sees_queued_fetches(partner_client, queued):
    start = timezone.now()
    testimony = published({"access": "all_partners"})
    partner_client.json("/api/v1/testimonies/")
    record_consent(
        ConsentRecord(
            testimony=testimony, given_on=timezone.localdate(), method="oral", withdrawn=True
        )
    )
    changes = partner_client.json("/api/v1/changes/", since=start.isoformat())["changes"]
    assert {"type": "testimony", "id": testimony.pk, "action": "delete", "at": None} in changes


def test_staff_see_queued_fetches(partner_client, staff_client, queued):
    testimony = published({"access": "public"})
    partner_client.json(f"/api/v1/testimonies/{testimony.pk}/")
    client = staff_client("Reviewer")
    page = client.get(reverse("admin:testimony_testimony_change", args=[testimony.pk]))
    assert partner_client.partner.name in page.content.decode()

    partner_client.json(f"/api/v1/testimonies/{testimony.pk}/")
    listing = client.get(reverse("admin:testimony_partnerfetch_changelist"))
    assert listing.status_code == 200
    assert fetched(partner_client.partner) == {testimony.pk: 2}


def test_without_redis_each_response_writes_at_once(partner_client, settings):
    settings.REDIS_URL = None
    testimony = published({"access": "public"})
    partner_client.json("/api/v1/testimonies/")
    assert fetched(partner_client.partner) == {testimony.pk: 1}
    assert fetch_log.flush() == 0


def test_fetches_of_a_partner_deleted_meanwhile_are_dropped(partner_client, queued):
    published({"access": "public"})
    partner_client.json("/api/v1/testimonies/")
    partner_client.partner.delete()
    assert fetch_log.flush() == 1
    assert not PartnerFetch.objects.exists()


def test_a_failed_write_keeps_the_queue(partner_client, queued, monkeypatch):
    testimony = published({"access": "public"})
    partner_client.json("/api/v1/testimonies/")

    with monkeypatch.context() as patch:
        patch.setattr(fetch_log, "_write", fail)
        with pytest.raises(RuntimeError):
            fetch_log.flush()
    assert queue_length() == 1
    assert fetch_log.flush() == 1
    assert fetched(partner_client.partner) == {testimony.pk: 1}


def test_a_failed_write_does_not_fail_the_response(partner_client, settings, monkeypatch):
    if not settings.REDIS_URL:
        pytest.skip("the queue needs Redis (REDIS_URL)")
    published({"access": "public"})

    monkeypatch.setattr(fetch_log, "_write", fail)
    partner_client.json("/api/v1/testimonies/")  # claims the write, which fails
    assert queue_length() == 1
