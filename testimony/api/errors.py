"""Every API error as JSON: {"error": {"status", "code", "detail"}}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, Http404 | PermissionDenied | exceptions.PermissionDenied):
        # Out of scope looks exactly like absent: never a 403 that confirms a record.
        exc = exceptions.NotFound("Not found.")
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    code = getattr(exc, "default_code", "error")
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        detail = detail["detail"]
    response.data = {"error": {"status": response.status_code, "code": code, "detail": detail}}
    return response


def not_found_json(request, exception=None):
    """A JSON 404 for unknown paths under /api/."""
    return JsonResponse(
        {"error": {"status": 404, "code": "not_found", "detail": "Not found."}}, status=404
    )


PREPARING_RETRY_SECONDS = 30


def preparing_json():
    """A 503 for a recording whose access copy is being made (never the old copy,
    never the original): ask again after Retry-After seconds."""
    response = JsonResponse(
        {
            "error": {
                "status": 503,
                "code": "recording_preparing",
                "detail": "This recording is being prepared for you; ask again shortly.",
            }
        },
        status=503,
    )
    response["Retry-After"] = str(PREPARING_RETRY_SECONDS)
    return response
