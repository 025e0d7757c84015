"""Copies of the facts the row rules read, kept by the database beside derived rows.

A search entry or a list row carries its testimony's status and collection and
its current consent's withdrawal, embargo, access and named partners, so that
``disclosure._open`` can check it by its own columns. Triggers write them in
the same transaction as every change to what they copy; nothing in Python does.
A row with no consent holds NULL, and NULL fails every rule.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from testimony.models.collections import Collection


def derived_reference(to, related_name: str = "+", **options) -> models.ForeignKey:
    """A reference held by a row the database derives: no constraint (the row
    is rewritten from what it copies, never the other way), never edited."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name=related_name,
        editable=False,
        **options,
    )


class DisclosureFacts(models.Model):
    status = models.CharField(max_length=12, null=True, editable=False)  # noqa: DJ001
    collection = models.ForeignKey(
        Collection,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        editable=False,
        related_name="+",
    )
    consent_withdrawn = models.BooleanField(null=True, editable=False)
    consent_embargo_until = models.DateField(null=True, editable=False)
    consent_access = models.CharField(max_length=16, null=True, editable=False)  # noqa: DJ001
    consent_partners = ArrayField(models.BigIntegerField(), null=True, editable=False)

    class Meta:
        abstract = True


class NumericMultirangeField(models.Field):
    """PostgreSQL's ``nummultirange``: spans of a recording in seconds. Written
    only by database triggers and read only in SQL, never into Python."""

    description = "A set of numeric ranges"

    def db_type(self, connection):
        return "nummultirange"
