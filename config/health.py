"""Readiness: the app answers 200 only when it can read the database.

Redis is reported but not required: without it request limits count per process
and partner fetches go straight to the database (testimony/api/shared_cache.py).
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from testimony.api import shared_cache
from testimony.api.errors import RETRY_AFTER_SECONDS, UNAVAILABLE


@never_cache
def ready(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except UNAVAILABLE:
        checks["database"] = "unavailable"
    if shared_cache.enabled():
        try:
            shared_cache.client().ping()
            checks["redis"] = "ok"
        except shared_cache.UNAVAILABLE:
            checks["redis"] = "unavailable"
    ok = checks["database"] == "ok"
    response = JsonResponse({"ready": ok, **checks}, status=200 if ok else 503)
    if not ok:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
