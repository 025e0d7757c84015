"""Keeping the search index in step with the catalogue, in the same transaction
as each change (the admin saves inside one; so do the services)."""

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from catalog.models import (
    ArticleContributor,
    Organisation,
    OrganisationName,
    Person,
    PersonName,
    Place,
    PlaceName,
    SourceArticle,
)
from testimony.models import (
    ReleasedTranscript,
    SealedRange,
    Segment,
    SegmentTranslation,
    Testimony,
    Transcript,
)
from testimony.models.search import SearchEntry
from testimony.search.index import reindex

K = SearchEntry.Kind

# model -> (kind of entry, how to find the record the entry is for)
SOURCES = {
    Testimony: (K.TESTIMONY, lambda obj: obj.pk),
    Transcript: (K.TRANSCRIPT, lambda obj: obj.pk),
    Segment: (K.SEGMENT, lambda obj: obj.pk),
    SegmentTranslation: (K.SEGMENT, lambda obj: obj.segment_id),
    Person: (K.PERSON, lambda obj: obj.pk),
    PersonName: (K.PERSON, lambda obj: obj.person_id),
    Place: (K.PLACE, lambda obj: obj.pk),
    PlaceName: (K.PLACE, lambda obj: obj.place_id),
    Organisation: (K.ORGANISATION, lambda obj: obj.pk),
    OrganisationName: (K.ORGANISATION, lambda obj: obj.organisation_id),
    SourceArticle: (K.ARTICLE, lambda obj: obj.pk),
    ArticleContributor: (K.ARTICLE, lambda obj: obj.article_id),
}


def _changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw:  # fixtures loaded as they are; rebuild_search_index follows
        return
    if isinstance(origin, Model) and not isinstance(origin, sender):
        # A name variant deleted with its record: the record's own deletion
        # removes its entry; indexing it again here, midway, would leave a text
        # for an entry already gone.
        return
    kind, record = SOURCES[sender]
    reindex(kind, [record(instance)])


def resplit_transcripts(testimony_id) -> None:
    """Split the testimony's transcripts anew at its closures' edges. Until then
    the database judges each old passage by its span: one that a new closure
    touches is withheld whole (see migration 0013)."""
    working = Transcript.objects.filter(testimony_id=testimony_id).values_list("pk", flat=True)
    reindex(K.TRANSCRIPT, list(working))
    released = ReleasedTranscript.objects.filter(testimony_id=testimony_id)
    reindex(K.TRANSCRIPT, list(released.values_list("pk", flat=True)), released=True)


def _closure_changed(sender, instance, raw=False, **kwargs):
    if raw or (sender is Segment and not instance.is_closed):
        return
    resplit_transcripts(instance.testimony_id)


def connect() -> None:
    for model in SOURCES:
        uid = f"search-index-{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for model in (Segment, SealedRange):
        uid = f"search-passages-{model._meta.label_lower}"
        post_save.connect(_closure_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_closure_changed, sender=model, dispatch_uid=f"{uid}-delete")
