"""The catalogue's URLs plus the yardstick view, for benchmark runs only."""

from django.urls import path

from bench.bare_view import bare_testimonies, bare_testimony
from bench.floor_view import EmptyPage
from bench.projection_view import ProjectedPage
from config.urls import urlpatterns as catalogue_urls

urlpatterns = [
    path("bench/bare/testimonies/", bare_testimonies),
    path("bench/bare/testimonies/<int:pk>/", bare_testimony),
    path("bench/floor/", EmptyPage.as_view()),
    path("bench/projected/testimonies/", ProjectedPage.as_view()),
    *catalogue_urls,
]
