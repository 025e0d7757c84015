from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from config.accounts.language import choose_language
from config.health import ready
from testimony.admin.search import catalogue_search
from testimony.api import urls as api_urls
from testimony.api.errors import not_found_json
from testimony.interchange.views import OaiView
from testimony.views import staff_file

admin.site.site_header = _("Repatriation testimony catalogue")
admin.site.site_title = _("Testimony catalogue")
admin.site.index_title = _("Catalogue")

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("healthz/ready/", ready, name="ready"),
    path("admin/second-factor/", include("config.accounts.urls")),
    path("admin/language/", choose_language, name="staff-language"),
    path("admin/files/<path:path>", staff_file, name="staff-file"),
    path("admin/search/", admin.site.admin_view(catalogue_search), name="catalogue-search"),
    path(
        "admin/jsi18n/catalogue/",
        JavaScriptCatalog.as_view(packages=["testimony"]),
        name="catalogue-jsi18n",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("oai/", OaiView.as_view(), name="oai"),
    path("api/v1/", include((api_urls, "api"), namespace="v1")),
    re_path(r"^api/", not_found_json),
]

handler500 = "testimony.api.errors.server_error"
