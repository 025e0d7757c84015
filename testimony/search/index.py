"""Writing the search index: each record's own text, as Latin words for
PostgreSQL's English configuration and CJK bigrams for its simple one."""

from datetime import timedelta
from typing import NamedTuple

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.backends.postgresql.psycopg_any import NumericRange
from django.db.models import OuterRef
from django.db.models.functions import JSONObject

from catalog.models import Organisation, Person, Place, SourceArticle
from testimony.models import (
    ReleasedSealedRange,
    ReleasedSegment,
    ReleasedTranscript,
    SealedRange,
    Segment,
    SegmentTranslation,
    Testimony,
    TestimonyListing,
    Transcript,
)
from testimony.models.search import SearchEntry, SearchText
from testimony.search.text import cjk_terms, latin_text, query_words
from testimony.transcripts import passages

K = SearchEntry.Kind
TABLE = SearchEntry._meta.db_table
TEXT_TABLE = SearchText._meta.db_table

ROW = (
    "(%s, %s::bigint, %s::integer, %s::boolean, %s::numrange, %s::bigint, %s::bigint, %s, %s, "
    "%s, %s, %s::text[], %s, %s, %s, %s, %s, %s)"
)
# One statement for many rows (not executemany, which the history context
# that wraps admin writes cannot rewrite): the entries, then their texts. Each
# text comes as its Latin words (for the English configuration, which stems) and
# its CJK bigrams (for the simple one).
UPSERT = f"""
WITH input (kind, record_id, part, released, span, testimony_id, person_id, title, text,
            transcript, names, name_keys, title_latin, title_cjk, text_latin, text_cjk, tr_latin,
            tr_cjk)
     AS (VALUES {{rows}}),
vectors AS (
    SELECT input.*, to_tsvector('english', title_latin) || to_tsvector('simple', title_cjk)
                    AS title_vector
    FROM input
),
entries AS (
    INSERT INTO {TABLE} (kind, record_id, part, released, span, testimony_id, person_id, names,
                         name_keys, title_document, document, transcript_document, updated_at)
    SELECT kind, record_id, part, released, span, testimony_id, person_id, names, name_keys,
           title_vector,
           setweight(title_vector, 'A') || to_tsvector('english', text_latin)
           || to_tsvector('simple', text_cjk),
           to_tsvector('english', tr_latin) || to_tsvector('simple', tr_cjk),
           now()
    FROM vectors
    ON CONFLICT (kind, record_id, part, released) DO UPDATE SET
        span = EXCLUDED.span, testimony_id = EXCLUDED.testimony_id, person_id = EXCLUDED.person_id,
        names = EXCLUDED.names, name_keys = EXCLUDED.name_keys,
        title_document = EXCLUDED.title_document, document = EXCLUDED.document,
        transcript_document = EXCLUDED.transcript_document, updated_at = now()
    RETURNING id, kind, record_id, part, released
)
INSERT INTO {TEXT_TABLE} (entry_id, title, text, transcript)
SELECT entries.id, input.title, input.text, input.transcript
FROM entries JOIN input USING (kind, record_id, part, released)
ON CONFLICT (entry_id) DO UPDATE SET
    title = EXCLUDED.title, text = EXCLUDED.text, transcript = EXCLUDED.transcript
"""
# Entries go with their texts, in one statement (the key is checked at commit).
DELETE = f"""
WITH gone AS (DELETE FROM {TABLE} e WHERE {{condition}} RETURNING e.id)
DELETE FROM {TEXT_TABLE} WHERE entry_id IN (SELECT id FROM gone)
"""


CONDITION = "e.kind = %s AND e.released = %s AND e.record_id = ANY(%s)"


class Row(NamedTuple):
    kind: str
    record_id: int
    testimony_id: int | None
    person_id: int | None
    title: str
    text: str
    transcript: str
    names: list[str]
    part: int = 0
    span: tuple[timedelta, timedelta | None] | None = None
    released: bool = True


def _variants(record, preferred: str) -> list[str]:
    return list(dict.fromkeys([preferred, *(n.name for n in record.names.all())]))


