"""Request limits kept in the shared cache (Redis in production), so that the
limit holds across all server processes.

A fixed window per audience, counted with one atomic increment: DRF's default
throttle keeps a list of every request's time, read and rewritten whole on each
request (slow at high rates, and two processes can overwrite each other's count).
When Redis cannot be reached, each process counts on its own (logged): limits
then hold per process until Redis is back, and no request fails for it.
"""

import time

from django.conf import settings
from django.core.cache import caches
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from config.client_address import client_address
from testimony.api import shared_cache
from testimony.models import PartnerToken

FALLBACK_CACHE = "per-process"


def _counted(in_redis, in_cache):
    """Run ``in_redis`` on the shared Redis, or ``in_cache`` on the cache that
    stands for it: the database without REDIS_URL, this process while Redis is down."""
    if shared_cache.enabled():
        try:
            return in_redis(shared_cache.client())
        except shared_cache.UNAVAILABLE as exc:
            shared_cache.unavailable("request limits counted per process", exc)
            return in_cache(caches[FALLBACK_CACHE])
    return in_cache(caches["default"])


def count_request(key: str, window: int) -> int:
    """Add one to ``key``'s count in the current window and return the count."""

    def in_redis(redis):
        pipeline = redis.pipeline()
        pipeline.incr(shared_cache.key(key))
        pipeline.expire(shared_cache.key(key), window, nx=True)
        return pipeline.execute()[0]

    def in_cache(cache):
        cache.add(key, 0, window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, window)
            return 1

    return _counted(in_redis, in_cache)


def current_count(key: str) -> int:
    """``key``'s count in the current window, unchanged."""
    return _counted(
        lambda redis: int(redis.get(shared_cache.key(key)) or 0),
        lambda cache: int(cache.get(key) or 0),
    )


class AudienceRateThrottle(BaseThrottle):
    """Each partner at its own rate; the public per client address."""

    parse_rate = SimpleRateThrottle.parse_rate  # "120/minute" -> (120, 60)

    def allow_request(self, request, view):
        token = request.auth
        if isinstance(token, PartnerToken):
            rate = token.partner.throttle_rate
            who = f"partner:{token.partner_id}"
        else:
            rate = settings.API_PUBLIC_RATE
            who = f"public:{self.get_ident(request)}"
        limit, window = self.parse_rate(rate)
        start, self.retry_after = window_start(window)
        return count_request(f"throttle:{who}:{window}:{start}", window) <= limit

    def get_ident(self, request):
        return client_address(request)

    def wait(self):
        return max(1, round(self.retry_after))


class FailedTokenLimit:
    """Failed token checks per client address (``API_AUTH_FAILURE_RATE``): past the
    limit every token from that address, right or wrong, is refused with a 429
    until the window ends, so guessing learns nothing."""

    parse_rate = SimpleRateThrottle.parse_rate

    def __init__(self, request):
        limit, window = self.parse_rate(settings.API_AUTH_FAILURE_RATE)
        start, self.retry_after = window_start(window)
        self.limit, self.window = limit, window
        self.key = f"token-failures:{client_address(request)}:{window}:{start}"

    def check(self) -> None:
        if current_count(self.key) >= self.limit:
            raise exceptions.Throttled(max(1, round(self.retry_after)))

    def failed(self) -> None:
        count_request(self.key, self.window)


def window_start(window: int) -> tuple[int, float]:
    """The current fixed window's start and the seconds left in it."""
    now = time.time()
    start = int(now // window) * window
    return start, start + window - now
