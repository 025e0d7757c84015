"""More of the workbench in real Chromium: indexing by keyboard alone, two cues
merged with nothing lost, a WebVTT file placed against the recording, and a
stale cue save refused naming who changed it. Each looks at the page: its
text, the highlighted row and the player's time."""

import datetime
import shutil

import pytest
from django.test import Client

from testimony.models import Cue, Segment
from tests import factories as f
from tests.workbench.chromium import CHROMIUM, session_page
from tests.workbench.conftest import version

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]
T = datetime.timedelta


def open_workbench(browser, live_server, testimony, query=""):
    user = f.UserFactory(is_staff=True, is_superuser=True)
    page = session_page(browser, live_server, user)
    page.goto(f"{live_server.url}/admin/testimony/testimony/{testimony.pk}/workbench/{query}")
    return page


def player_time(page) -> float:
    return page.evaluate("document.getElementById('wb-media').currentTime")


def test_index_two_segments_by_keyboard_only(browser, live_server, indexed):
    page = open_workbench(browser, live_server, indexed)
    for at, title, synopsis in ((5, "Leaving home", "Packing."), (25, "The harbour", "Waiting.")):
        page.evaluate(f"document.getElementById('wb-media').currentTime = {at}")
        page.keyboard.press("Alt+KeyN")
        page.wait_for_function("document.activeElement.name === 'title'")
        page.keyboard.type(title)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "synopsis"
        page.keyboard.type(synopsis)
        page.keyboard.press("Alt+KeyS")
        page.locator("#wb-editor .wb-status", has_text="Saved.").wait_for()
        current = page.locator("#wb-segments li.wb-current")
        assert current.locator(".wb-row-title").inner_text() == title
        assert current.locator(".wb-dirty").is_hidden()
    # Back to the first with the keyboard; the player follows to its start.
    page.keyboard.press("Alt+ArrowUp")
    assert page.locator("#wb-editor [name=title]").input_value() == "Leaving home"
    assert abs(player_time(page) - 5) < 0.5
    assert page.locator("#wb-segments li.wb-current .wb-row-title").inner_text() == "Leaving home"
    # Enter in a field of the form saves it too.
    page.locator("#wb-editor [name=title]").focus()
    page.keyboard.press("End")
    page.keyboard.type(" at dawn")
    page.keyboard.press("Enter")
    page.locator("#wb-editor .wb-status", has_text="Saved.").wait_for()
    page.reload()
    titles = page.locator("#wb-segments .wb-row-title").all_inner_texts()
    assert titles == ["Leaving home at dawn", "The harbour"]
    saved = list(Segment.objects.order_by("start").values_list("start", "end", "synopsis"))
    assert saved == [
        (T(seconds=5), T(seconds=25), "Packing."),
        (T(seconds=25), T(seconds=60), "Waiting."),
    ]


def test_merge_two_cues_nothing_lost(browser, live_server, indexed):
    page = open_workbench(browser, live_server, indexed)
    page.locator("#wb-cues li", has_text="We left from Niigata").click()
    page.evaluate("document.getElementById('wb-media').pause()")
    assert page.locator("#wb-cues li.wb-current").inner_text().endswith("in 1960.")
    page.locator("button[data-action=cue-merge]").click()
    page.locator("#wb-cue-editor .wb-status", has_text="Merged.").wait_for()
    merged = "We left from Niigata in 1960. The ship was cold."
    assert page.locator("#wb-cues li").count() == 1
    assert page.locator("#wb-cues li.wb-current .wb-text").inner_text() == merged
    assert page.locator("#wb-cue-editor [name=text]").input_value() == merged
    assert list(Cue.objects.values_list("start", "end", "text")) == [(T(0), T(seconds=60), merged)]


def test_import_webvtt_placed_and_played_from_a_cue(browser, live_server, indexed):
    page = open_workbench(browser, live_server, indexed)
    vtt = (
        "WEBVTT\n\n00:00.000 --> 00:05.000\nFirst imported words.\n\n"
        "00:05.000 --> 00:12.000\nSecond imported words.\n"
    )
    page.locator("#wb-import [name=file]").set_input_files(
        {"name": "talk.vtt", "mimeType": "text/vtt", "buffer": vtt.encode()}
    )
    page.locator("#wb-import [name=offset]").fill("0:10")
    page.locator("#wb-import button[type=submit]").click()
    page.wait_for_url("**?transcript=*")
    rows = page.locator("#wb-cues li")
    rows.first.wait_for()
    assert rows.count() == 2
    assert rows.nth(0).locator(".wb-tc").inner_text() == "00:00:10"
    assert rows.nth(1).locator(".wb-tc").inner_text() == "00:00:15"
    rows.nth(1).click()
    page.wait_for_function("document.getElementById('wb-media').currentTime >= 15")
    page.evaluate("document.getElementById('wb-media').pause()")
    assert 15 <= player_time(page) < 17
    assert page.locator("#wb-cues li.wb-current .wb-text").inner_text() == "Second imported words."
    assert list(Cue.objects.order_by("start").values_list("start", "text")) == [
        (T(seconds=10), "First imported words."),
        (T(seconds=15), "Second imported words."),
    ]


def test_stale_cue_save_refused_naming_who(browser, live_server, indexed):
    page = open_workbench(browser, live_server, indexed)
    page.locator("#wb-cues li", has_text="The ship was cold.").click()
    page.evaluate("document.getElementById('wb-media').pause()")
    cue = Cue.objects.get(text="The ship was cold.")
    other = Client()
    other.force_login(f.UserFactory(is_staff=True, is_superuser=True, username="lee-archivist"))
    response = other.post(
        f"/admin/testimony/testimony/{indexed.pk}/workbench/cues/{cue.pk}/",
        {"start": "30", "end": "60", "text": "The ship was freezing.", "version": version(cue)},
        content_type="application/json",
    )
    assert response.status_code == 200
    text = page.locator("#wb-cue-editor [name=text]")
    text.fill("The ship was very cold.")
    text.focus()
    page.keyboard.press("Alt+KeyS")
    alert = page.locator('#wb-cue-editor [data-error-for="__all__"]')
    alert.wait_for()
    assert "lee-archivist" in alert.inner_text()
    assert "changed by someone else" in alert.inner_text()
    assert text.input_value() == "The ship was very cold."
    assert page.locator("#wb-cues li.wb-current .wb-text").inner_text() == "The ship was cold."
    cue.refresh_from_db()
    assert cue.text == "The ship was freezing."
