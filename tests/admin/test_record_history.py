"""Each record's history page says who changed what and when, in words: field
labels, choices by their labels, linked records by name, on one page with the
rows edited on the record's page (segments, consents, files, links)."""

import html

import pytest
from django.urls import reverse

from tests.admin.forms import add_inline_form, form_data, new_consent_fields
from tests.factories import (
    ConsentFactory,
    PersonFactory,
    SegmentFactory,
    SubjectFactory,
    TestimonyFactory,
)
from tests.files import samples

pytestmark = pytest.mark.django_db


def history(client, obj) -> str:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_testimony_history_tells_every_change_on_its_page_and_its_list(staff_client):
    ana, rita = staff_client("Cataloguer"), staff_client("Reviewer")
    testimony = TestimonyFactory(title="Old title (fictional)")
    SegmentFactory(testimony=testimony, title="Leaving (fictional)")
    labour = SubjectFactory(label="Labour (fictional)")
    narrator = PersonFactory(preferred_name="Kim Narrator (fictional)")
    url = reverse("admin:testimony_testimony_change", args=[testimony.pk])

    data = form_data(ana, url) | {"title": "New title (fictional)", "narrator": narrator.pk}
    data["segments-0-is_closed"] = "on"
    data["segments-0-subjects"] = [labour.pk]
    add_inline_form(data, "media_files", kind="photo", description="A photo (fictional)")
    data["media_files-0-file"] = samples.upload("photo.jpg", samples.jpeg())
    response = ana.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    changelist = reverse("admin:testimony_testimony_changelist")
    action = {"action": "send_to_review", "_selected_action": [testimony.pk]}
    assert ana.post(changelist, action).status_code == 302
    ConsentFactory(testimony=testimony)  # recorded outside any request
    data = form_data(rita, url)
    seen = str(testimony.consents.get().pk)
    add_inline_form(data, "consents", **new_consent_fields(expected_current=seen))
    assert rita.post(url, data).status_code == 302

    page = history(rita, testimony)
    assert "title: “Old title (fictional)” → “New title (fictional)”" in page
    assert "narrator: “" in page and "→ “Kim Narrator (fictional)”" in page
    assert "changed segment 00:01:00–00:05:00 “Leaving (fictional)”: closed: no → yes" in page
    assert (
        "added to subjects of segment 00:01:00–00:05:00 “Leaving (fictional)”: "
        "“Labour (fictional)”" in page
    )
    assert "added file “photo.jpg”" in page or "added media file “photo.jpg”" in page
    assert "status: draft → in review" in page  # the list action, as a label
    assert "added consent record v2" in page
    assert ana.user.username in page and rita.user.username in page
    assert "the system (no signed-in user)" in page  # the factory's consent v1
    # Newest first: the reviewer's consent before the cataloguer's edit.
    assert page.index("added consent record v2") < page.index("→ “New title (fictional)”")
    # The unchanged saves of the page say nothing.
    assert "without changing" not in page


def test_a_person_history_names_its_name_variants_and_choices(staff_client):
    client = staff_client("Cataloguer")
    person = PersonFactory(preferred_name="Ri (fictional)", birth="")
    url = reverse("admin:catalog_person_change", args=[person.pk])
    data = form_data(client, url) | {"birth": "1950~", "is_public_figure": "on"}
    data["names-0-name"] = "리 (fictional)"
    data["names-0-script"] = "Hang"
    data["names-0-language"] = "ko"
    data["names-0-kind"] = "korean"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    page = history(client, person)
    assert "birth: — → “1950~”" in page
    assert "public figure: no → yes" in page
    assert "added name variant “리 (fictional)”" in page
