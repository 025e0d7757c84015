"""The admin speaks the cataloguers' languages: the catalogue's own pages,
messages and refusals in Japanese and Korean when the browser asks for them,
and every marked string translated, with no fuzzy entry left."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.admin.forms import form_data
from tests.api.conftest import published
from tests.api.test_ohms_import import VERSION_6
from tests.factories import (
    MediaFileFactory,
    PartnerFactory,
    PersonFactory,
    SegmentFactory,
    TestimonyFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db
LANGUAGES = ["ja", "ko"]


@pytest.fixture
def speaking(staff_client):
    """A staff client whose browser asks for ``language``."""

    def make(group: str, language: str):
        client = staff_client(group)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def check(body: str, expected: dict, language: str, english: list[str]) -> None:
    for phrase in expected[language]:
        assert phrase in body, phrase
    for phrase in english:
        assert phrase not in body, phrase


CONSENT = {
    "ja": ["同意書のスキャン", "職員のみ。外部には一切開示しません。"],
    "ko": ["동의서 스캔본", "직원 전용이며 외부에 절대 공개하지 않습니다."],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_consent_page(speaking, language):
    testimony = TestimonyFactory()
    client = speaking("Reviewer", language)
    url = reverse("admin:testimony_consentrecord_add")
    body = page(client, url, testimony=testimony.pk)
    check(body, CONSENT, language, ["scan of the consent form", "Staff only; never disclosed"])
    body = page(client, reverse("admin:testimony_testimony_change", args=[testimony.pk]))
    assert {"ja": "同意の版", "ko": "동의 판"}[language] in body


RELEASE = {
    "ja": [
        "確認して公開：",
        "一般の閲覧者 への表示",
        "パートナー「Museum (fictional)」 への表示",
        "要約 に Hwang Il-nam (fictional)（公人でも同意者でも実名の語り手でもありません）"
        "の名前があります。",
    ],
    "ko": [
        "검토 후 공개: ",
        "일반 이용자에게 보이는 모습",
        "협력 기관 “Museum (fictional)”에게 보이는 모습",
        "요약에 Hwang Il-nam (fictional)(공인도, 동의한 사람도, 실명 구술자도 아님)"
        "의 이름이 있습니다.",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_release_review_page_and_its_refusal(speaking, language):
    testimony = published({"access": "public", "name_disclosure": "real_name"})
    PersonFactory(preferred_name="Hwang Il-nam (fictional)")
    testimony.summary = "Hwang Il-nam stayed behind."
    testimony.save()
    partner = PartnerFactory(name="Museum (fictional)")
    client = speaking("Reviewer", language)
    url = reverse("admin:testimony_testimony_release", args=[testimony.pk])
    opened = client.get(url, {"partner": partner.pk})
    body = opened.content.decode()
    check(body, RELEASE, language, ["Review and release:", "receive it", "names Hwang"])
    response = client.post(
        url, {"_record_version": opened.context["record_version"], "release": "1"}, follow=True
    )
    refused = response.content.decode()
    assert {"ja": "公開されませんでした：", "ko": "공개되지 않았습니다: "}[language] in refused
    assert "Not released" not in refused and "Redact the text" not in refused
    assert testimony.releases.count() == 1


FILE = {
    "ja": ["公開用コピー（外部の閲覧者が聞くもの）", "プレビュー"],
    "ko": ["공개용 사본(외부 이용자가 듣는 것)", "미리 보기"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_files_page_and_a_refused_upload(speaking, language):
    media = MediaFileFactory()
    client = speaking("Cataloguer", language)
    url = reverse("admin:testimony_mediafile_change", args=[media.pk])
    check(page(client, url), FILE, language, ["access copies (what outside audiences hear)"])
    data = form_data(client, url)
    data["file"] = SimpleUploadedFile("notes.mp3", b"plain words, not a recording")
    refused = client.post(url, data).content.decode()
    expected = {
        "ja": "「notes.mp3」は保存されませんでした：",
        "ko": "“notes.mp3”은(는) 저장되지 않았습니다: ",
    }
    assert expected[language] in refused
    assert "was not stored" not in refused and "The file&#x27;s content is" not in refused


PARTNER = {
    "ja": ["選択したトークンを失効させる"],
    "ko": ["선택한 토큰 폐기"],
}
ISSUED = {
    "ja": ["APIトークンを発行しました", "今すぐコピーし、安全な経路でパートナーに送ってください。"],
    "ko": ["API 토큰 발급됨", "지금 복사하여 안전한 경로로 협력 기관에 보내십시오."],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partners_tokens_pages(speaking, language):
    partner = PartnerFactory(name="Museum (fictional)")
    client = speaking("Administrator", language)
    body = page(client, reverse("admin:testimony_partnertoken_changelist"))
    check(body, PARTNER, language, ["Revoke the selected tokens"])
    check(
        page(client, reverse("admin:testimony_partnerorganisation_change", args=[partner.pk])),
        {"ja": ["証言：インタビューと同意"], "ko": ["증언: 인터뷰와 동의"]},
        language,
        [],
    )
    url = reverse("admin:testimony_partnertoken_add")
    data = form_data(client, url) | {"partner": partner.pk, "name": "Archive feed"}
    issued = client.post(url, data).content.decode()
    check(issued, ISSUED, language, ["API token issued", "Copy it now"])


TRANSCRIPT = {
    "ja": ["時刻付きキュー", "キューを取り込む", "この書き起こしには時刻がありません。"],
    "ko": ["시각이 있는 큐", "큐 가져오기", "큐가 없습니다. 이 녹취록에는 시각이 없습니다."],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_transcript_page(speaking, language):
    transcript = TranscriptFactory()
    client = speaking("Cataloguer", language)
    url = reverse("admin:testimony_transcript_change", args=[transcript.pk])
    english = ["Timed cues", "import cues", "No cues: the transcript is untimed."]
    check(page(client, url), TRANSCRIPT, language, english)


OHMS = {
    "ja": ["取り込みで作成される内容", "要確認・一致なし：", "作業版に取り込む"],
    "ko": ["가져오기로 만들어질 내용", "검토 필요, 일치 없음: ", "작업본으로 가져오기"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ohms_import_preview(speaking, language):
    testimony = TestimonyFactory(duration=None, languages=[], title="Untitled")
    client = speaking("Cataloguer", language)
    url = reverse("admin:testimony_testimony_ohms_import", args=[testimony.pk])
    upload = SimpleUploadedFile("oh.xml", VERSION_6.encode(), content_type="text/xml")
    body = client.post(url, {"file": upload}).content.decode()
    check(body, OHMS, language, ["What the import will create", "not matched", "not kept ("])
    assert "新潟港の出航" in body  # the file's own text, as it was


CSV = {
    "ja": ["異表記 1「노동 수용소」が「label ("],
    "ko": ["이표기 1 “노동 수용소”이(가) “label ("],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_csv_import_page_and_its_row_errors(speaking, language):
    client = speaking("Administrator", language)
    url = reverse("admin:catalog_subject_import")
    page(client, url)
    csv = "id,label,labels,broader,scope_note\n,Labour camps,노동 수용소,,\n"
    upload = SimpleUploadedFile("subjects.csv", csv.encode(), content_type="text/csv")
    response = client.post(url, {"import_file": upload, "format": "0", "resource": "0"})
    check(response.content.decode(), CSV, language, ["Variant 1", "is not “label"])


HISTORY = {
    "ja": ["変更内容", "システム（ログイン中のユーザーなし）", "を追加", "を変更："],
    "ko": ["변경 내용", "시스템(로그인한 사용자 없음)", " 추가", " 변경: "],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_history_page(speaking, language):
    segment = SegmentFactory(title="Leaving (fictional)")
    segment.title = "Departure (fictional)"
    segment.save()
    client = speaking("Cataloguer", language)
    url = reverse("admin:testimony_testimony_history", args=[segment.testimony.pk])
    english = ["What changed", "the system (no signed-in user)", "added ", "changed "]
    check(page(client, url), HISTORY, language, english)


STALE = {
    "ja": ["あなたが開いた後に別の人が変更しました", "その後の変更："],
    "ko": ["당신이 연 뒤에 다른 사람이 바꿨습니다", "그 뒤의 변경: "],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_stale_save_is_refused_in_the_readers_language(speaking, language):
    ana, ben = speaking("Cataloguer", language), speaking("Cataloguer", language)
    testimony = TestimonyFactory(title="First title (fictional)")
    url = reverse("admin:testimony_testimony_change", args=[testimony.pk])
    stale = form_data(ana, url)
    assert ben.post(url, form_data(ben, url) | {"title": "Ben's title"}).status_code == 302
    response = ana.post(url, stale | {"summary": "Ana's summary (fictional)"})
    assert response.status_code == 200
    check(response.content.decode(), STALE, language, ["changed by someone else", "Since then"])
    testimony.refresh_from_db()
    assert testimony.summary == ""


@pytest.mark.parametrize(
    ("language", "phrase"), [("ja", "件のキューを取り込みました"), ("ko", "가져왔습니다")]
)
def test_the_workbench_script_catalogue(speaking, language, phrase):
    body = page(speaking("Cataloguer", language), reverse("catalogue-jsi18n"))
    assert json.dumps(phrase)[1:-1] in body  # the catalogue is JSON, escaped


@pytest.mark.parametrize(("language", "french"), [("ja", ">フランス語<"), ("ko", ">프랑스어<")])
def test_languages_are_named_in_the_readers_language(speaking, language, french):
    body = page(speaking("Cataloguer", language), reverse("admin:testimony_testimony_add"))
    assert french in body and ">French<" not in body


def test_english_stays_the_default(staff_client):
    body = page(staff_client("Cataloguer"), reverse("admin:testimony_transcript_add"))
    assert "Timed cues" in body and "時刻付きキュー" not in body
    assert ">French<" in page(staff_client("Cataloguer"), reverse("admin:testimony_testimony_add"))


def statistics(path) -> str:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_translations_are_complete(language, domain):
    said = statistics(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
    assert "fuzzy" not in said and "untranslated" not in said, said


def test_every_marked_string_has_a_translation(tmp_path, settings, monkeypatch):
    """Extract the strings again into a copy of the catalogues: nothing new, empty
    or fuzzy may appear, so a string marked without its translations fails here."""
    shutil.copytree(settings.BASE_DIR / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(settings.BASE_DIR)
    options = {"locale": LANGUAGES, "no_location": True, "no_wrap": True, "verbosity": 0}
    ignored = [".venv/*", "var/*", "tests/*", "bench/*", "docs/*"]
    call_command("makemessages", ignore_patterns=ignored, **options)
    call_command("makemessages", domain="djangojs", ignore_patterns=ignored, **options)
    for language in LANGUAGES:
        for domain in ("django", "djangojs"):
            said = statistics(tmp_path / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
            assert "fuzzy" not in said and "untranslated" not in said, (language, domain, said)
