"""Writing the search index: each record's own text, as Latin words for
PostgreSQL's English configuration and CJK bigrams for its simple one."""

from django.db import connection

from catalog.models import Organisation, Person, Place, SourceArticle
from testimony.models import Segment, Testimony
from testimony.models.search import SearchEntry, SearchText
from testimony.search.text import cjk_terms, latin_text, query_words

K = SearchEntry.Kind
TABLE = SearchEntry._meta.db_table
TEXT_TABLE = SearchText._meta.db_table

ROW = "(%s, %s::bigint, %s::bigint, %s::bigint, %s, %s, %s, %s, %s::text[], %s, %s, %s, %s, %s, %s)"
# One statement for many rows (not executemany, which the history context
# that wraps admin writes cannot rewrite): the entries, then their texts. Each
# text comes as its Latin words (for the English configuration, which stems) and
# its CJK bigrams (for the simple one).
UPSERT = f"""
WITH input (kind, record_id, testimony_id, person_id, title, text, transcript, names,
            name_keys, title_latin, title_cjk, text_latin, text_cjk, tr_latin, tr_cjk)
     AS (VALUES {{rows}}),
vectors AS (
    SELECT input.*, to_tsvector('english', title_latin) || to_tsvector('simple', title_cjk)
                    AS title_vector
    FROM input
),
entries AS (
    INSERT INTO {TABLE} (kind, record_id, testimony_id, person_id, names, name_keys,
                         title_document, document, transcript_document, updated_at)
    SELECT kind, record_id, testimony_id, person_id, names, name_keys, title_vector,
           setweight(title_vector, 'A') || to_tsvector('english', text_latin)
           || to_tsvector('simple', text_cjk),
           to_tsvector('english', tr_latin) || to_tsvector('simple', tr_cjk),
           now()
    FROM vectors
    ON CONFLICT (kind, record_id) DO UPDATE SET
        testimony_id = EXCLUDED.testimony_id, person_id = EXCLUDED.person_id,
        names = EXCLUDED.names, name_keys = EXCLUDED.name_keys,
        title_document = EXCLUDED.title_document, document = EXCLUDED.document,
        transcript_document = EXCLUDED.transcript_document, updated_at = now()
    RETURNING id, kind, record_id
)
INSERT INTO {TEXT_TABLE} (entry_id, title, text, transcript)
SELECT entries.id, input.title, input.text, input.transcript
FROM entries JOIN input USING (kind, record_id)
ON CONFLICT (entry_id) DO UPDATE SET
    title = EXCLUDED.title, text = EXCLUDED.text, transcript = EXCLUDED.transcript
"""
# Entries go with their texts, in one statement (the key is checked at commit).
DELETE = f"""
WITH gone AS (DELETE FROM {TABLE} e WHERE {{condition}} RETURNING e.id)
DELETE FROM {TEXT_TABLE} WHERE entry_id IN (SELECT id FROM gone)
"""


def _variants(record, preferred: str) -> list[str]:
    return list(dict.fromkeys([preferred, *(n.name for n in record.names.all())]))


def _testimonies(ids):
    for t in Testimony.objects.filter(pk__in=ids).prefetch_related("transcripts"):
        transcript = "\n".join(tr.text for tr in t.transcripts.all())
        yield (
            K.TESTIMONY,
            t.pk,
            t.pk,
            None,
            t.title,
            f"{t.catalogue_id}\n{t.summary}",
            transcript,
            [],
        )


def _segments(ids):
    for s in Segment.objects.filter(pk__in=ids):
        yield K.SEGMENT, s.pk, s.testimony_id, None, s.title, s.synopsis, s.transcript_excerpt, []


def _people(ids):
    for p in Person.objects.filter(pk__in=ids).prefetch_related("names"):
        names = _variants(p, p.preferred_name)
        yield K.PERSON, p.pk, None, p.pk, p.preferred_name, "\n".join(names[1:]), "", names


def _named(kind, model):
    def rows(ids):
        for record in model.objects.filter(pk__in=ids).prefetch_related("names"):
            names = _variants(record, record.name)
            yield kind, record.pk, None, None, record.name, "\n".join(names[1:]), "", names

    return rows


def _articles(ids):
    for a in SourceArticle.objects.filter(pk__in=ids).prefetch_related("contributors"):
        contributors = ", ".join(c.name for c in a.contributors.all())
        text = f"{a.outlet}\n{contributors}\n{a.summary}"
        yield K.ARTICLE, a.pk, None, None, a.title, text, "", []


ROWS = {
    K.TESTIMONY: _testimonies,
    K.SEGMENT: _segments,
    K.PERSON: _people,
    K.PLACE: _named(K.PLACE, Place),
    K.ORGANISATION: _named(K.ORGANISATION, Organisation),
    K.ARTICLE: _articles,
}
MODELS = {
    K.TESTIMONY: Testimony,
    K.SEGMENT: Segment,
    K.PERSON: Person,
    K.PLACE: Place,
    K.ORGANISATION: Organisation,
    K.ARTICLE: SourceArticle,
}


def _params(row):
    kind, pk, testimony_id, person_id, title, text, transcript, names = row
    folded_names = [" ".join(query_words(n)) for n in names]
    return [
        kind,
        pk,
        testimony_id,
        person_id,
        title[:500],
        text,
        transcript,
        "\n".join(folded_names),
        folded_names,
        latin_text(title),
        " ".join(cjk_terms(title)),
        latin_text(text),
        " ".join(cjk_terms(text)),
        latin_text(transcript),
        " ".join(cjk_terms(transcript)),
    ]


def reindex(kind: str, ids) -> int:
    """Bring the entries of these records up to date; drop those of records gone."""
    ids = sorted({int(pk) for pk in ids if pk is not None})
    if not ids:
        return 0
    rows = [_params(row) for row in ROWS[kind](ids)]
    with connection.cursor() as cursor:
        if rows:
            sql = UPSERT.replace("{rows}", ", ".join([ROW] * len(rows)))
            cursor.execute(sql, [value for row in rows for value in row])
        gone = sorted(set(ids) - {row[1] for row in rows})
        if gone:
            condition = "e.kind = %s AND e.record_id = ANY(%s)"
            cursor.execute(DELETE.replace("{condition}", condition), [kind, gone])
    return len(rows)


def rebuild(chunk: int = 2000, progress=None) -> dict[str, int]:
    """Index every record of every kind, in chunks; returns the count per kind."""
    counts = {}
    for kind, model in MODELS.items():
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        counts[kind] = 0
        for start in range(0, len(ids), chunk):
            counts[kind] += reindex(kind, ids[start : start + chunk])
        with connection.cursor() as cursor:
            condition = (
                f"e.kind = %s AND NOT EXISTS "
                f"(SELECT 1 FROM {model._meta.db_table} r WHERE r.id = e.record_id)"
            )
            cursor.execute(DELETE.replace("{condition}", condition), [kind])
        if progress:
            progress(kind, counts[kind])
    return counts
