"""The real URLs plus two API views that fail as an unforeseen bug would."""

from django.urls import path
from rest_framework.decorators import api_view

from config.urls import urlpatterns as real


@api_view(["GET"])
def broken_api_view(request):
    raise RuntimeError("secret internals: /srv/catalogue/settings.py line 12")


def broken_plain_view(request):
    raise KeyError("secret internals")


urlpatterns = [
    path("api/v1/broken/", broken_api_view),
    path("api/v1/broken-plain/", broken_plain_view),
    *real,
]
