from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from testimony.views import staff_file

admin.site.site_header = "Repatriation testimony catalogue"
admin.site.site_title = "Testimony catalogue"
admin.site.index_title = "Catalogue"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/files/<path:path>", staff_file, name="staff-file"),
    path("admin/", admin.site.urls),
]
