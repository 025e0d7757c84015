"""Which access copy an outside audience is served, and making the missing ones.

A copy is keyed by the closure state it was made for (``State``): the ranges
closed to its audience today, the testimony's current consent and the file's
checksum. The API serves a recording only as the copy whose key matches the
state of this moment, so a closure, a new consent or a replaced file takes the
old copy out of service at once, without any write; the job that makes the new
one is queued in the same transaction as the change (``testimony.recordings.
signals``), and again by any read that finds it missing (a range that reopens
on its date changes the key with no write at all). Staff keep the original.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass

import orjson
from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction

from testimony import disclosure
from testimony.disclosure import PARTNER, Audience
from testimony.models import AccessCopy, ConsentRecord, MediaFile
from testimony.recordings import redact

FORMAT = 1  # copies made in another way are made again
RECORDINGS = (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO)
# The outside audiences. Partners share their closed ranges (a range is sealed
# from everyone outside or from the public only), so one copy serves them all.
OUTSIDE = (Audience.public(), Audience(PARTNER))


@dataclass(frozen=True)
class State:
    key: str
    closed: list[list[float | None]]  # [start, end] in seconds, end None: to the end


def _seconds(value) -> float | None:
    return None if value is None else value.total_seconds()


def states(audience: Audience, files: Iterable[MediaFile]) -> dict[int, State]:
    """The closure state of each recording for ``audience``, in two queries."""
    files = [m for m in files if m.kind in RECORDINGS and m.testimony_id]
    testimony_ids = {m.testimony_id for m in files}
    closures = disclosure.closed_ranges(audience, testimony_ids)
    consents = dict(
        ConsentRecord.objects.filter(testimony_id__in=testimony_ids, is_current=True).values_list(
            "testimony_id", "pk"
        )
    )
    result = {}
    for media in files:
        closed = [
            [_seconds(start), _seconds(end)] for start, end in closures[media.testimony_id].spans
        ]
        facts = {
            "format": FORMAT,
            "closed": closed,
            "consent": consents.get(media.testimony_id),
            "sha256": media.sha256,
        }
        key = hashlib.sha256(orjson.dumps(facts, option=orjson.OPT_SORT_KEYS)).hexdigest()
        result[media.pk] = State(key, closed)
    return result


def served(audience: Audience, files: Iterable[MediaFile]) -> dict[int, AccessCopy | None]:
    """For each recording, the copy ``audience`` may be served now, or None while
    it is being prepared (its making is then queued, if it is not already)."""
    current = states(audience, files)
    if not current:
        return {}
    ready = {
        (copy.media_file_id, copy.key): copy
        for copy in AccessCopy.objects.filter(
            media_file_id__in=current, key__in={s.key for s in current.values()}
        )
    }
    found = {pk: ready.get((pk, state.key)) for pk, state in current.items()}
    missing = [pk for pk, copy in found.items() if copy is None]
    if missing:
        queue(missing)
    return found


def queue(media_file_ids: Iterable[int]) -> None:
    """Queue the making of these files' copies in the current transaction: a job
    per file, unless one is already waiting."""
    from testimony import tasks

    for pk in sorted(set(media_file_ids)):
        tasks.defer_once(
            tasks.make_access_copies, f"access-copies-{pk}", lock=f"media-{pk}", media_file_id=pk
        )


def queue_for_testimony(testimony_id: int) -> None:
    queue(
        MediaFile.objects.filter(testimony_id=testimony_id, kind__in=RECORDINGS).values_list(
            "pk", flat=True
        )
    )


def _wanted(media: MediaFile) -> dict[str, State]:
    """The copies a file needs now: one per distinct state of the audiences that
    may receive it (the partners' always: which partners may is decided per fetch)."""
    wanted = {}
    for audience in OUTSIDE:
        if audience.kind != PARTNER:
            deliverable = disclosure.deliverable_files(audience).filter(pk=media.pk).exists()
            if not deliverable:
                continue
        state = states(audience, [media])[media.pk]
        wanted[state.key] = state
    return wanted


def bring_up_to_date(media_file_id: int) -> list[AccessCopy]:
    """Make the copies the file needs now and remove those no state needs any
    more. Returns the copies made."""
    media = MediaFile.objects.filter(pk=media_file_id, kind__in=RECORDINGS).first()
    if media is None or not media.testimony_id:
        return []
    wanted = _wanted(media)
    have = set(AccessCopy.objects.filter(media_file=media).values_list("key", flat=True))
    made = [make(media, state) for key, state in wanted.items() if key not in have]
    for stale in AccessCopy.objects.filter(media_file=media).exclude(key__in=wanted):
        stale.file.delete(save=False)
        stale.delete()
    return [copy for copy in made if copy is not None]


def _source(media: MediaFile):
    try:
        return media.file.path
    except NotImplementedError:  # object storage: read through the storage
        return media.file.open("rb")


def make(media: MediaFile, state: State) -> AccessCopy | None:
    """Make and store the copy of ``media`` for ``state`` (None if another worker
    stored it meanwhile)."""
    began = time.monotonic()
    spans = [(start, end) for start, end in state.closed]
    with tempfile.TemporaryDirectory(dir=settings.ACCESS_COPY_WORK_DIR) as work:
        path = os.path.join(work, "copy")
        result = redact.redact(_source(media), path, spans)
        copy = AccessCopy(
            media_file=media,
            key=state.key,
            closed=state.closed,
            content_type=result.content_type,
            size=os.path.getsize(path),
            duration=result.duration,
            seconds_to_make=time.monotonic() - began,
        )
        with open(path, "rb") as handle:
            copy.file.save(f"{state.key[:20]}.{result.extension}", File(handle), save=False)
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError:
        copy.file.delete(save=False)
        return None
    return copy
