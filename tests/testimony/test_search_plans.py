"""On a generated corpus, searches read the search indexes, not whole tables."""

import pytest
from django.core.management import call_command
from django.db import connection

from testimony.disclosure import Audience
from testimony.models import PartnerOrganisation, Segment
from testimony.search import query

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_searches_read_the_indexes_on_a_generated_corpus():
    call_command(
        "generate_corpus", people=1000, testimonies=200, segments=10000, articles=20, verbosity=0
    )
    call_command("rebuild_search_index", verbosity=0)
    for segment in Segment.objects.order_by("pk")[:20]:
        segment.synopsis += " typhoon"
        segment.save()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    partner = PartnerOrganisation.objects.first()
    for q in ("typhoon", "Kangnam", "函館"):
        for audience in (Audience.public(), Audience.for_partner(partner)):
            search = query.prepare(audience, q)
            entries = query.disclosure.search_entries(audience)
            explained = plan(query.best_first(entries, audience, search, 21))
            assert "search_title_gin" in explained, (q, explained)
            assert "search_document_gin" in explained, (q, explained)
            assert "Seq Scan on testimony_searchentry" not in explained, (q, explained)
    # The typo lookup (trigram similarity over names) reads its own index.
    entries = query.disclosure.search_entries(Audience.public()).filter(
        kind__in=query.NAMED_KINDS, names__trigram_strict_word_similar="typhon"
    )
    explained = plan(entries)
    assert "search_names_trgm" in explained, explained
