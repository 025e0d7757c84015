"""The Redis every server process shares (REDIS_URL), for request limits and
the partner-fetch queue. Keys take the cache's KEY_PREFIX, as Django's own do."""

import redis
from django.conf import settings

_client: redis.Redis | None = None


def enabled() -> bool:
    return bool(settings.REDIS_URL)


def client() -> redis.Redis:
    """One client (and connection pool) per server process, made after the fork."""
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL)
    return _client


def key(name: str) -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    return f"{prefix}:{name}" if prefix else name