# Testimonies, segments and transcripts: the working copy (staff search) or the
# released one (outside audiences), read through models whose fields agree.
SOURCES = {
    False: {"testimony": Testimony, "segment": Segment, "transcript": Transcript},
    True: {
        "testimony": TestimonyListing,
        "segment": ReleasedSegment,
        "transcript": ReleasedTranscript,
    },
}
RELEASED_KINDS = (K.TESTIMONY, K.SEGMENT, K.TRANSCRIPT)


def _testimonies(ids, released):
    testimonies = SOURCES[released]["testimony"].objects.filter(pk__in=ids)
    if released:
        testimonies = testimonies.filter(release__isnull=False)
    for t in testimonies:
        text = f"{t.catalogue_id}\n{t.summary}"
        yield Row(K.TESTIMONY, t.pk, t.pk, None, t.title, text, "", [], released=released)


def _segments(ids, released):
    segments = SOURCES[released]["segment"].objects.filter(pk__in=ids)
    if not released:
        # In the segments' own query, so that saving one segment reads no more.
        segments = segments.annotate(
            translated=ArraySubquery(
                SegmentTranslation.objects.filter(segment=OuterRef("pk")).values(
                    json=JSONObject(title="title", synopsis="synopsis", keywords="keywords")
                )
            )
        )
    for s in segments:
        yield Row(
            K.SEGMENT,
            s.pk,
            s.testimony_id,
            None,
            s.title,
            "\n".join([s.synopsis, *s.keywords, *_translated(s, released)]),
            s.transcript_excerpt,
            [],
            released=released,
        )


def _translated(segment, released: bool) -> list[str]:
    """A segment's translated title, synopsis and keywords: searched as its text."""
    translations = segment.translations if released else segment.translated
    return [
        text for t in translations for text in (t["title"], t["synopsis"], *t["keywords"]) if text
    ]


def every_closure(testimony_ids) -> dict[int, list]:
    """Each testimony's closures, working and released, whoever they close and
    until when: the edges at which its transcripts are split into passages."""
    closures: dict[int, list] = {}
    sources = (
        (Segment, {"is_closed": True}),
        (ReleasedSegment, {"is_closed": True}),
        (SealedRange, {}),
        (ReleasedSealedRange, {}),
    )
    for model, condition in sources:
        rows = model.objects.filter(testimony_id__in=testimony_ids, **condition)
        for testimony_id, start, end in rows.values_list("testimony_id", "start", "end"):
            closures.setdefault(testimony_id, []).append((start, end))
    return closures


def _transcripts(ids, released):
    """A transcript's passages (see ``testimony.transcripts.passages``), each
    with its span; its title is for the results only, never matched."""
    transcripts = list(
        SOURCES[released]["transcript"]
        .objects.filter(pk__in=ids)
        .select_related("testimony")
        .prefetch_related("cues")
    )
    closures = every_closure({t.testimony_id for t in transcripts})
    for t in transcripts:
        cues = list(t.cues.all())
        parts = (
            passages.split(cues, closures.get(t.testimony_id, []))
            if cues
            else passages.untimed(t.text)
        )
        title = f"{t.testimony.title}: transcript ({t.language})"
        for number, passage in enumerate(parts):
            span = (passage.start, passage.end)
            yield Row(
                K.TRANSCRIPT,
                t.pk,
                t.testimony_id,
                None,
                title,
                "",
                passage.text,
                [],
                number,
                span,
                released,
            )


def _people(ids, released=True):
    for p in Person.objects.filter(pk__in=ids).prefetch_related("names"):
        names = _variants(p, p.preferred_name)
        yield Row(K.PERSON, p.pk, None, p.pk, p.preferred_name, "\n".join(names[1:]), "", names)


def _named(kind, model):
    def rows(ids, released=True):
        for record in model.objects.filter(pk__in=ids).prefetch_related("names"):
            names = _variants(record, record.name)
            yield Row(kind, record.pk, None, None, record.name, "\n".join(names[1:]), "", names)

    return rows


def _articles(ids, released=True):
    for a in SourceArticle.objects.filter(pk__in=ids).prefetch_related("contributors"):
        contributors = ", ".join(c.name for c in a.contributors.all())
        text = f"{a.outlet}\n{contributors}\n{a.summary}"
        yield Row(K.ARTICLE, a.pk, None, None, a.title, text, "", [])


