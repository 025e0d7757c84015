from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from config.health import ready
from testimony.admin.search import catalogue_search
from testimony.api import urls as api_urls
from testimony.api.errors import not_found_json
from testimony.interchange.views import OaiView
from testimony.views import staff_file

admin.site.site_header = "Repatriation testimony catalogue"
admin.site.site_title = "Testimony catalogue"
admin.site.index_title = "Catalogue"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("healthz/ready/", ready, name="ready"),
    path("admin/second-factor/", include("config.accounts.urls")),
    path("admin/files/<path:path>", staff_file, name="staff-file"),
    path("admin/search/", admin.site.admin_view(catalogue_search), name="catalogue-search"),
    path("admin/", admin.site.urls),
    path("oai/", OaiView.as_view(), name="oai"),
    path("api/v1/", include((api_urls, "api"), namespace="v1")),
    re_path(r"^api/", not_found_json),
]

handler500 = "testimony.api.errors.server_error"
