"""The address a request comes from, as request limits and login lockouts count it.

``X-Forwarded-For`` is read only when the connection comes from a proxy listed
in ``TRUSTED_PROXIES`` (addresses or networks; none by default): the header is
walked from its right end, past every trusted proxy, to the first address that
is not one. Anyone else's header is ignored, so a client cannot choose the
address it is counted under.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request) -> str:
    """The client's address: the peer's, or the one a trusted proxy forwarded."""
    address = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXIES or not _trusted(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address  # a malformed chain is not believed past the proxy
        if not _trusted(hop):
            return hop
        address = hop
    return address


def axes_client_address(request) -> str | None:
    """For django-axes, which stores an IP address or nothing (requests made
    inside the process, such as the test client's logins, have no peer)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
