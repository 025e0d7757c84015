"""The yardstick: the testimony list a partner sees, through one raw SQL query and
orjson, with no framework around it. The API is measured against this."""

import orjson
from django.db import connection
from django.http import HttpResponse

SQL = """
SELECT t.id, t.catalogue_id, t.title,
       CASE c.name_disclosure WHEN 'real_name' THEN p.preferred_name
                              WHEN 'pseudonym' THEN c.pseudonym END AS narrator,
       t.recorded, t.recorded_earliest, t.recorded_latest, t.languages, t.summary, t.updated_at
FROM testimony_testimony t
JOIN testimony_consentrecord c ON c.testimony_id = t.id AND c.is_current
JOIN catalog_person p ON p.id = t.narrator_id
WHERE t.status = 'published' AND NOT c.withdrawn
  AND (c.embargo_until IS NULL OR c.embargo_until <= CURRENT_DATE)
  AND (c.access IN ('public', 'all_partners')
       OR (c.access = 'named_partners' AND EXISTS (
           SELECT 1 FROM testimony_consentrecord_partners cp
           WHERE cp.consentrecord_id = c.id AND cp.partnerorganisation_id = %s)))
  AND t.id > %s
ORDER BY t.id
LIMIT 50
"""
COLUMNS = [
    "id",
    "catalogue_id",
    "title",
    "narrator",
    "recorded",
    "recorded_earliest",
    "recorded_latest",
    "languages",
    "summary",
    "updated_at",
]


def bare_testimonies(request):
    partner = int(request.GET.get("partner", 0))
    after = int(request.GET.get("after", 0))
    with connection.cursor() as cursor:
        cursor.execute(SQL, [partner, after])
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    return HttpResponse(orjson.dumps({"results": rows}), content_type="application/json")


DETAIL_SQL = """
SELECT json_build_object(
    'id', t.id, 'catalogue_id', t.catalogue_id, 'title', t.title,
    'narrator', CASE c.name_disclosure WHEN 'real_name' THEN p.preferred_name
                                       WHEN 'pseudonym' THEN c.pseudonym END,
    'recorded', t.recorded, 'languages', t.languages, 'summary', t.summary,
    'updated_at', t.updated_at,
    'segments', (SELECT coalesce(json_agg(json_build_object(
                     'id', s.id, 'start', s.start, 'end', s."end", 'title', s.title,
                     'synopsis', s.synopsis) ORDER BY s.start, s.id), '[]')
                 FROM testimony_segment s WHERE s.testimony_id = t.id AND NOT s.is_closed))
FROM testimony_testimony t
JOIN testimony_consentrecord c ON c.testimony_id = t.id AND c.is_current
JOIN catalog_person p ON p.id = t.narrator_id
WHERE t.id = %s AND t.status = 'published' AND NOT c.withdrawn
  AND (c.embargo_until IS NULL OR c.embargo_until <= CURRENT_DATE)
  AND (c.access IN ('public', 'all_partners')
       OR (c.access = 'named_partners' AND EXISTS (
           SELECT 1 FROM testimony_consentrecord_partners cp
           WHERE cp.consentrecord_id = c.id AND cp.partnerorganisation_id = %s)))
"""


def bare_testimony(request, pk: int):
    """The yardstick of a detail: the same testimony with its segments, in one
    raw SQL query, parsed and written again by orjson."""
    partner = int(request.GET.get("partner", 0))
    with connection.cursor() as cursor:
        cursor.execute(DETAIL_SQL, [pk, partner])
        row = cursor.fetchone()
    if row is None:
        return HttpResponse(status=404)
    return HttpResponse(orjson.dumps(row[0]), content_type="application/json")
