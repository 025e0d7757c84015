"""Errors of background jobs, kept for staff (the queue keeps only statuses)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobError(models.Model):
    job_id = models.BigIntegerField(_("job id"), db_index=True)
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=dict)
    attempt = models.PositiveIntegerField(_("attempt"), help_text=_("1 for the first run."))
    final = models.BooleanField(
        _("final"), help_text=_("No retry follows: the job has failed for good.")
    )
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("job error")
        verbose_name_plural = _("job errors")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.task} (job {self.job_id}, attempt {self.attempt})"
