"""Every API error as JSON: {"error": {"status", "code", "detail"}}.

Failures the API did not foresee are JSON too, never a page or a stack trace: 503
with ``Retry-After`` when the database or Redis cannot be reached (or a statement
ran past its timeout), 500 otherwise, each with an error id that the log line
carrying the traceback also holds.
"""

import logging
import sys
import uuid

from django import db
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler, set_rollback

from testimony.api.shared_cache import UNAVAILABLE as REDIS_UNAVAILABLE

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (db.OperationalError, db.InterfaceError, *REDIS_UNAVAILABLE)


def error_json(status: int, code: str, detail, **extra) -> JsonResponse:
    return JsonResponse(
        {"error": {"status": status, "code": code, "detail": detail, **extra}}, status=status
    )


def api_exception_handler(exc, context):
    if isinstance(exc, Http404 | PermissionDenied | exceptions.PermissionDenied):
        # Out of scope looks exactly like absent: never a 403 that confirms a record.
        exc = exceptions.NotFound("Not found.")
    response = exception_handler(exc, context)
    if response is None:
        set_rollback()
        return failure_response(context["request"], exc)
    detail = response.data
    code = getattr(exc, "default_code", "error")
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        detail = detail["detail"]
    response.data = {"error": {"status": response.status_code, "code": code, "detail": detail}}
    return response


def failure_response(request, exc: BaseException) -> JsonResponse:
    """The answer to an exception nothing else handled, logged under a fresh id."""
    error_id = uuid.uuid4().hex[:16]
    if isinstance(exc, UNAVAILABLE):
        logger.warning(
            "API error %s: service unavailable on %s %s: %s",
            error_id,
            request.method,
            request.path,
            exc,
        )
        response = error_json(
            503,
            "service_unavailable",
            "The catalogue cannot answer just now; try again shortly.",
            error_id=error_id,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.error("API error %s on %s %s", error_id, request.method, request.path, exc_info=exc)
    return error_json(500, "server_error", "Something went wrong on our side.", error_id=error_id)


class ApiErrorMiddleware:
    """JSON for exceptions in API views that are not DRF's own (DRF's go
    through api_exception_handler)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if request.path.startswith(API_PREFIX) and not isinstance(exc, Http404):
            return failure_response(request, exc)
        return None


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: JSON under /api/ (for failures outside any view), the page elsewhere."""
    if request.path.startswith(API_PREFIX):
        exc = sys.exc_info()[1] or RuntimeError("unknown failure")
        return failure_response(request, exc)
    return defaults.server_error(request, template_name)


def not_found_json(request, exception=None):
    """A JSON 404 for unknown paths under /api/."""
    return error_json(404, "not_found", "Not found.")


PREPARING_RETRY_SECONDS = 30


def preparing_json():
    """A 503 for a recording whose access copy is being made (never the old copy,
    never the original): ask again after Retry-After seconds."""
    response = error_json(
        503,
        "recording_preparing",
        "This recording is being prepared for you; ask again shortly.",
    )
    response["Retry-After"] = str(PREPARING_RETRY_SECONDS)
    return response
