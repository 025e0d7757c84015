"""Partner token authentication, and the audience a request speaks for."""

import re

from django.db import connection
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from testimony.api.throttling import FailedTokenLimit
from testimony.disclosure import Audience
from testimony.models import PartnerOrganisation, PartnerToken
from testimony.models.partners import TOKEN_PREFIX

BAD_TOKEN = "Invalid, expired or revoked token."
KEY_PATTERN = re.compile(r"[0-9a-f]{16}")


TOKEN_FIELDS = [
    "id",
    "partner_id",
    "key",
    "secret_hash",
    "expires_at",
    "revoked_at",
    "last_used_at",
]
PARTNER_FIELDS = ["id", "name", "is_active", "throttle_rate"]

# Every API request reads its token: one plain statement, with the partner and
# its collection limit, where the ORM's query building would cost the request
# more than the look-up itself.
FIND_TOKEN = f"""
SELECT {", ".join(f"t.{f}" for f in TOKEN_FIELDS)}, {", ".join(f"p.{f}" for f in PARTNER_FIELDS)},
       ARRAY(SELECT c.collection_id FROM {PartnerOrganisation.collections.through._meta.db_table} c
             WHERE c.partnerorganisation_id = p.id ORDER BY 1)
FROM {PartnerToken._meta.db_table} t
JOIN {PartnerOrganisation._meta.db_table} p ON p.id = t.partner_id
WHERE t.key = %s
"""


def find_token(key: str) -> PartnerToken | None:
    """The token with this key, its partner loaded, and the partner's collection
    limit as ``token.scope``; None if there is none."""
    with connection.cursor() as cursor:
        cursor.execute(FIND_TOKEN, [key])
        found = cursor.fetchone()
    if found is None:
        return None
    split = len(TOKEN_FIELDS)
    token = PartnerToken.from_db(connection.alias, TOKEN_FIELDS, found[:split])
    partner_values = found[split : split + len(PARTNER_FIELDS)]
    token.partner = PartnerOrganisation.from_db(connection.alias, PARTNER_FIELDS, partner_values)
    token.scope = found[-1]
    return token


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token tc_<key>_<secret>``. Any bad token is a 401, never a
    silent fall back to the public audience; too many from one address are a 429
    (see FailedTokenLimit)."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        failures = FailedTokenLimit(request)
        failures.check()
        token = self._token(header)
        if token is None:
            failures.failed()
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (None, token)

    @staticmethod
    def _token(header: list[bytes]) -> PartnerToken | None:
        """The usable token the header names, or None."""
        if len(header) != 2:
            return None
        try:
            prefix, key, secret = header[1].decode().split("_", 2)
        except (UnicodeError, ValueError):
            return None
        if prefix != TOKEN_PREFIX or not KEY_PATTERN.fullmatch(key):
            return None
        token = find_token(key)
        if token is None or not token.matches(secret) or not token.is_usable:
            return None
        return token

    def authenticate_header(self, request):
        return self.keyword


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token tc_<key>_<secret>`, as issued to your organisation. "
            "Without it you read as the public.",
        }


def audience_for(request) -> Audience:
    """The audience a request speaks for, worked out once per request."""
    audience = getattr(request, "_catalogue_audience", None)
    if audience is None:
        token = getattr(request, "auth", None)
        if isinstance(token, PartnerToken):
            audience = Audience.for_partner(token.partner, getattr(token, "scope", None))
        else:
            audience = Audience.public()
        request._catalogue_audience = audience
    return audience
