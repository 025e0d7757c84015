"""A cataloguer indexes a generated recording in real Chromium (Debian's
package, driven by Playwright): play, capture three segments with the key,
type titles, tag a subject and a new place, save each, reload and find them;
a field error; a stale save refused; a cue split at the playhead.

Run alone with ``pytest -m browser``; skipped only where chromium is missing.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.test import Client

from testimony.models import Cue, Segment, Testimony
from tests import factories as f
from tests.workbench.chromium import CHROMIUM, session_page
from tests.workbench.conftest import version

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed"),
]
T = datetime.timedelta


def capture(page, at, title):
    page.evaluate(f"document.getElementById('wb-media').currentTime = {at}")
    page.keyboard.press("Alt+KeyN")
    page.wait_for_function("document.activeElement.name === 'title'")
    page.keyboard.type(title)


def retype(page, field, text):
    page.locator(f"#wb-editor [name={field}]").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def save(page):
    page.keyboard.press("Alt+KeyS")
    page.locator("#wb-editor .wb-status", has_text="Saved.").wait_for()


def test_cataloguer_indexes_a_recording(browser, live_server, indexed):
    user = f.UserFactory(is_staff=True, is_superuser=True)
    page = session_page(browser, live_server, user)
    workbench = f"{live_server.url}/admin/testimony/testimony/{indexed.pk}/workbench/"
    page.goto(workbench)
    assert page.locator(".wb-shortcuts").is_visible()

    page.keyboard.press("Alt+KeyP")  # play
    page.wait_for_function("document.getElementById('wb-media').currentTime > 0.5")
    page.keyboard.press("Alt+KeyP")  # pause
    capture(page, 2, "Leaving Niigata")
    page.locator('[data-kind="subjects"] input').focus()
    page.keyboard.type("repatr")
    page.locator(
        '[data-kind="subjects"] .wb-suggestions li', has_text="Repatriation voyage"
    ).wait_for()
    page.keyboard.press("Enter")
    save(page)

    capture(page, 20, "On the ship")
    page.locator('[data-kind="places"] input').focus()
    page.keyboard.type("Hamhung")
    page.locator('[data-kind="places"] .wb-create').wait_for()
    page.keyboard.press("Enter")
    page.locator('[data-kind="places"] .wb-chips li', has_text="Hamhung").wait_for()
    save(page)

    capture(page, 40, "Arrival at Chongjin")
    page.keyboard.press("Alt+ArrowRight")  # nudge the start one second later
    save(page)

    page.reload()
    titles = page.locator("#wb-segments .wb-row-title").all_inner_texts()
    assert titles == ["Leaving Niigata", "On the ship", "Arrival at Chongjin"]
    segments = list(Segment.objects.filter(testimony=indexed).order_by("start"))
    assert [(s.start, s.end) for s in segments] == [
        (T(seconds=2), T(seconds=20)),
        (T(seconds=20), T(seconds=41)),
        (T(seconds=41), T(seconds=60)),
    ]
    assert [s.label for s in segments[0].subjects.all()] == ["Repatriation voyage"]
    assert [p.name for p in segments[1].places.all()] == ["Hamhung"]

    # An error is shown at its field, in view, and nothing is lost.
    page.keyboard.press("Alt+ArrowDown")  # the first segment
    page.keyboard.press("Alt+ArrowDown")  # the second
    assert page.locator("#wb-editor [name=title]").input_value() == "On the ship"
    retype(page, "start", "soon")
    page.keyboard.press("Alt+KeyS")
    error = page.locator('#wb-editor [data-error-for="start"]')
    error.wait_for()
    assert "is not a timecode" in error.inner_text()
    assert error.is_visible()
    assert page.locator("#wb-editor [name=title]").input_value() == "On the ship"

    # Someone else saves the first segment; this page's copy is now stale.
    other = Client()
    other_user = f.UserFactory(is_staff=True, is_superuser=True, username="kim-cataloguer")
    other.force_login(other_user)
    first = segments[0]
    response = other.post(
        f"/admin/testimony/testimony/{indexed.pk}/workbench/segments/{first.pk}/",
        {"start": "2", "title": "Leaving Niigata harbour", "version": version(first)},
        content_type="application/json",
    )
    assert response.status_code == 200
    page.keyboard.press("Alt+ArrowUp")
    retype(page, "title", "My own title")
    page.keyboard.press("Alt+KeyS")
    alert = page.locator('#wb-editor [data-error-for="__all__"]')
    alert.wait_for()
    assert "kim-cataloguer" in alert.inner_text()
    assert page.locator("#wb-editor [name=title]").input_value() == "My own title"
    first.refresh_from_db()
    assert first.title == "Leaving Niigata harbour"

    # A cue split at the playhead.
    page.locator("#wb-cues li", has_text="The ship was cold.").click()
    page.evaluate("document.getElementById('wb-media').pause()")
    page.evaluate("document.getElementById('wb-media').currentTime = 45")
    page.locator("button[data-action=cue-split]").click()
    page.locator("#wb-cue-editor .wb-status", has_text="Split.").wait_for()
    assert page.locator("#wb-cues li").count() == 3
    texts = list(Cue.objects.order_by("start").values_list("start", "text"))
    assert texts[1:] == [(T(seconds=30), "The ship"), (T(seconds=45), "was cold.")]

    if shots := os.environ.get("WORKBENCH_SCREENSHOTS"):
        for language in ("en", "ja", "ko"):
            shot = session_page(browser, live_server, user, language)
            shot.goto(workbench)
            shot.locator("#wb-segments li").first.click()
            shot.screenshot(path=str(Path(shots) / f"workbench-{language}.png"))
    assert Testimony.objects.count() == 1
