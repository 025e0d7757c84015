"""The ceiling of the testimony list, for benchmark runs only.

The same token check, request limit and fetch log as the API, then one
hand-written query on the list rows the database keeps
(``testimony_testimonylisting``) and the rows written out as they are: what the
list costs with none of the framework's per-request work (the rule compiled by
the ORM, DRF's view, cursor and renderer). The API list is measured against it
to see what that work costs.
"""

import json

from django.db import connection
from django.http import HttpResponse
from rest_framework.views import APIView

from testimony.api.auth import audience_for
from testimony.api.fetch_log import record_fetch

PAGE = """
SELECT id, row FROM testimony_testimonylisting
WHERE status = 'published' AND NOT consent_withdrawn
  AND (consent_embargo_until IS NULL OR consent_embargo_until <= CURRENT_DATE)
  AND (consent_access IN ('public', 'all_partners')
       OR (consent_access = 'named_partners' AND consent_partners @> ARRAY[%s]::bigint[]))
  AND id > %s
ORDER BY id LIMIT 51
"""


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
