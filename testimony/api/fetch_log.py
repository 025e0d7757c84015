"""What each partner fetched, kept so that staff know whom to tell of a withdrawal.

One INSERT ... ON CONFLICT per response, whatever the page size.
"""

from django.db import connection
from django.utils import timezone

from testimony.models import PartnerFetch

SQL = f"""
INSERT INTO {PartnerFetch._meta.db_table}
    (partner_id, record_type, record_id, first_fetched_at, last_fetched_at, times)
SELECT %s, %s, ids.id, %s, %s, 1 FROM unnest(%s::bigint[]) AS ids(id)
ON CONFLICT (partner_id, record_type, record_id)
DO UPDATE SET last_fetched_at = EXCLUDED.last_fetched_at,
              times = {PartnerFetch._meta.db_table}.times + 1
"""


def record_fetch(partner, record_type: str, ids) -> None:
    ids = sorted({int(pk) for pk in ids})
    if partner is None or not ids:
        return
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(SQL, [partner.pk, record_type, now, now, ids])
