"""A name's script read from its text and its language suggested, so that no
ISO code is typed by hand in the admin."""

import pytest
from django.urls import reverse

from catalog.models import PersonName
from catalog.scripts import detect_script, suggest_language
from tests.admin.forms import add_inline_form, form_data
from tests.factories import PersonFactory


@pytest.mark.parametrize(
    ("name", "script", "language"),
    [
        ("Kim Min-su", "Latn", ""),
        ("Ch'ŏngjin", "Latn", ""),
        ("김민수", "Hang", "ko"),
        ("金民洙", "Hani", ""),
        ("キム", "Kana", "ja"),
        ("きむ", "Hira", "ja"),
        ("キムちゃん", "Kana", "ja"),
        ("金田ハナ子", "Jpan", "ja"),
        ("金さん", "Jpan", "ja"),
        ("金민수", "Kore", "ko"),
        ("Ким", "Cyrl", "ru"),
        ("1960", "", ""),
    ],
)
def test_script_and_language(name, script, language):
    assert detect_script(name) == script
    assert suggest_language(script) == language


@pytest.mark.django_db
def test_variant_saved_without_codes_takes_them_from_the_name(staff_client):
    client = staff_client("Cataloguer")
    person = PersonFactory()
    url = reverse("admin:catalog_person_change", args=[person.pk])
    page = client.get(url).content.decode()
    assert "catalog/name_variants.js" in page
    assert '<option value="Hang">Hangul</option>' in page
    assert '<option value="ko">Korean</option>' in page
    data = form_data(client, url)
    add_inline_form(data, "names", name="김민수", kind="korean", script="", language="")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    variant = PersonName.objects.get(person=person, name="김민수")
    assert (variant.script, variant.language) == ("Hang", "ko")
