"""Export routes under /api/v1/ (named ``v1:...``)."""

from django.urls import path, reverse

from testimony.interchange import views

urlpatterns = [
    path("testimonies/<int:pk>/ohms.xml", views.OhmsView.as_view(), name="testimony-ohms"),
    path(
        "testimonies/<int:pk>/transcripts/<int:transcript>.vtt",
        views.CaptionsView.as_view(),
        name="testimony-captions",
    ),
    path(
        "testimonies/<int:pk>/chapters.vtt",
        views.ChaptersView.as_view(),
        name="testimony-chapters",
    ),
    path(
        "testimonies/<int:pk>/manifest.json",
        views.ManifestView.as_view(),
        name="testimony-manifest",
    ),
    path(
        "testimonies/<int:pk>/citation/",
        views.TestimonyCitationView.as_view(),
        name="testimony-citation",
    ),
    path(
        "segments/<int:pk>/citation/",
        views.SegmentCitationView.as_view(),
        name="segment-citation",
    ),
]


def export_links(record: dict, request) -> dict:
    """Where a testimony detail's exports are, for the detail itself."""

    def url(name: str, *args) -> str:
        return request.build_absolute_uri(reverse(f"v1:{name}", args=[record["id"], *args]))

    return {
        "ohms": url("testimony-ohms"),
        "iiif_manifest": url("testimony-manifest"),
        "chapters": url("testimony-chapters"),
        "citation": url("testimony-citation"),
        "captions": [
            {
                "transcript": t["id"],
                "language": t["language"],
                "url": url("testimony-captions", t["id"]),
            }
            for t in record.get("transcripts") or []
            if t["timed"]
        ],
    }
