"""Running a search for an audience: variants expanded, typos forgiven, only
what the disclosure rules let the audience see.

Each query word must match (AND). A word matches itself or any other name of a
place, organisation or person it names (Chongjin = Cheongjin = 청진 = 清津), as
far as the audience may see that entity; a Latin word that names nothing exactly
is tried against the names by trigram similarity (Chongjn finds Chongjin).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q

from testimony import disclosure
from testimony.models.search import SearchEntry, SearchText
from testimony.search.text import bigrams, fold, is_cjk, query_words
from testimony.timecodes import format_timecode

K = SearchEntry.Kind
NAMED_KINDS = [K.PERSON, K.PLACE, K.ORGANISATION]
MAX_VARIANT_ENTRIES = 10
MAX_WORDS = 12


@dataclass
class Search:
    words: list[str]
    alternatives: list[list[str]]  # groups, all required; any phrase of a group will do

    @property
    def terms(self) -> list[str]:
        return [term for group in self.alternatives for term in group]

    @property
    def variants(self) -> list[str]:
        """The other names the search also used."""
        return [term for term in self.terms if term not in self.words]


def _tsquery(phrase: str) -> SearchQuery:
    """Every word of ``phrase``: Latin ones stemmed, CJK ones as their bigrams."""
    query = None
    for word in query_words(phrase):
        if is_cjk(word):
            part = SearchQuery(" ".join(bigrams(word)), config="simple", search_type="plain")
        else:
            part = SearchQuery(word, config="english", search_type="plain")
        query = part if query is None else query & part
    return query


def _names_of(entries) -> list[str]:
    names = []
    for keys in entries.values_list("name_keys", flat=True)[:MAX_VARIANT_ENTRIES]:
        names += keys
    return names


def variants(audience, phrase: str) -> list[str]:
    """The other names of the entities ``phrase`` names, as far as the audience
    may see them: a whole name first; a single Latin word of four letters or more
    that names nothing is tried by trigram similarity, for typos."""
    entries = disclosure.search_entries(audience).filter(kind__in=NAMED_KINDS)
    names = _names_of(entries.filter(name_keys__contains=[phrase]))
    if not names and is_cjk(phrase):
        # Part of a name (청진 in 청진시): the entry's text vector, indexed,
        # holds the bigrams of its names; the name itself then confirms.
        names = _names_of(entries.filter(document=_tsquery(phrase), names__contains=phrase))
    elif not names and " " not in phrase and len(phrase) >= 4:
        names = _names_of(entries.filter(names__trigram_strict_word_similar=phrase))
    return [name for name in dict.fromkeys(names) if name != phrase]


def prepare(audience, query: str) -> Search:
    words = query_words(query)[:MAX_WORDS]
    whole = " ".join(words)
    if len(words) > 1 and (names := variants(audience, whole)):
        return Search(words, [[whole, *names]])
    return Search(words, [[word, *variants(audience, word)] for word in words])


def tsquery_for(search: Search) -> SearchQuery:
    """Every group required; within a group, any phrase."""
    combined = None
    for group in search.alternatives:
        either = None
        for term in group:
            either = _tsquery(term) if either is None else either | _tsquery(term)
        combined = either if combined is None else combined & either
    return combined


def matching(entries, audience, search: Search):
    """Those of ``entries`` that match: in their own text, or in a transcript the
    audience may read. Written as two conditions so that each text index can be
    read (a bitmap OR of both); the cheap column test first, so that open
    transcripts skip a second text match."""
    combined = tsquery_for(search)
    return entries.filter(Q(document=combined) | Q(transcript_document=combined)).filter(
        disclosure.transcripts_open(audience) | Q(document=combined)
    )


def run(audience, search: Search):
    """Every entry that matches, as far as the audience may see it (unordered)."""
    return matching(disclosure.search_entries(audience), audience, search)


def snippet(text: str, terms: list[str], width: int = 160) -> str | None:
    """A stretch of ``text`` around the first term found, terms marked «like this»."""
    if not text:
        return None
    folded_terms = sorted({fold(t) for t in terms if t}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in folded_terms), re.IGNORECASE)
    match = pattern.search(fold(text)) if folded_terms else None
    start = max(0, match.start() - width // 3) if match else 0
    piece = text[start : start + width]
    marked = pattern.sub(lambda m: f"«{m.group(0)}»", piece) if folded_terms else piece
    return ("…" if start else "") + marked + ("…" if start + width < len(text) else "")


RESULT_FIELDS = ("id", "kind", "record_id", "testimony_id", "span", "transcript_open", "rank")


def best_first(entries, audience, search: Search, stop: int):
    """The first ``stop`` of ``entries`` (the audience's, not yet matched) that
    match, best first, each marked with whether the audience may read its
    transcript (for the snippet).

    Best first: entries whose title matches, then the others, each group by
    ``ts_rank``. The title group is read first, through its own small index,
    and the rest only when a page reaches past it: a common word matches
    hundreds of thousands of texts but far fewer titles, and ranking every
    match is what makes such a search slow. (PostgreSQL returns the parts of a
    UNION ALL in order, with parallel append off, and stops at the page's end.)
    """
    combined = tsquery_for(search)
    ranked = entries.annotate(
        rank=SearchRank(F("document"), combined),
        transcript_open=ExpressionWrapper(
            disclosure.transcripts_open(audience), output_field=BooleanField()
        ),
    ).order_by("-rank", "kind", "record_id")
    # A title is part of the entry's own text: a title that matches is a match.
    in_title = Q(title_document=combined)
    titles = ranked.filter(in_title).values(*RESULT_FIELDS)[:stop]
    others = matching(ranked.exclude(in_title), audience, search).values(*RESULT_FIELDS)[:stop]
    return titles.union(others, all=True)


def page(entries, audience, search: Search, start: int, stop: int) -> list[dict]:
    """Rows ``start``..``stop`` of ``best_first``, with their texts.

    With memory enough for the bitmap of a common term's matches to stay exact:
    a lossy one makes PostgreSQL test every row of each page it lost track of.
    The texts are read for the page's rows only, after the ranking."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('work_mem', %s, true), "
            "set_config('enable_parallel_append', 'off', true)",
            [settings.SEARCH_WORK_MEM],
        )
        rows = list(best_first(entries, audience, search, stop)[start:stop])
    texts = SearchText.objects.in_bulk([row["id"] for row in rows])
    empty = SearchText(title="", text="", transcript="")
    for row in rows:
        body = texts.get(row["id"], empty)
        row |= {"title": body.title, "text": body.text, "transcript": body.transcript}
    return rows


def _best_snippet(row: dict, terms: list[str]) -> str | None:
    """From the first text that holds a term: the record's own, its transcript
    where the audience may read it, its title (a match in the title alone);
    failing all, the start of its own text."""
    texts = [row["text"], row["transcript"] if row["transcript_open"] else "", row["title"]]
    for text in texts:
        piece = snippet(text, terms)
        if piece and "«" in piece:
            return piece
    return snippet(row["text"], terms)


def _timecode(seconds) -> str | None:
    return None if seconds is None else format_timecode(timedelta(seconds=float(seconds)))


def present(rows: list[dict], search: Search) -> list[dict]:
    """Results as the audience may read them: the transcript only where it is
    open. Segments and transcript passages say where they lie in the recording
    (an untimed transcript's passage, nowhere in particular)."""
    results = []
    for row in rows:
        span = row["span"]
        timed = span is not None and span.upper is not None
        results.append(
            {
                "type": row["kind"],
                "id": row["record_id"],
                "title": row["title"],
                "snippet": _best_snippet(row, search.terms),
                "testimony": row["testimony_id"],
                "start": _timecode(span.lower) if timed else None,
                "end": _timecode(span.upper) if timed else None,
                "rank": round(row["rank"], 6),
            }
        )
    return results