ROWS = {
    K.TESTIMONY: _testimonies,
    K.SEGMENT: _segments,
    K.PERSON: _people,
    K.PLACE: _named(K.PLACE, Place),
    K.ORGANISATION: _named(K.ORGANISATION, Organisation),
    K.ARTICLE: _articles,
    K.TRANSCRIPT: _transcripts,
}
MODELS = {
    K.TESTIMONY: Testimony,
    K.SEGMENT: Segment,
    K.PERSON: Person,
    K.PLACE: Place,
    K.ORGANISATION: Organisation,
    K.ARTICLE: SourceArticle,
    K.TRANSCRIPT: Transcript,
}


def _seconds(value: timedelta | None):
    return None if value is None else value.total_seconds()


def _params(row: Row):
    folded_names = [" ".join(query_words(n)) for n in row.names]
    # A passage's title names its testimony for the results; it is not its text.
    matched_title = "" if row.kind == K.TRANSCRIPT else row.title
    span = row.span and NumericRange(_seconds(row.span[0]), _seconds(row.span[1]), "[)")
    return [
        row.kind,
        row.record_id,
        row.part,
        row.released,
        span,
        row.testimony_id,
        row.person_id,
        row.title[:500],
        row.text,
        row.transcript,
        "\n".join(folded_names),
        folded_names,
        latin_text(matched_title),
        " ".join(cjk_terms(matched_title)),
        latin_text(row.text),
        " ".join(cjk_terms(row.text)),
        latin_text(row.transcript),
        " ".join(cjk_terms(row.transcript)),
    ]


def reindex(kind: str, ids, *, released: bool = False) -> int:
    """Bring the entries of these records up to date; drop those of records gone.
    ``released``: the released copies of testimonies, segments and transcripts
    rather than the working ones (other kinds have one entry)."""
    ids = sorted({int(pk) for pk in ids if pk is not None})
    if not ids:
        return 0
    released = released or kind not in RELEASED_KINDS
    rows = [_params(row) for row in ROWS[kind](ids, released)]
    with connection.cursor() as cursor:
        if kind == K.TRANSCRIPT:  # as many passages as closures make: all anew
            cursor.execute(DELETE.replace("{condition}", CONDITION), [kind, released, ids])
        if rows:
            sql = UPSERT.replace("{rows}", ", ".join([ROW] * len(rows)))
            cursor.execute(sql, [value for row in rows for value in row])
        gone = sorted(set(ids) - {row[1] for row in rows})
        if gone:
            cursor.execute(DELETE.replace("{condition}", CONDITION), [kind, released, gone])
    return len(rows)


def reindex_released(testimony_ids) -> None:
    """The released entries of these testimonies, their segments and transcripts,
    as the last release left them (and none for what it no longer holds)."""
    ids = sorted({int(pk) for pk in testimony_ids})
    reindex(K.TESTIMONY, ids, released=True)
    for kind, model in ((K.SEGMENT, ReleasedSegment), (K.TRANSCRIPT, ReleasedTranscript)):
        indexed = SearchEntry.objects.filter(kind=kind, released=True, testimony_id__in=ids)
        records = set(model.objects.filter(testimony_id__in=ids).values_list("pk", flat=True))
        records |= set(indexed.values_list("record_id", flat=True))
        reindex(kind, records, released=True)


def rebuild(chunk: int = 2000, progress=None) -> dict[str, int]:
    """Index every record of every kind, in chunks, working and released;
    returns the count per kind."""
    counts = {}
    for kind, model in MODELS.items():
        counts[kind] = 0
        copies = (False, True) if kind in RELEASED_KINDS else (True,)
        for released in copies:
            source = SOURCES[released].get(kind, model)
            ids = list(source.objects.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), chunk):
                counts[kind] += reindex(kind, ids[start : start + chunk], released=released)
            with connection.cursor() as cursor:
                condition = (
                    f"e.kind = %s AND e.released = %s AND NOT EXISTS "
                    f"(SELECT 1 FROM {source._meta.db_table} r WHERE r.id = e.record_id)"
                )
                cursor.execute(DELETE.replace("{condition}", condition), [kind, released])
        if progress:
            progress(kind, counts[kind])
    return counts
