"""The ceiling of the projection DESIGN.md names, for benchmark runs only.

What a partner's testimony list would cost if each testimony's list row were
kept as ready JSON beside copies of the facts its visibility rule reads: the
same token check and request limit as the API, one indexed query on such a
table, the fetch log, and the rows written out as they are. The table is made
by ``build()`` from the catalogue at the start of a run (it is not kept
current), so that the figure says how far that design could take the list
before it is built for real.
"""

import json

from django.db import connection
from django.http import HttpResponse
from rest_framework.views import APIView

from testimony.api.auth import audience_for
from testimony.api.fetch_log import record_fetch

BUILD = """
DROP TABLE IF EXISTS bench_listing;
CREATE TABLE bench_listing AS
SELECT t.id, t.status, t.collection_id, c.withdrawn, c.embargo_until, c.access,
       ARRAY(SELECT cp.partnerorganisation_id FROM testimony_consentrecord_partners cp
             WHERE cp.consentrecord_id = c.id) AS partners,
       json_build_object(
           'id', t.id, 'catalogue_id', t.catalogue_id, 'title', t.title,
           'narrator', CASE c.name_disclosure
               WHEN 'real_name' THEN json_build_object('id', p.id, 'name', p.preferred_name)
               WHEN 'pseudonym' THEN json_build_object('id', NULL, 'name', c.pseudonym) END,
           'recorded', json_build_object('edtf', NULLIF(t.recorded, ''),
                                         'earliest', t.recorded_earliest,
                                         'latest', t.recorded_latest),
           'place', CASE WHEN pl.id IS NOT NULL
                         THEN json_build_object('id', pl.id, 'name', pl.name) END,
           'languages', t.languages, 'duration', t.duration::text,
           'collection', json_build_object('code', co.code, 'name', co.name),
           'summary', t.summary, 'updated_at', t.updated_at)::text AS row
FROM testimony_testimony t
LEFT JOIN testimony_consentrecord c ON c.testimony_id = t.id AND c.is_current
JOIN catalog_person p ON p.id = t.narrator_id
LEFT JOIN catalog_place pl ON pl.id = t.place_id
JOIN testimony_collection co ON co.id = t.collection_id;
CREATE UNIQUE INDEX bench_listing_id ON bench_listing (id);
ANALYZE bench_listing;
"""

PAGE = """
SELECT id, row FROM bench_listing
WHERE status = 'published' AND NOT withdrawn
  AND (embargo_until IS NULL OR embargo_until <= CURRENT_DATE)
  AND (access IN ('public', 'all_partners')
       OR (access = 'named_partners' AND partners @> ARRAY[%s]::bigint[]))
  AND id > %s
ORDER BY id LIMIT 51
"""


def build():
    with connection.cursor() as cursor:
        cursor.execute(BUILD)


class ProjectedPage(APIView):
    def get(self, request):
        audience = audience_for(request)
        after = int(request.GET.get("after", 0))
        with connection.cursor() as cursor:
            cursor.execute(PAGE, [audience.partner.pk, after])
            rows = cursor.fetchall()
        page = rows[:50]
        if request.GET.get("log") != "0":  # the fetch log's share, measured apart
            record_fetch(audience.partner, "testimony", [pk for pk, _ in page])
        more = f"{request.path}?after={page[-1][0]}" if len(rows) > 50 else None
        results = ",".join(row for _, row in page)
        body = f'{{"next":{json.dumps(more)},"previous":null,"results":[{results}]}}'

        return HttpResponse(body, content_type="application/json")
