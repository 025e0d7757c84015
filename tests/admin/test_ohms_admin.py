"""OHMS on the testimony's admin page: an upload shows what it will create and
writes nothing until confirmed; the export button gives staff the release whole
and an outside audience only its part; the command does the same as the upload.
What a point carries beside its title is edited on the segment's page."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from testimony.models import Segment, SegmentLink, SegmentTranslation, Transcript
from tests.admin.forms import add_inline_form, form_data
from tests.api.conftest import published, released
from tests.api.test_ohms_import import EXTERNAL_ENTITY, VERSION_6
from tests.factories import SegmentFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


def blank():
    return TestimonyFactory(duration=None, languages=[], title="Untitled")


def test_upload_previews_then_writes_on_confirmation(staff_client):
    testimony = blank()
    client = staff_client("Cataloguer")
    url = reverse("admin:testimony_testimony_ohms_import", args=[testimony.pk])
    upload = SimpleUploadedFile("oh.xml", VERSION_6.encode(), content_type="text/xml")
    page = client.post(url, {"file": upload})
    body = page.content.decode()
    assert page.status_code == 200
    assert "新潟港の出航" in body and "not matched" in body
    assert not Segment.objects.filter(testimony=testimony).exists()
    confirmed = client.post(url, {"confirm": "1", "content": VERSION_6})
    assert confirmed.status_code == 302
    assert Segment.objects.filter(testimony=testimony).count() == 2
    assert Transcript.objects.filter(testimony=testimony).count() == 2


def test_hostile_upload_is_refused_with_its_reason(staff_client):
    testimony = blank()
    client = staff_client("Cataloguer")
    url = reverse("admin:testimony_testimony_ohms_import", args=[testimony.pk])
    upload = SimpleUploadedFile("oh.xml", EXTERNAL_ENTITY.encode(), content_type="text/xml")
    body = client.post(url, {"file": upload}).content.decode()
    assert "declares a DTD" in body
    assert not Segment.objects.filter(testimony=testimony).exists()


def test_export_button_per_audience(staff_client):
    testimony = published({"access": "public", "name_disclosure": "real_name"})
    SegmentFactory(testimony=testimony, is_closed=True, title="ClosedForOutside")
    released(testimony)
    client = staff_client("Cataloguer")
    url = reverse("admin:testimony_testimony_ohms_export", args=[testimony.pk])
    staff = client.get(url, {"audience": "staff"})
    assert staff.status_code == 200 and "ClosedForOutside" in staff.content.decode()
    public = client.get(url, {"audience": "public"}).content.decode()
    assert "ClosedForOutside" not in public and testimony.title in public
    change = client.get(reverse("admin:testimony_testimony_change", args=[testimony.pk]))
    chooser = reverse("admin:testimony_testimony_export", args=[testimony.pk])
    assert chooser in change.content.decode()


def test_command_prints_the_plan_and_dry_run_writes_nothing(tmp_path):
    testimony = blank()
    source = tmp_path / "oh.xml"
    source.write_text(VERSION_6)
    out = io.StringIO()
    call_command(
        "import_ohms", str(source), testimony=testimony.catalogue_id, dry_run=True, stdout=out
    )
    assert "新潟港の出航" in out.getvalue() and "nothing was written" in out.getvalue()
    assert not Segment.objects.filter(testimony=testimony).exists()
    call_command("import_ohms", str(source), testimony=testimony.catalogue_id, stdout=out)
    assert Segment.objects.filter(testimony=testimony).count() == 2
    source.write_text(EXTERNAL_ENTITY)
    with pytest.raises(CommandError, match="declares a DTD"):
        call_command("import_ohms", str(source), testimony=testimony.catalogue_id)


def test_the_cataloguer_chooses_the_language_of_untagged_alt_fields(staff_client):
    from tests.api.test_ohms_import import VERSION_5

    testimony = blank()
    client = staff_client("Cataloguer")
    url = reverse("admin:testimony_testimony_ohms_import", args=[testimony.pk])
    upload = SimpleUploadedFile("oh.xml", VERSION_5.encode(), content_type="text/xml")
    body = client.post(url, {"file": upload}).content.decode()
    assert "choose it for the import" in body  # no transcript_alt_lang, none chosen
    upload = SimpleUploadedFile("oh.xml", VERSION_5.encode(), content_type="text/xml")
    page = client.post(url, {"file": upload, "alt_language": "ja"})
    assert "translation (ja): 始まり" in page.content.decode()
    confirm = page.context["confirm"]
    data = {"confirm": "1", "content": VERSION_5, "alt_language": confirm.initial["alt_language"]}
    assert client.post(url, data).status_code == 302
    (translation,) = SegmentTranslation.objects.filter(segment__testimony=testimony)
    assert (translation.language, translation.title) == ("ja", "始まり")


def test_segment_translations_and_links_on_its_page_and_in_its_history(staff_client):
    client = staff_client("Cataloguer")
    segment = SegmentFactory(title="Leaving (fictional)")
    url = reverse("admin:testimony_segment_change", args=[segment.pk])
    data = form_data(client, url) | {"keywords": "ship,harbour"}
    add_inline_form(data, "translations", language="ja", title="出航", synopsis="", keywords="船")
    add_inline_form(data, "links", url="javascript:alert(1)", text="Bad")
    refused = client.post(url, data)
    assert refused.status_code == 200 and not SegmentLink.objects.exists()
    data["links-0-url"] = "https://example.org/ship"
    assert client.post(url, data).status_code == 302
    segment.refresh_from_db()
    assert segment.keywords == ["ship", "harbour"]
    assert [(t.language, t.title) for t in segment.translations.all()] == [("ja", "出航")]
    history = reverse("admin:testimony_segment_history", args=[segment.pk])
    page = html.unescape(client.get(history).content.decode())
    assert "added translation “出航”" in page and "added link" in page
    assert "keywords: — → ship, harbour" in page
