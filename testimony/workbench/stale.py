"""Refusing a save made from a stale copy, one record at a time.

Each editable record carries a ``version``. A save names the version it was
made from; the record is locked, and if someone saved it meanwhile the save is
refused with who changed it and when, so nothing they wrote is overwritten.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class StaleCopy(Exception):
    """The record changed since the copy being saved was read."""

    def __init__(self, current):
        self.current = current
        who = current.changed_by.get_username() if current.changed_by_id else _("someone")
        when = (
            date_format(timezone.localtime(current.changed_at), "DATETIME_FORMAT")
            if current.changed_at
            else ""
        )
        super().__init__(
            _(
                "Not saved: %(who)s changed this record (%(when)s) after you opened it. "
                "Your text is kept here; reload the record to see theirs, then save again."
            )
            % {"who": who, "when": when}
        )


def lock_current(queryset, pk, version):
    """The record ``pk``, locked until the transaction ends; StaleCopy if its
    version is not ``version``."""
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    try:
        fresh = version is not None and int(version) == current.version
    except (TypeError, ValueError):
        fresh = False
    if not fresh:
        raise StaleCopy(current)
    return current


def stamp(record, user) -> None:
    """Mark ``record`` as changed now by ``user``, one version on (a new record
    keeps its first version)."""
    if record.pk is not None:
        record.version += 1
    record.changed_by = user
    record.changed_at = timezone.now()
