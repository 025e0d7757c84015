from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from testimony.api import views
from testimony.api.changes import ChangeFeedView
from testimony.api.files import LastingFileView, signed_file
from testimony.api.search import SearchView
from testimony.interchange import urls as interchange_urls

router = DefaultRouter()
router.register("testimonies", views.TestimonyViewSet, basename="testimony")
router.register("segments", views.SegmentViewSet, basename="segment")
router.register("people", views.PersonViewSet, basename="person")
router.register("families", views.FamilyViewSet, basename="family")
router.register("places", views.PlaceViewSet, basename="place")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("voyages", views.VoyageViewSet, basename="voyage")
router.register("collections", views.CollectionViewSet, basename="collection")
router.register("articles", views.ArticleViewSet, basename="article")

urlpatterns = [
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    path("files/<str:token>/", signed_file, name="file"),
    re_path(
        r"^media/(?P<pk>[0-9]+)/(?P<copy>content|web|thumbnail)$",
        LastingFileView.as_view(),
        name="media-copy",
    ),
    path("search/", SearchView.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("", include(interchange_urls)),
    path("", include(router.urls)),
]
