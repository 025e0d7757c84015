"""Queue new access copies in the transaction of any change to what they copy:
a sealed range, a segment (its closing or its times), a consent, a release or
the recording itself."""

from django.db.models.signals import post_delete, post_save

from testimony.models import ConsentRecord, MediaFile, Release, SealedRange, Segment
from testimony.recordings import copies


def _testimony_changed(sender, instance, **kwargs):
    if instance.testimony_id:
        copies.queue_for_testimony(instance.testimony_id)


def _recording_changed(sender, instance, **kwargs):
    if instance.testimony_id and instance.kind in copies.RECORDINGS:
        copies.queue([instance.pk])


def connect() -> None:
    for model in (SealedRange, Segment, ConsentRecord, Release):
        post_save.connect(_testimony_changed, sender=model, dispatch_uid=f"copies-{model.__name__}")
        post_delete.connect(
            _testimony_changed, sender=model, dispatch_uid=f"copies-del-{model.__name__}"
        )
    post_save.connect(_recording_changed, sender=MediaFile, dispatch_uid="copies-media")
