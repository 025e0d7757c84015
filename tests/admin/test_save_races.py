"""Two saves at the same moment, each on its own database connection: one wins,
the other is told. The lock taken in the save's transaction decides the order."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from testimony.models import ConsentRecord, Testimony
from tests.admin.forms import add_inline_form, form_data, new_consent_fields
from tests.factories import ConsentFactory, TestimonyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in() -> Client:
    client = Client()
    client.user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(client.user)
    return client


def race(posts) -> list:
    """Send each (client, url, data) at once from its own thread and connection."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def send(index, client, url, data):
        try:
            barrier.wait(timeout=30)
            responses[index] = client.post(url, data)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(index, *post)) for index, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(response is not None for response in responses)
    return responses


def test_two_saves_of_one_testimony_at_once_one_wins_the_other_is_told():
    testimony = TestimonyFactory(title="Before (fictional)")
    url = reverse("admin:testimony_testimony_change", args=[testimony.pk])
    ana, ben = signed_in(), signed_in()
    ana_data = form_data(ana, url) | {"title": "Ana's title (fictional)"}
    ben_data = form_data(ben, url) | {"title": "Ben's title (fictional)"}
    responses = race([(ana, url, ana_data), (ben, url, ben_data)])
    codes = sorted(response.status_code for response in responses)
    assert codes == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "changed by someone else since you opened it" in refused
    winner = next(i for i, r in enumerate(responses) if r.status_code == 302)
    title = ("Ana's title (fictional)", "Ben's title (fictional)")[winner]
    assert Testimony.objects.get(pk=testimony.pk).title == title
    assert title.replace("'", "&#x27;") in refused  # the loser is told what the winner wrote


def test_two_consent_versions_recorded_at_once_one_is_refused():
    first = ConsentFactory(access="closed")
    url = reverse("admin:testimony_consentrecord_add") + f"?testimony={first.testimony.pk}"
    ana, ben = signed_in(), signed_in()
    ana_data = form_data(ana, url) | new_consent_fields(access="public")
    ben_data = form_data(ben, url) | new_consent_fields(access="all_partners")
    assert ana_data["expected_current"] == ben_data["expected_current"] == str(first.pk)
    responses = race([(ana, url, ana_data), (ben, url, ben_data)])
    assert sorted(response.status_code for response in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "Another consent record was saved for this testimony" in refused
    versions = ConsentRecord.objects.filter(testimony=first.testimony)
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    assert versions.filter(is_current=True).count() == 1


def test_a_consent_version_and_a_testimony_page_version_at_once_one_is_refused():
    first = ConsentFactory(access="closed")
    testimony = first.testimony
    alone = reverse("admin:testimony_consentrecord_add") + f"?testimony={testimony.pk}"
    page = reverse("admin:testimony_testimony_change", args=[testimony.pk])
    ana, ben = signed_in(), signed_in()
    ana_data = form_data(ana, alone) | new_consent_fields(access="public")
    ben_data = add_inline_form(
        form_data(ben, page),
        "consents",
        **new_consent_fields(access="all_partners", expected_current=str(first.pk)),
    )
    responses = race([(ana, alone, ana_data), (ben, page, ben_data)])
    assert sorted(response.status_code for response in responses) == [200, 302]
    assert ConsentRecord.objects.filter(testimony=testimony).count() == 2
