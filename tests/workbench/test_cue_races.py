"""Two saves of one cue at the same moment, each on its own database connection:
the transcript's lock orders them, one wins and the other is told who changed it."""

import datetime
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from testimony.models import Cue
from tests import factories as f
from tests.workbench.conftest import version

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(username) -> Client:
    client = Client()
    client.user = f.UserFactory(is_staff=True, is_superuser=True, username=username)
    client.force_login(client.user)
    return client


def test_two_cue_saves_at_once_exactly_one_wins():
    testimony = f.TestimonyFactory(duration=datetime.timedelta(minutes=5))
    transcript = f.TranscriptFactory(testimony=testimony, text="")
    cue = Cue.objects.create(
        transcript=transcript,
        start=datetime.timedelta(0),
        end=datetime.timedelta(seconds=10),
        text="As first typed.",
    )
    opened = version(cue)
    url = reverse("admin:testimony_workbench_cue", args=[testimony.pk, cue.pk])
    clients = [signed_in("ana-cataloguer"), signed_in("ben-cataloguer")]
    texts = ["Ana's words.", "Ben's words."]
    barrier = threading.Barrier(2)
    responses = [None, None]

    def send(index):
        try:
            barrier.wait(timeout=30)
            body = {"start": "0", "end": "10", "text": texts[index], "version": opened}
            responses[index] = clients[index].post(url, body, content_type="application/json")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(response.status_code for response in responses) == [200, 409]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    loser = responses[1 - winner]
    message = loser.json()["errors"]["__all__"][0]
    assert clients[winner].user.username in message
    assert loser.json()["current"]["text"] == texts[winner]
    cue.refresh_from_db()
    assert cue.text == texts[winner]
