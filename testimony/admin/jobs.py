"""Background work in the admin: each recording's access copies, and the errors
of jobs (the queue's own admin lists the jobs, with retry and cancel)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testimony.models import JobError


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobError)
class JobErrorAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "task", "job_link", "attempt", "final", "error"]
    list_filter = ["final", "task"]
    search_fields = ["error", "task"]
    fields = ["at", "task", "job_link", "args", "attempt", "final", "error", "traceback"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("job"))
    def job_link(self, obj):
        url = reverse("admin:procrastinate_procrastinatejob_change", args=[obj.job_id])
        return format_html('<a href="{}">{}</a>', url, obj.job_id)


class AccessCopies:
    """A read-only column for the file admin: the recording's access copies
    (shown, not a form: nothing of them is ever edited)."""

    @admin.display(description=gettext_lazy("access copies (what outside audiences hear)"))
    def access_copies(self, obj):
        copies = list(obj.access_copies.all()) if obj.pk else []
        if not copies:
            return "—"
        said = _(
            "%(at)s: %(type)s, %(size)s bytes, %(seconds)s s, silenced %(closed)s, "
            "made in %(took)s s"
        )
        return format_html_join(
            "",
            "<p>{}</p>",
            (
                (
                    said
                    % {
                        "at": f"{copy.created_at:%Y-%m-%d %H:%M}",
                        "type": copy.content_type,
                        "size": copy.size,
                        "seconds": f"{copy.duration:.3f}",
                        "closed": copy.closed or _("nothing"),
                        "took": f"{copy.seconds_to_make:.1f}",
                    },
                )
                for copy in copies
            ),
        )
