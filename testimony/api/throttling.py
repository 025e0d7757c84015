"""Request limits kept in the shared cache (Redis in production), so that the
limit holds across all server processes."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from testimony.models import PartnerToken


class AudienceRateThrottle(SimpleRateThrottle):
    """Each partner at its own rate; the public per client address."""

    scope = "audience"

    @property
    def cache(self):
        return caches["default"]

    def allow_request(self, request, view):
        token = request.auth
        if isinstance(token, PartnerToken):
            self.rate = token.partner.throttle_rate
            self.key = f"throttle:partner:{token.partner_id}"
        else:
            self.rate = settings.API_PUBLIC_RATE
            self.key = f"throttle:public:{self.get_ident(request)}"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self):
        return settings.API_PUBLIC_RATE

    def get_cache_key(self, request, view):
        return self.key
