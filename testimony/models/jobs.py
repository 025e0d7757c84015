"""Errors of background jobs, kept for staff (the queue keeps only statuses)."""

from django.db import models


class JobError(models.Model):
    job_id = models.BigIntegerField(db_index=True)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=dict)
    attempt = models.PositiveIntegerField(help_text="1 for the first run.")
    final = models.BooleanField(help_text="No retry follows: the job has failed for good.")
    error = models.TextField()
    traceback = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "job error"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.task} (job {self.job_id}, attempt {self.attempt})"
