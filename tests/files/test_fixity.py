"""The fixity command finds changed and missing files and says so in its exit code."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from testimony.models import MediaFile
from testimony.models.media import PrivateFileSystemStorage, private_storage
from tests.api.test_files import stored
from tests.factories import TestimonyFactory
from tests.files import samples

pytestmark = pytest.mark.django_db


def three_files():
    testimony = TestimonyFactory()
    return [
        stored("photo", samples.jpeg(color=(i, i, i)), f"p{i}.jpg", testimony=testimony)
        for i in range(3)
    ]


def test_intact_files_pass_and_are_marked(capsys):
    files = three_files()
    call_command("verify_fixity")
    assert "3 intact, 0 missing, 0 changed" in capsys.readouterr().out
    for media in files:
        media.refresh_from_db()
        assert media.fixity == "ok" and media.verified_at is not None


def test_a_changed_and_a_missing_file_fail_the_run(capsys):
    intact, changed, missing = three_files()
    with open(private_storage.path(changed.file.name), "r+b") as handle:
        handle.seek(20)
        handle.write(b"\x00")  # one flipped byte
    private_storage.delete(missing.file.name)
    with pytest.raises(CommandError, match="1 intact, 1 missing, 1 changed"):
        call_command("verify_fixity")
    out = capsys.readouterr().out
    assert f"file {changed.pk}" in out and f"file {missing.pk}" in out
    assert f"file {intact.pk}" not in out
    fixity = dict(MediaFile.objects.values_list("pk", "fixity"))
    assert fixity == {intact.pk: "ok", changed.pk: "changed", missing.pk: "missing"}


def test_missing_derivatives_are_rebuilt_by_the_run(capsys):
    (media, *_) = three_files()
    private_storage.delete(media.web.name)
    call_command("verify_fixity")
    assert "1 derivatives rebuilt" in capsys.readouterr().out
    media.refresh_from_db()
    assert private_storage.exists(media.web.name)


def test_the_admin_shows_each_files_last_check(staff_client):
    three_files()
    call_command("verify_fixity")
    page = staff_client("Cataloguer").get(reverse("admin:testimony_mediafile_changelist"))
    assert page.status_code == 200
    assert "intact" in page.content.decode()


def test_object_storage_by_configuration(settings):
    """S3-compatible storage is chosen by settings alone, private, and its files
    are still only reached through the staff view."""
    settings.PRIVATE_STORAGE_S3 = {
        "bucket_name": "archive-private",
        "endpoint_url": "http://127.0.0.1:9",
        "region_name": "eu-west-1",
        "location": "private",
    }
    from testimony.files.s3 import PrivateS3Storage

    private_storage.exists  # noqa: B018 - set the storage up
    assert isinstance(private_storage._wrapped, PrivateS3Storage)
    assert private_storage.default_acl == "private" and private_storage.querystring_auth
    assert private_storage.url("person/2026/01/x.jpg") == "/admin/files/person/2026/01/x.jpg"
    settings.PRIVATE_STORAGE_S3 = None
    private_storage.exists  # noqa: B018
    assert isinstance(private_storage._wrapped, PrivateFileSystemStorage)


def test_the_nightly_run_queues_one_fixity_job_per_file():
    from django.db import connection

    from testimony import tasks

    files = three_files()
    tasks.fixity_run.func(timestamp=0)
    tasks.fixity_run.func(timestamp=0)  # a second run while the first waits adds nothing
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (args->>'media_file_id')::int FROM procrastinate_jobs "
            "WHERE task_name = 'verify_fixity' AND status = 'todo' ORDER BY 1"
        )
        assert [row[0] for row in cursor.fetchall()] == sorted(m.pk for m in files)
