"""The OpenAPI schema: every operation documents the JSON errors it can answer."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorBody(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.JSONField(help_text="A message, or the problems per parameter.")


class Error(serializers.Serializer):
    error = ErrorBody()


ERRORS = {
    400: OpenApiResponse(Error, description="A parameter is unknown or invalid."),
    401: OpenApiResponse(Error, description="The token is invalid, expired or revoked."),
    404: OpenApiResponse(Error, description="Not found, or not visible to you."),
    429: OpenApiResponse(Error, description="Over your request limit; see Retry-After."),
}


class CatalogueAutoSchema(AutoSchema):
    def get_response_serializers(self):
        responses = super().get_response_serializers()
        if isinstance(responses, dict):
            return {**ERRORS, **responses}
        return {200: responses, **ERRORS}
