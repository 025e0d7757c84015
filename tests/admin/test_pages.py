"""Every admin page renders for each staff group, and refuses what the group may not do."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from testimony.api.fetch_log import record_fetch
from testimony.models import JobError, PartnerOrganisation, PartnerToken, Testimony
from tests.factories import MediaFileFactory, TestimonyFactory

APPS = {"catalog", "testimony", "procrastinate"}


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


def expected(user, model, page):
    """What the group's permissions, and the admin's own refusals, allow."""
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[model]
    if page == "add":
        allowed = model_admin.has_add_permission(request)
    else:
        allowed = model_admin.has_view_or_change_permission(request)
    return 200 if allowed else 403


@pytest.mark.parametrize("group", ["Cataloguer", "Reviewer", "Administrator"])
def test_every_page_renders_or_is_refused(seeded, staff_client, group):
    media = MediaFileFactory(testimony=TestimonyFactory())  # queues its access copies
    JobError.objects.create(
        job_id=1,
        task="make_access_copies",
        args={"media_file_id": media.pk},
        attempt=1,
        final=False,
        error="Unreadable: fictional",
        traceback="Traceback ...",
    )
    partner = PartnerOrganisation.objects.first()
    PartnerToken.issue(partner, name="sync", expires_at=timezone.now() + timedelta(days=1))
    record_fetch(partner, "testimony", [Testimony.objects.first().pk])
    JobError.objects.create(job_id=1, task="make_access_copy", attempt=1, final=True, error="x")
    client = staff_client(group)
    problems = []
    for model in registered_models():
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the seed has no {model.__name__}"
        base = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages = {
            "changelist": reverse(f"{base}_changelist"),
            "add": reverse(f"{base}_add"),
            "change": reverse(f"{base}_change", args=[obj.pk]),
        }
        for page, url in pages.items():
            status = client.get(url).status_code
            if status != expected(client.user, model, page):
                problems.append(f"{model.__name__} {page}: {status}")
    assert problems == []


def test_cataloguer_cannot_record_consent_or_delete_records(seeded, staff_client):
    client = staff_client("Cataloguer")
    assert client.get(reverse("admin:testimony_consentrecord_add")).status_code == 403
    person = TestimonyFactory().narrator
    assert client.get(reverse("admin:catalog_person_delete", args=[person.pk])).status_code == 403


def test_reviewer_records_consent_but_nobody_edits_one(seeded, staff_client):
    from testimony.models import ConsentRecord

    consent = ConsentRecord.objects.first()
    for group in ["Reviewer", "Administrator"]:
        client = staff_client(group)
        assert client.get(reverse("admin:testimony_consentrecord_add")).status_code == 200
        url = reverse("admin:testimony_consentrecord_change", args=[consent.pk])
        response = client.post(url, {"access": "public"})
        assert response.status_code == 403
        delete = reverse("admin:testimony_consentrecord_delete", args=[consent.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    consent.refresh_from_db()
    assert ConsentRecord.objects.filter(pk=consent.pk).exists()


def test_each_record_has_its_history_readable(seeded, staff_client):
    from catalog.models import Person

    client = staff_client("Cataloguer")
    person = Person.objects.first()
    page = client.get(reverse("admin:catalog_person_change", args=[person.pk]))
    assert b"Events" in page.content
    events = client.get(
        reverse("admin:pghistory_events_changelist"), {"obj": f"catalog.Person:{person.pk}"}
    )
    assert events.status_code == 200
    assert b"insert" in events.content
