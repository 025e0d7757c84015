"""Background work in the admin: each recording's access copies, and the errors
of jobs (the queue's own admin lists the jobs, with retry and cancel)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from testimony.models import AccessCopy, JobError


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

    @admin.display(description="job")
    def job_link(self, obj):
        url = reverse("admin:procrastinate_procrastinatejob_change", args=[obj.job_id])
        return format_html('<a href="{}">{}</a>', url, obj.job_id)


class AccessCopyInline(ReadOnly, admin.TabularInline):
    model = AccessCopy
    extra = 0
    fields = ["created_at", "content_type", "size", "duration", "closed", "seconds_to_make"]
    readonly_fields = fields
    verbose_name_plural = "access copies (what outside audiences hear; staff keep the original)"
