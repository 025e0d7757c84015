"""The admin speaks English, Japanese and Korean: every string of the project's
own code has a translation in both languages, and the models' names, labels,
help texts and choices reach the admin's pages in the browser's language."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from catalog.models.base import staff_only_fields
from catalog.models.families import Relationship
from testimony.disclosure import relations_to_narrators
from tests import factories as f

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("ja", "ko")
# What makemessages reads (the "django" domain): the project's own code and templates.
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
NOT_SOURCE = {".venv", ".git", "var", "node_modules", "__pycache__", "media", "locale"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _copy_sources(target: Path) -> None:
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if NOT_SOURCE & set(relative.parts) or path.suffix not in SOURCE_SUFFIXES:
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)
    for language in LANGUAGES:
        po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        (target / po.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(po, target / po.relative_to(ROOT))


def _entries(po: Path):
    """(msgid, msgstr, flags) of each entry of a catalogue written with --no-wrap."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        flags = {
            flag.strip() for line in lines if line.startswith("#,") for flag in line[2:].split(",")
        }
        ids = [
            line.split(" ", 1)[1] for line in lines if line.startswith(("msgid ", "msgid_plural "))
        ]
        strs = [line.split(" ", 1)[1] for line in lines if line.startswith("msgstr")]
        if ids and ids[0] != '""':
            yield " ".join(ids), strs, flags


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The committed catalogues after makemessages over a copy of the project's code."""
    if shutil.which("msgfmt") is None:
        pytest.fail("gettext is not installed (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("project")
    _copy_sources(copy)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-location", "--no-wrap", "-v", "0"]
        + [f"-l{language}" for language in LANGUAGES],
        cwd=copy,
        check=True,
        env={**os.environ, "DEBUG": "1"},
    )
    return copy / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(extracted, language):
    po = extracted / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, (
        result.stderr
        + "\n"
        + "\n".join(
            msgid
            for msgid, strs, flags in _entries(po)
            if "fuzzy" in flags or any(s == '""' for s in strs)
        )
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive(extracted, language):
    po = extracted / language / "LC_MESSAGES" / "django.po"
    wrong = [
        (msgid, msgstr)
        for msgid, strs, _flags in _entries(po)
        for msgstr in strs
        if set(PLACEHOLDER.findall(msgstr)) != set(PLACEHOLDER.findall(msgid))
    ]
    assert not wrong, wrong


def test_staff_only_fields_read_in_english_whatever_the_language():
    english = staff_only_fields()
    assert english
    for language in LANGUAGES:
        with translation.override(language):
            assert staff_only_fields() == english


@pytest.mark.django_db
def test_relations_sent_outside_stay_english():
    relationship = f.RelationshipFactory(kind=Relationship.Kind.SIBLING)
    for language in LANGUAGES:
        with translation.override(language):
            relations = relations_to_narrators({relationship.relative_id})
        assert relations == {
            relationship.relative_id: {relationship.person_id: "sibling of the narrator"}
        }


# The admin's pages in the browser's language: (sidebar entries, changelist and
# change form texts) that only the models' own translations give.
PAGES = {
    "ja": {
        "index": ["証言", "帰国者", "資料記事", "帰国船"],
        "changelist": ["目録番号", "下書き"],
        "change": ["目録番号", "収録場所", "RightsStatements.org の権利表示"],
    },
    "ko": {
        "index": ["증언", "귀국자", "자료 기사", "귀국선"],
        "changelist": ["목록 번호", "초안"],
        "change": ["목록 번호", "녹음 장소", "RightsStatements.org 권리 표시"],
    },
}


def _link(html: str, url: str) -> str:
    match = re.search(rf'<a href="{re.escape(url)}"[^>]*>([^<]+)</a>', html)
    assert match, f"no link to {url}"
    return match.group(1).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_pages_in_the_browsers_language(staff_client, language):
    client = staff_client("Administrator")
    testimony = f.TestimonyFactory()
    expected = PAGES[language]

    index = client.get("/admin/", headers={"accept-language": language}).content.decode()
    sidebar = [
        _link(index, f"/admin/{model}/")
        for model in (
            "testimony/testimony",
            "catalog/returnee",
            "catalog/sourcearticle",
            "catalog/voyage",
        )
    ]
    assert sidebar == expected["index"]

    changelist = client.get(
        "/admin/testimony/testimony/", headers={"accept-language": language}
    ).content.decode()
    for text in expected["changelist"]:
        assert text in changelist

    change = client.get(
        f"/admin/testimony/testimony/{testimony.pk}/change/", headers={"accept-language": language}
    ).content.decode()
    for text in expected["change"]:
        assert text in change
    assert "catalogue identifier" not in change.lower()


@pytest.mark.django_db
def test_admin_pages_stay_english_for_an_english_browser(staff_client):
    client = staff_client("Administrator")
    index = client.get("/admin/", headers={"accept-language": "en"}).content.decode()
    assert _link(index, "/admin/testimony/testimony/") == "Testimonies"
    assert _link(index, "/admin/testimony/partnerfetch/") == "Partner fetches"


@pytest.mark.django_db
def test_record_names_in_the_admins_language():
    voyage = f.VoyageFactory(number=3, ship="Kryl'ion")
    relationship = f.RelationshipFactory(
        person__preferred_name="Kim Yong-ja", relative__preferred_name="Kim Chol"
    )
    assert str(voyage) == "Voyage 3 (Kryl'ion)"
    assert str(relationship) == "Kim Yong-ja is sibling of Kim Chol"
    with translation.override("ja"):
        assert str(voyage) == "第3次帰国船（Kryl'ion）"
        assert str(relationship) == "Kim Yong-jaはKim Cholのきょうだい"
    with translation.override("ko"):
        assert str(voyage) == "제3차 귀국선(Kryl'ion)"
        assert str(relationship) == "Kim Yong-ja은(는) Kim Chol의 형제자매"
