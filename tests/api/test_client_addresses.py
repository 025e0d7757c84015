"""Clients are counted by the address the connection comes from, or one that a
trusted proxy forwarded; failed token checks are limited per address."""

import pytest
from django.test import Client

from tests.api.conftest import token_for

pytestmark = pytest.mark.django_db


def statuses(requests) -> list[int]:
    return [client.get("/api/v1/subjects/").status_code for client in requests]


def test_a_spoofed_forwarded_for_from_an_untrusted_address_changes_nothing(settings):
    settings.API_PUBLIC_RATE = "3/minute"
    spoofed = [
        Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in range(5)
    ]
    assert statuses(spoofed) == [200, 200, 200, 429, 429]


def test_a_trusted_proxy_s_forwarded_address_is_counted(settings):
    settings.API_PUBLIC_RATE = "2/minute"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]

    def via_proxy(chain):
        return Client(REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR=chain)

    # Each client its own count; what the client put left of the proxies' entry is ignored.
    first = [via_proxy("203.0.113.1")] * 3
    second = [via_proxy(f"6.6.6.{n}, 203.0.113.2, 10.9.9.9") for n in range(3)]
    assert statuses(first) == [200, 200, 429]
    assert statuses(second) == [200, 200, 429]
    # A malformed chain is not believed: counted as the proxy itself.
    assert statuses([via_proxy("not-an-address")] * 3) == [200, 200, 429]


def test_failed_token_checks_are_limited_per_address(settings, partner):
    settings.API_AUTH_FAILURE_RATE = "3/minute"
    good = token_for(partner)
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    guesses = [Client(HTTP_AUTHORIZATION=f"Token {good[:-3]}x{n}y", **attacker) for n in range(4)]
    assert statuses(guesses) == [401, 401, 401, 429]
    # Past the limit even the right token is refused from that address, so guessing
    # learns nothing; from another address it works.
    assert statuses([Client(HTTP_AUTHORIZATION=f"Token {good}", **attacker)]) == [429]
    assert statuses([Client(HTTP_AUTHORIZATION=f"Token {good}", REMOTE_ADDR="192.0.2.1")]) == [200]
