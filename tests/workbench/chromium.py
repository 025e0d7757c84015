"""Debian's chromium driven by Playwright for the workbench's browser tests:
the browser, a signed-in page, and a testimony with a generated recording."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from testimony.models import Cue, MediaFile
from tests import factories as f
from tests.workbench.recording import wav_bytes

CHROMIUM = "/usr/bin/chromium"
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1:8141")
T = datetime.timedelta


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are synchronous and safe, so Django's guard is lifted here only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--autoplay-policy=no-user-gesture-required", "--no-sandbox"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def indexed(db):
    testimony = f.TestimonyFactory(duration=T(seconds=60), title="Fictional interview")
    MediaFile.objects.create(
        testimony=testimony,
        kind=MediaFile.Kind.AUDIO,
        file=ContentFile(wav_bytes(60), name="interview.wav"),
        content_type="audio/wav",
        duration=T(seconds=60),
    )
    transcript = f.TranscriptFactory(testimony=testimony, language="ja", text="")
    Cue.objects.create(
        transcript=transcript, start=T(0), end=T(seconds=30), text="We left from Niigata in 1960."
    )
    Cue.objects.create(
        transcript=transcript, start=T(seconds=30), end=T(seconds=60), text="The ship was cold."
    )
    f.SubjectFactory(label="Repatriation voyage")
    return testimony


def session_page(browser, live_server, user, language="en"):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=language)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            },
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )
    return context.new_page()
