"""Releasing a testimony to outside audiences, and sending a working copy back.

A release is the only way anything new reaches the public or a partner
(DESIGN.md rule 9): the reviewer sees the working copy as each audience would
receive it (``testimony.preview``), the protected-name guard checks every
outward text (``testimony.guard``), and ``release`` copies the working copy
into the released tables in one SQL function, in a constant number of queries
however many segments and cues it holds. Closing needs none of this.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from testimony import guard
from testimony.models import ConsentRecord, Release, SendBack, Testimony
from testimony.search.index import reindex_released

RELEASE_PERMISSION = "testimony.publish_testimony"


class Blocked(ValidationError):
    """The guard found names the audience may not see; nothing was released."""

    def __init__(self, hits: list[guard.Hit]):
        self.hits = hits
        super().__init__([hit.message for hit in hits], code="protected_name")


def _check_reviewer(user) -> None:
    if user is not None and not user.has_perm(RELEASE_PERMISSION):
        raise PermissionDenied(_("Only a reviewer can release a testimony."))


@transaction.atomic
def release(
    testimony: Testimony, *, by=None, note: str = "", overrides: dict[str, str] | None = None
) -> Release:
    """Release the working copy of ``testimony`` as it stands now, and publish it.

    ``overrides`` maps the keys of guard hits (``Hit.key``) the reviewer accepts
    to the reason given; any other hit blocks the release (``Blocked``). Refused
    when the testimony has no current consent (default deny)."""
    _check_reviewer(by)
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    consent = ConsentRecord.objects.filter(testimony=testimony, is_current=True).first()
    if consent is None:
        raise ValidationError(
            _("Record the narrator's consent before releasing: without it nothing is disclosed."),
            code="no_consent",
        )
    overrides = overrides or {}
    hits = guard.check(testimony)
    blocking = [hit for hit in hits if hit.key not in overrides or not overrides[hit.key].strip()]
    if blocking:
        raise Blocked(blocking)
    number = (testimony.releases.aggregate(last=Max("number"))["last"] or 0) + 1
    made = Release.objects.create(
        testimony=testimony,
        number=number,
        consent=consent,
        released_by=by,
        note=note,
        overrides=[
            {"key": hit.key, "message": hit.message, "reason": overrides[hit.key].strip()}
            for hit in hits
        ],
    )
    if testimony.status != Testimony.Status.PUBLISHED:
        testimony.status = Testimony.Status.PUBLISHED
        testimony.save(update_fields=["status", "updated_at"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT testimony_release(%s, %s)", [testimony.pk, made.pk])
    reindex_released([testimony.pk])
    return made


@transaction.atomic
def send_back(testimony: Testimony, *, by, note: str) -> SendBack:
    """Tell the cataloguers what to change; the release stays as it was."""
    _check_reviewer(by)
    if not note.strip():
        raise ValidationError(_("Say what should change before the copy is released."))
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == Testimony.Status.IN_REVIEW:
        testimony.status = Testimony.Status.DRAFT
        testimony.save(update_fields=["status", "updated_at"])
    return SendBack.objects.create(testimony=testimony, sent_by=by, note=note.strip())


class _Rollback(Exception):
    pass


@contextmanager
def as_if_released(testimony: Testimony):
    """Inside the block, the working copy is released (guard not asked); at its
    end, everything is rolled back. What outside audiences would receive is then
    read through the disclosure module itself, never a second implementation."""
    try:
        with transaction.atomic():
            consent = ConsentRecord.objects.filter(testimony=testimony, is_current=True).first()
            if consent is not None:
                trial = Release.objects.create(
                    testimony=testimony, number=0, consent=consent, note="preview"
                )
                Testimony.objects.filter(pk=testimony.pk).update(status=Testimony.Status.PUBLISHED)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT testimony_release(%s, %s)", [testimony.pk, trial.pk])
            yield consent is not None
            raise _Rollback
    except _Rollback:
        pass
