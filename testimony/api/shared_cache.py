"""The Redis every server process shares (REDIS_URL), for request limits and
the partner-fetch queue. Keys take the cache's KEY_PREFIX, as Django's own do.

Redis is asked with short timeouts (``REDIS_TIMEOUT``): when it is unreachable
its callers fall back (request limits per process, fetches straight to the
database) and say so in the log, at most once a minute per process.
"""

import logging
import time

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

# What Redis raises when it cannot be reached or answer in time.
UNAVAILABLE = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError)
LOG_EVERY_SECONDS = 60

_client: redis.Redis | None = None
_client_url: str | None = None
_last_logged: dict[str, float] = {}


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def client() -> redis.Redis:
    """One client (and connection pool) per server process, made after the fork."""
    global _client, _client_url
    if _client is None or _client_url != settings.REDIS_URL:
        _client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=settings.REDIS_TIMEOUT,
            socket_timeout=settings.REDIS_TIMEOUT,
        )
        _client_url = settings.REDIS_URL
    return _client


def key(name: str) -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    return f"{prefix}:{name}" if prefix else name


def unavailable(what: str, exc: Exception) -> None:
    """Log that Redis could not be used for ``what`` (once a minute per process)."""
    now = time.monotonic()
    if now - _last_logged.get(what, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS:
        _last_logged[what] = now
        logger.warning("Redis unavailable (%s): %s; %s.", type(exc).__name__, exc, what)
