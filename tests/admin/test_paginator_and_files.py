import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from catalog.admin.base import EstimatedCountPaginator
from catalog.models import Person
from testimony.models.media import private_storage
from tests.factories import ConsentFactory, MediaFileFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_small_tables_are_counted_exactly():
    PersonFactory.create_batch(3)
    assert EstimatedCountPaginator(Person.objects.all(), 50).count == 3


def test_large_tables_use_the_planner_estimate(monkeypatch):
    PersonFactory.create_batch(3)
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 0)
    paginator = EstimatedCountPaginator(Person.objects.all(), 50)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    assert count >= 1
    assert all("COUNT(" not in q["sql"].upper() for q in queries.captured_queries)


def test_private_files_are_served_to_permitted_staff_only(staff_client, client):
    media = MediaFileFactory()
    url = media.file.url
    assert url.startswith("/admin/files/testimony/")
    response = staff_client("Cataloguer").get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # Recordings play in the admin's preview; other files download.
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == b"ID3 fictional audio"
    assert client.get(url).status_code == 302  # anonymous: to the login page


def test_consent_scans_need_consent_permission(staff_client, django_user_model):
    consent = ConsentFactory()
    scan = MediaFileFactory(
        testimony=None,
        consent=consent,
        kind="document",
        file=ContentFile(b"%PDF-1.4 fictional", name="form.pdf"),
    )
    url = scan.file.url
    assert url.startswith("/admin/files/consent/")
    response = staff_client("Cataloguer").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    user = django_user_model.objects.create_user(
        "plainstaff", password="x-long-pass", is_staff=True
    )
    from django.test import Client

    plain = Client()
    plain.force_login(user)
    assert plain.get(url).status_code == 404
    assert plain.get(reverse("staff-file", args=["../etc/passwd"])).status_code == 404
    assert private_storage.exists(scan.file.name)
