"""Request limits kept in the shared cache (Redis in production), so that the
limit holds across all server processes.

A fixed window per audience, counted with one atomic increment: DRF's default
throttle keeps a list of every request's time, read and rewritten whole on each
request (slow at high rates, and two processes can overwrite each other's count).
"""

import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from testimony.api import shared_cache
from testimony.models import PartnerToken


def count_request(key: str, window: int) -> int:
    """Add one to ``key``'s count in the current window and return the count."""
    if shared_cache.enabled():
        key = shared_cache.key(key)
        pipeline = shared_cache.client().pipeline()
        pipeline.incr(key)
        pipeline.expire(key, window, nx=True)
        return pipeline.execute()[0]
    cache = caches["default"]
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


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
        now = time.time()
        start = int(now // window) * window
        self.retry_after = start + window - now
        return count_request(f"throttle:{who}:{window}:{start}", window) <= limit

    def wait(self):
        return max(1, round(self.retry_after))
