"""Writes that touch several records, each in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from testimony.models import ConsentRecord, Testimony

PUBLISH_PERMISSION = "testimony.publish_testimony"


def current_consent(testimony: Testimony) -> ConsentRecord | None:
    return testimony.consents.filter(is_current=True).first()


@transaction.atomic
def record_consent(
    consent: ConsentRecord,
    *,
    recorded_by=None,
    partners=None,
    expected_current: ConsentRecord | bool | None = False,
) -> ConsentRecord:
    """Save ``consent`` (unsaved) as the testimony's new current consent.

    The previous current record is marked superseded, never changed otherwise.
    ``expected_current`` guards against a stale form: pass the record the
    cataloguer saw as current (or None if they saw none); if another consent was
    recorded meanwhile, nothing is written and a ValidationError says so.
    """
    if consent.pk is not None:
        raise ValidationError(_("A consent record is never changed; record a new version instead."))
    # Lock the testimony so that two concurrent recordings queue up.
    Testimony.objects.select_for_update().filter(pk=consent.testimony_id).exists()
    previous = ConsentRecord.objects.filter(
        testimony_id=consent.testimony_id, is_current=True
    ).first()
    if expected_current is not False:
        expected_pk = expected_current.pk if expected_current else None
        if (previous.pk if previous else None) != expected_pk:
            raise ValidationError(
                _(
                    "Another consent record was saved for this testimony while you were "
                    "editing (now version %(version)s). Reload the page and check it before "
                    "recording a new version."
                ),
                code="stale_consent",
                params={"version": previous.version if previous else _("none")},
            )
    last = ConsentRecord.objects.filter(testimony_id=consent.testimony_id).aggregate(
        last=Max("version")
    )["last"]
    if previous is not None:
        ConsentRecord.objects.filter(pk=previous.pk).update(is_current=False)
    consent.version = (last or 0) + 1
    consent.is_current = True
    consent.supersedes = previous
    if recorded_by is not None:
        consent.recorded_by = recorded_by
    consent.full_clean()
    consent.save()
    if partners is not None:
        consent.partners.set(partners)
    return consent


def check_status_change(user, old_status: str | None, new_status: str) -> None:
    """Only reviewers publish a testimony, or take a published one back."""
    published = Testimony.Status.PUBLISHED
    changes_publication = published in (old_status, new_status) and old_status != new_status
    if changes_publication and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(
            _(
                "Only a reviewer can publish a testimony or take it back from publication; "
                "set the status to “in review” and a reviewer will publish it."
            )
        )


@transaction.atomic
def set_status(testimony: Testimony, new_status: str, *, user) -> Testimony:
    check_status_change(user, testimony.status, new_status)
    testimony.status = new_status
    testimony.save(update_fields=["status", "updated_at"])
    return testimony
