"""Partner token authentication, and the audience a request speaks for."""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from testimony.disclosure import Audience
from testimony.models import PartnerToken
from testimony.models.partners import TOKEN_PREFIX

BAD_TOKEN = "Invalid, expired or revoked token."


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token tc_<key>_<secret>``. Any bad token is a 401, never a
    silent fall back to the public audience."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        try:
            prefix, key, secret = header[1].decode().split("_", 2)
        except (UnicodeError, ValueError) as exc:
            raise exceptions.AuthenticationFailed(BAD_TOKEN) from exc
        token = (
            PartnerToken.objects.select_related("partner").filter(key=key).order_by().first()
            if prefix == TOKEN_PREFIX
            else None
        )
        if token is None or not token.matches(secret) or not token.is_usable:
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (None, token)

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
            audience = Audience.for_partner(token.partner)
        else:
            audience = Audience.public()
        request._catalogue_audience = audience
    return audience
