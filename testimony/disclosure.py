"""The one place that decides what an audience outside the admin may see.

Default deny. Row rules are querysets (so lists, counts, filters and search
stay in SQL); field rules turn records into plain dicts with every withheld
value set to None, before any serializer sees them. Nothing that serves the
outside world reads the models directly: it asks this module.

Outside audiences read the last state of a testimony a reviewer released
(rule 9, ``testimony.models.releases``), never the working copy: every rule
below reads the released tables. Closing does not wait for a release: the list
row's facts are the narrower of the released consent and the current one, a
testimony leaves publication with its released state, and closures, deleted
segments, transcripts and files are read live as well.

Derived rows the database keeps (search entries, testimony list rows) carry
copies of the facts the row rules read, and are judged here by the same rule
(``_open``) when they are read. A testimony's list row is redacted when it is
written, by ``testimony_listing_refresh`` (migrations 0012, 0015): its one field
rule, the narrator under rule 3, is written there once, and details start from
that row (``present_testimonies``), so list and detail cannot disagree.

The rules (see DESIGN.md, "Disclosure rules"):
1. A testimony is visible when it is published and its current consent is not
   withdrawn, not under embargo, and opens it to the audience: public, all
   partners, or the named partners; a partner limited to some collections sees
   only those.
2. Before ``embargo_until`` and after a withdrawal it is closed to everyone
   outside, with everything derived from it.
3. The narrator is named only under a real-name consent; under a pseudonym the
   pseudonym stands alone, with no link to the person, family, photos or other
   testimonies; anonymous testimony names no one.
4. Audio, video, transcripts and photos are each opened to an audience by the
   consent; closed segments are never disclosed.
4a. What consent closes is time (DESIGN.md rule 8): a closed segment closes its
   range, and staff seal other ranges, from everyone outside or from the public,
   until an optional date. ``closed_ranges`` answers which ranges of a recording
   are closed to an audience today, from one SQL function that the row rules
   use too: cues that touch a closed range are withheld whole, as are the
   excerpts of segments that touch one and segments that lie wholly inside
   closed time; an untimed transcript never leaves while any range is closed.
5. A person who is not a public figure is named only if they consented
   themselves or are the named narrator of a visible testimony. Everyone else,
   above all relatives in North Korea or of unknown whereabouts, appears at most
   as a relationship ("child of ...").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property, lru_cache

import orjson
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation

from catalog.models import Family, Person, Relationship
from testimony.models import (
    Access,
    MediaAudience,
    MediaFile,
    NameDisclosure,
    PartnerOrganisation,
    ReleasedMedia,
    ReleasedSealedRange,
    ReleasedSegment,
    ReleasedTranscript,
    SealedRange,
    SearchEntry,
    Segment,
    Testimony,
    TestimonyListing,
    Transcript,
)
from testimony.timeline import Closures

PUBLIC, PARTNER, STAFF = "public", "partner", "staff"


@dataclass(frozen=True)
class Audience:
    kind: str
    partner: PartnerOrganisation | None = None
    # The partner's collection limit when the caller read it already (the token
    # look-up does, in the same query); None to read it when first needed.
    scope: tuple[int, ...] | None = None

    @cached_property
    def collection_scope(self) -> list[int]:
        """The collections a partner is limited to; empty for no limit."""
        if self.kind != PARTNER:
            return []
        if self.scope is not None:
            return list(self.scope)
        return list(self.partner.collections.values_list("pk", flat=True))

    @classmethod
    def public(cls) -> Audience:
        return cls(PUBLIC)

    @classmethod
    def for_partner(cls, partner: PartnerOrganisation, scope=None) -> Audience:
        return cls(PARTNER, partner, None if scope is None else tuple(scope))

    @classmethod
    def staff(cls) -> Audience:
        return cls(STAFF)

    @property
    def is_staff(self) -> bool:
        return self.kind == STAFF

    def media_audiences(self) -> list[str]:
        """The consent values that open a medium to this audience."""
        if self.kind == STAFF:
            return list(MediaAudience.values)
        if self.kind == PARTNER:
            return [MediaAudience.PARTNERS, MediaAudience.PUBLIC]
        return [MediaAudience.PUBLIC]


# ----------------------------------------------------------------- row rules


def _open(audience: Audience, named_partner: Q) -> Q:
    """Rule 1 on a testimony's facts: its status and collection, and its consent
    as ``consent_withdrawn``, ``consent_embargo_until`` and ``consent_access``
    (the narrower of the released and the current consent). List rows hold
    them; search entries of released records copy them. No consent is NULL and
    matches nothing.

    ``named_partner`` says the consent names the audience's partner."""
    today = timezone.localdate()
    condition = Q(status=Testimony.Status.PUBLISHED, consent_withdrawn=False) & (
        Q(consent_embargo_until__isnull=True) | Q(consent_embargo_until__lte=today)
    )
    if audience.kind != PARTNER:
        return condition & Q(consent_access=Access.PUBLIC)
    condition &= Q(consent_access__in=[Access.PUBLIC, Access.ALL_PARTNERS]) | (
        Q(consent_access=Access.NAMED_PARTNERS) & named_partner
    )
    if audience.collection_scope:
        condition &= Q(collection__in=audience.collection_scope)
    return condition


def _open_by_copy(audience: Audience) -> Q:
    """Rule 1 on rows that carry copies of their testimony's facts (``DisclosureFacts``)."""
    partner = audience.partner.pk if audience.partner else None
    return _open(audience, Q(consent_partners__contains=[partner]))


def testimonies(audience: Audience) -> QuerySet:
    """The released testimonies the audience may see, as their list rows: rule 1
    on each row's copies of the facts, kept by the database (``TestimonyListing``).
    The rows are already redacted; nothing in them differs between audiences.
    Staff see every released testimony."""
    listing = TestimonyListing.objects.all()
    if audience.is_staff:
        return listing.filter(release__isnull=False)
    return listing.filter(_open_by_copy(audience))


DETAIL_COLUMNS = (
    "row",
    "narrator_id",
    "name_disclosure",
    "transcript_audience",
    "details_until",
    "details_version",
)


LISTING = TestimonyListing._meta.db_table


def listed(audience: Audience) -> QuerySet:
    """``testimonies(audience)`` for an outer query only (the API's lists and
    details): the same rule, compiled once per audience and day."""
    if audience.is_staff:
        return testimonies(audience)
    return TestimonyListing.objects.filter(_rule(audience))


def _rule(audience: Audience) -> RawSQL:
    """Rule 1 on list rows for an outside audience, as SQL naming the table."""
    partner = audience.partner.pk if audience.partner else None
    scope = tuple(audience.collection_scope)
    return _listing_rule(audience.kind, partner, scope, timezone.localdate())


@lru_cache(maxsize=1024)
def _listing_rule(kind: str, partner: int | None, scope: tuple, today) -> RawSQL:
    """``_open_by_copy`` for list rows, compiled to SQL once per audience and day:
    every list request asks it, and building the rule's query costs a list
    request more than running it. ``today`` keys the cache: an entry made at
    midnight may hold the day before, which only keeps an embargo a moment longer."""
    audience = Audience(kind, PartnerOrganisation(pk=partner) if partner else None, scope)
    query = TestimonyListing.objects.filter(_open_by_copy(audience)).query
    sql, params = query.get_compiler(DEFAULT_DB_ALIAS).compile(query.where)
    return RawSQL(sql, params, output_field=BooleanField())


def _visible_testimony_ids(audience: Audience) -> QuerySet:
    return testimonies(audience).values("pk")


def segments(audience: Audience) -> QuerySet:
    """Released segments of visible testimonies: closed neither as released nor
    since, still in the working copy, and not wholly inside closed time."""
    queryset = ReleasedSegment.objects.all()
    if audience.is_staff:
        return queryset
    sealed = Func(
        F("testimony_id"),
        F("start"),
        F("end"),
        Value(audience.kind),
        Value(timezone.localdate()),
        function="segment_sealed",
        output_field=BooleanField(),
    )
    still_open = Segment.objects.filter(pk=OuterRef("pk"), is_closed=False)
    return queryset.filter(
        Q(testimony__in=_visible_testimony_ids(audience))
        & Q(is_closed=False)
        & Q(Exists(still_open))
        & ~Q(sealed)
    )


def closed_ranges(audience: Audience, testimony_ids, today=None) -> dict[int, Closures]:
    """Which ranges of each testimony's recording are closed to ``audience`` on
    ``today`` (by default today): its closed segments and the ranges sealed from
    the audience that have not reopened. Nothing is closed to staff.

    The database's ``testimony_closed_ranges`` answers (migration 0013), the same
    function the row rules of segments and search entries call, so that every
    route cuts the same time."""
    ids = sorted({int(pk) for pk in testimony_ids})
    if audience.is_staff or not ids:
        return {pk: Closures() for pk in ids}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t, testimony_closed_ranges(t, %s, %s) FROM unnest(%s::bigint[]) AS t",
            [audience.kind, today or timezone.localdate(), ids],
        )
        rows = cursor.fetchall()
    return {
        pk: Closures.of(
            (_time(span.lower), None if span.upper is None else _time(span.upper)) for span in spans
        )
        for pk, spans in rows
    }


def _time(seconds) -> datetime.timedelta:
    return datetime.timedelta(seconds=float(seconds))


def _entry_closed(audience: Audience, *, whole: bool) -> Func:
    """On search entries: whether the entry's span lies wholly inside (``whole``)
    or touches closed time for the audience today."""
    return Func(
        F("span"),
        F("closed_for_all"),
        F("closures_vary"),
        F("testimony_id"),
        Value(audience.kind),
        Value(timezone.localdate()),
        Value(whole),
        function="search_entry_closed",
        output_field=BooleanField(),
    )


def transcripts(audience: Audience) -> QuerySet:
    """Released transcripts still in the working copy, of visible testimonies
    whose consent opens transcripts to the audience (cut by ``present_transcript``)."""
    visible = testimonies(audience).filter(transcript_audience__in=audience.media_audiences())
    return ReleasedTranscript.objects.filter(
        Q(testimony__in=visible.values("pk"))
        & Q(Exists(Transcript.objects.filter(pk=OuterRef("pk"))))
    )


MEDIUM_FIELD = {
    MediaFile.Kind.AUDIO: "audio_audience",
    MediaFile.Kind.VIDEO: "video_audience",
    MediaFile.Kind.PHOTO: "photo_audience",
}


def media(audience: Audience) -> QuerySet:
    """Files of visible testimonies as released (the same bytes: a file replaced
    since waits for the next release) whose medium the consent opens; documents
    stay with staff. Each carries its released description."""
    released = ReleasedMedia.objects.filter(pk=OuterRef("pk"), sha256=OuterRef("sha256"))
    files = MediaFile.objects.annotate(
        released_description=Subquery(released.values("description"))
    )
    if audience.is_staff:
        return files.filter(Exists(released))
    visible = testimonies(audience)
    allowed = audience.media_audiences()
    condition = Q(pk__in=[])
    for kind, field in MEDIUM_FIELD.items():
        opened = visible.filter(**{f"{field}__in": allowed}).values("pk")
        condition |= Q(kind=kind) & Q(Exists(released.filter(kind=kind, testimony__in=opened)))
    return files.filter(condition)


def person_photos(audience: Audience) -> QuerySet:
    """Photos of a person: of public figures, and of narrators named under a consent
    that opens photos to the audience. Nobody else is ever shown (rule 6)."""
    photos = MediaFile.objects.filter(person__isnull=False, kind=MediaFile.Kind.PHOTO)
    if audience.is_staff:
        return photos
    consenting = testimonies(audience).filter(
        name_disclosure=NameDisclosure.REAL_NAME, photo_audience__in=audience.media_audiences()
    )
    return photos.filter(
        Q(person__is_public_figure=True) | Q(person_id__in=consenting.values("narrator_id"))
    )


def article_files() -> QuerySet:
    """Images and scans of source articles: public, like the articles."""
    return MediaFile.objects.filter(
        article__isnull=False, kind__in=[MediaFile.Kind.PHOTO, MediaFile.Kind.DOCUMENT]
    )


def deliverable_files(audience: Audience) -> QuerySet:
    """Every file an outside audience may fetch. Consent-form scans are never among
    them: no rule above lets one through."""
    rules = (media(audience), person_photos(audience), article_files())
    return MediaFile.objects.filter(
        Q(pk__in=rules[0].values("pk")) | Q(pk__in=rules[1].values("pk")) | Q(pk__in=rules[2])
    )


def filter_sources(audience: Audience) -> tuple[QuerySet, QuerySet]:
    """The testimonies and segments a search's filters may match through: what
    the audience may see, released; for staff, the working copies (which staff
    search). Their fields agree, so one filter reads either."""
    if audience.is_staff:
        return Testimony.objects.all(), Segment.objects.all()
    return testimonies(audience), segments(audience)


def search_entries(audience: Audience) -> QuerySet:
    """Search entries of records the audience may see (rule 7).

    Outside audiences search the released entries of testimonies, segments and
    transcripts; staff search the working copies. Released entries are judged
    by rule 1 on the copies of their testimony's facts that the database keeps
    on them (see ``SearchEntry``), so a withdrawal or a closed segment drops out
    of search in the transaction that makes it, and each match is checked by
    its own row. People, matched only by name and so few, are checked one by one."""
    kind = SearchEntry.Kind
    copies = [kind.TESTIMONY, kind.SEGMENT, kind.TRANSCRIPT]
    if audience.is_staff:
        return SearchEntry.objects.exclude(kind__in=copies, released=True)
    entries = SearchEntry.objects.filter(released=True)
    open_testimony = _open_by_copy(audience)
    open_segment = Q(kind=kind.SEGMENT, segment_closed=False) & ~Q(
        _entry_closed(audience, whole=True)
    )
    return entries.filter(
        Q(kind__in=[kind.PLACE, kind.ORGANISATION, kind.ARTICLE])
        | ((Q(kind=kind.TESTIMONY) | open_segment) & open_testimony)
        | (Q(kind=kind.TRANSCRIPT) & open_testimony & transcripts_open(audience))
        | (Q(kind=kind.PERSON) & Exists(people(audience).filter(pk=OuterRef("person_id"))))
    )


def transcripts_open(audience: Audience) -> Q:
    """On search entries: the transcript text (a passage, a segment's excerpt)
    may be searched and shown: the consent opens transcripts to the audience
    and no closed range touches the entry's span."""
    if audience.is_staff:
        return Q(pk__isnull=False)
    return Q(transcript_audience__in=audience.media_audiences()) & ~Q(
        _entry_closed(audience, whole=False)
    )


def named_narrator_ids(audience: Audience) -> QuerySet:
    return (
        testimonies(audience).filter(name_disclosure=NameDisclosure.REAL_NAME).values("narrator_id")
    )


def people(audience: Audience) -> QuerySet:
    queryset = Person.objects.all()
    if audience.is_staff:
        return queryset
    return queryset.filter(
        Q(is_public_figure=True) | Q(has_own_consent=True) | Q(pk__in=named_narrator_ids(audience))
    )


def families(audience: Audience) -> QuerySet:
    """Families with at least one member the audience may see by name."""
    if audience.is_staff:
        return Family.objects.all()
    return Family.objects.filter(
        Exists(
            Family.members.through.objects.filter(
                family=OuterRef("pk"), person__in=people(audience).values("pk")
            )
        )
    )


# --------------------------------------------------------------- field rules


def allows(audience: Audience, consent_value: str | None) -> bool:
    return consent_value in audience.media_audiences()


def relations_to_narrators(named_narrator_ids: set[int]) -> dict[int, dict[int, str]]:
    """For each named narrator, their relatives as "child of the narrator" and the like.

    Only for named narrators: for a pseudonymous or anonymous one, a relationship
    to the narrator would hint at who they are.
    """
    with translation.override("en"):  # outward data, whatever language the admin speaks
        labels = {kind: str(label) for kind, label in Relationship.Kind.choices}
    relations: dict[int, dict[int, str]] = {}
    rows = Relationship.objects.filter(relative_id__in=named_narrator_ids).values_list(
        "relative_id", "person_id", "kind"
    )
    for narrator_id, person_id, kind in rows:
        relations.setdefault(narrator_id, {})[person_id] = f"{labels[kind]} the narrator"
    return relations


# ---------------------------------------------------------------- presenters
# Each turns records fetched through the row rules above into the plain dicts
# the API serialises. A withheld value is None, never left out.


def visible_ids(audience: Audience, person_ids) -> set[int]:
    """Which of these people the audience may see by name."""
    return set(visible_names(audience, person_ids))


def visible_names(audience: Audience, person_ids) -> dict[int, str]:
    """The names of those of these people the audience may see by name.

    The same rule as ``people()``, asked only of these ids, so that it reads a
    few index entries instead of every visible testimony.
    """
    ids = sorted({pk for pk in person_ids if pk is not None})
    if not ids:
        return {}
    if audience.is_staff:
        return dict(Person.objects.filter(pk__in=ids).values_list("pk", "preferred_name"))
    # Asked on every detail: in plain SQL, with the rule compiled once per day.
    rule = _rule(audience)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT p.id, p.preferred_name FROM {Person._meta.db_table} p
            WHERE p.id = ANY(%s) AND (p.is_public_figure OR p.has_own_consent OR p.id IN (
                SELECT {LISTING}.narrator_id FROM {LISTING}
                WHERE {LISTING}.narrator_id = ANY(%s) AND {LISTING}.name_disclosure = %s
                  AND ({rule.sql})))
            """,
            [ids, ids, NameDisclosure.REAL_NAME, *rule.params],
        )
        return dict(cursor.fetchall())


def uncertain(record, field: str) -> dict:
    return {
        "edtf": getattr(record, field) or None,
        "earliest": getattr(record, f"{field}_earliest"),
        "latest": getattr(record, f"{field}_latest"),
    }


def place_ref(place) -> dict | None:
    return {"id": place.pk, "name": place.name} if place else None


def _timecode(value):
    from testimony.timecodes import format_timecode

    return format_timecode(value) or None


DETAIL_FIELD = {PUBLIC: "public_detail", PARTNER: "partner_detail"}
DETAIL_FORMAT = 2  # details kept in another shape are made again


def present_testimonies(audience: Audience, items) -> list[dict]:
    """Details of testimonies from ``testimonies(audience)`` (their list rows), so
    each is visible, in a fixed number of queries however many there are.

    Each starts from the list row the database keeps with the narrator already
    named, pseudonymous or absent as the consent says: the rule is written once,
    and a detail always agrees with its list row. Its parts are what the rules
    let through of the release, with the closed ranges cut, made once per
    outside audience and kept on the row (``_details``); who may be named in
    them, and the links to files, are decided as they are read."""
    items = list(items)
    details = _details(audience, items)
    named: set[int] = set()
    others: set[int] = set()
    for t in items:
        if t.name_disclosure == NameDisclosure.REAL_NAME:
            named.add(t.narrator_id)
        others |= set(details[t.pk]["interviewers"])
        for segment in details[t.pk]["segments"]:
            others |= set(segment["people"])
    names = visible_names(audience, others | named)
    files = _files(audience, [pk for t in items for pk in details[t.pk]["media"]])
    copies = access_copies(audience, files.values())
    rows = []
    for t in items:
        detail = details[t.pk]
        if t.narrator_id in names and t.narrator_id in named:
            shown, own = names, {int(pk): label for pk, label in detail["relations"].items()}
        else:  # a narrator not named by this testimony is never named in it
            shown, own = _without(names, t.narrator_id), {}
        rows.append(
            orjson.loads(t.row)
            | {
                "interviewers": [
                    {"id": pk, "name": shown[pk], "relationship": None}
                    for pk in detail["interviewers"]
                    if pk in shown
                ],
                "segments": [
                    segment | {"people": _refs(segment["people"], shown, own)}
                    for segment in detail["segments"]
                ],
                "transcripts": detail["transcripts"],
                "media": [
                    present_media(audience, files[pk], copies)
                    for pk in detail["media"]
                    if pk in files
                ],
            }
        )
    return rows


def _without(names: dict[int, str], person_id) -> dict[int, str]:
    return {pk: name for pk, name in names.items() if pk != person_id}


def _refs(person_ids, names: dict[int, str], relations: dict[int, str]) -> list[dict]:
    """People named where the audience may see them; others only as a relationship."""
    return [
        {"id": pk, "name": names[pk], "relationship": None}
        if pk in names
        else {"id": None, "name": None, "relationship": relations.get(pk)}
        for pk in person_ids
    ]


def _files(audience: Audience, ids) -> dict[int, MediaFile]:
    if not ids:
        return {}
    return {m.pk: m for m in media(audience).filter(pk__in=ids)}


@dataclass
class DetailRow:
    """The columns of a list row ``present_testimonies`` reads for a detail."""

    pk: int
    row: str
    narrator_id: int | None
    name_disclosure: str | None
    transcript_audience: str | None
    details_until: datetime.date | None
    details_version: int
    public_detail: str | None = None
    partner_detail: str | None = None


def detail_row(audience: Audience, pk: int) -> DetailRow | None:
    """A testimony's list row for its detail, if the audience may see it: the
    route partners call most, in one plain query with the rule compiled once a day."""
    if audience.is_staff:
        return testimonies(audience).filter(pk=pk).first()
    kept = DETAIL_FIELD[audience.kind]
    rule = _rule(audience)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {', '.join(DETAIL_COLUMNS)}, {kept} FROM {LISTING} "
            f"WHERE id = %s AND ({rule.sql})",
            [pk, *rule.params],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    return DetailRow(*found[:-1], **{kept: found[-1]})


def _details(audience: Audience, items) -> dict[int, dict]:
    """The parts of each testimony's detail for the audience, as kept on its list
    row or made now (and kept, for the public and partners: every partner
    receives the same parts of a testimony it may see)."""
    field = DETAIL_FIELD.get(audience.kind)
    today = timezone.localdate()
    details, missing = {}, []
    for t in items:
        kept = orjson.loads(getattr(t, field) or "null") if field else None
        current = t.details_until is None or today < t.details_until
        if kept is not None and kept.get("format") == DETAIL_FORMAT and current:
            details[t.pk] = kept
        else:
            missing.append(t)
    if missing:
        made, until = _make_details(audience, missing)
        details |= made
        if field:
            _keep_details(field, missing, made, until)
    return details


def _keep_details(field: str, items, made: dict[int, dict], until: dict[int, object]) -> None:
    """Keep what was made, on each row whose details have not changed version
    since it was read: a copy made before a closure is never kept after it."""
    with connection.cursor() as cursor:
        for t in items:
            cursor.execute(
                f"UPDATE {TestimonyListing._meta.db_table} SET {field} = %s, details_until = %s "
                "WHERE id = %s AND details_version = %s",
                [orjson.dumps(made[t.pk]).decode(), until[t.pk], t.pk, t.details_version],
            )


def _make_details(audience: Audience, items) -> tuple[dict[int, dict], dict[int, object]]:
    ids = [t.pk for t in items]
    by_testimony = _parts(audience, ids)
    closures = closed_ranges(audience, ids)
    reopening = _next_reopening(audience, ids)
    interviewers: dict[int, list[int]] = {}
    through = TestimonyListing.interviewers.through.objects.filter(testimonylisting_id__in=ids)
    for testimony_id, person_id in through.values_list("testimonylisting_id", "person_id"):
        interviewers.setdefault(testimony_id, []).append(person_id)
    named = {t.narrator_id for t in items if t.name_disclosure == NameDisclosure.REAL_NAME}
    relations = relations_to_narrators(named)
    made = {}
    for t in items:
        transcript_open = allows(audience, t.transcript_audience)
        closed = closures[t.pk]
        made[t.pk] = {
            "format": DETAIL_FORMAT,
            "interviewers": interviewers.get(t.pk, []),
            # How the people tagged relate to a named narrator, shown for those
            # who may not be named (the database forgets this on any change).
            "relations": {str(pk): label for pk, label in relations.get(t.narrator_id, {}).items()}
            if t.narrator_id in named
            else {},
            "segments": [
                present_segment(s, transcript_open, closed)
                for s in by_testimony["segments"].get(t.pk, [])
            ],
            "transcripts": [
                present_transcript(tr, closed) for tr in by_testimony["transcripts"].get(t.pk, [])
            ]
            if transcript_open
            else None,
            "media": [m.pk for m in by_testimony["media"].get(t.pk, [])],
        }
    return made, reopening


def _next_reopening(audience: Audience, ids) -> dict[int, object]:
    """The day each testimony's closed ranges next change for the audience: the
    first sealed range, released or working, that reopens after today."""
    today = timezone.localdate()
    until: dict[int, object] = dict.fromkeys(ids)
    for model in (SealedRange, ReleasedSealedRange):
        rows = model.objects.filter(testimony_id__in=ids, reopens_on__gt=today)
        for testimony_id, day in rows.values_list("testimony_id", "reopens_on"):
            if until[testimony_id] is None or day < until[testimony_id]:
                until[testimony_id] = day
    return until


def _parts(audience: Audience, ids: list[int]) -> dict[str, dict[int, list]]:
    """The released segments, transcripts and files of these testimonies that
    the rules let through, by testimony: three queries (and their tags and cues)."""
    queries = {
        "segments": segments(audience)
        .filter(testimony_id__in=ids)
        .prefetch_related("subjects", "places", "people")
        .order_by("start", "id"),
        "transcripts": transcripts(audience)
        .filter(testimony_id__in=ids)
        .prefetch_related("cues")
        .order_by("translation_of", "language", "id"),
        "media": media(audience)
        .filter(testimony_id__in=ids)
        .order_by("kind", "id")
        .only("pk", "testimony_id"),
    }
    parts = {}
    for name, queryset in queries.items():
        grouped: dict[int, list] = {}
        for record in queryset:
            grouped.setdefault(record.testimony_id, []).append(record)
        parts[name] = grouped
    return parts


def present_segment(segment, transcript_open: bool, closed: Closures) -> dict:
    """A segment from ``segments(audience)``, its people as ids (``_refs`` names
    them as the audience may see them); its excerpt only where the consent
    opens transcripts and no closed range touches the segment. Its keywords,
    translations and links as released, copied field by field (a key added to
    the released copy one day is not sent unless named here)."""
    excerpt_open = transcript_open and not closed.touches(segment.start, segment.end)
    return {
        "id": segment.pk,
        "testimony": segment.testimony_id,
        "start": _timecode(segment.start),
        "end": _timecode(segment.end),
        "title": segment.title,
        "synopsis": segment.synopsis,
        "transcript_excerpt": segment.transcript_excerpt if excerpt_open else None,
        "keywords": list(segment.keywords),
        "translations": [
            {
                "language": t["language"],
                "title": t["title"],
                "synopsis": t["synopsis"],
                "keywords": list(t["keywords"]),
            }
            for t in segment.translations
        ],
        "links": [{"url": link["url"], "text": link["text"]} for link in segment.links],
        "subjects": [{"id": s.pk, "label": s.label} for s in segment.subjects.all()],
        "places": [place_ref(p) for p in segment.places.all()],
        "people": [p.pk for p in segment.people.all()],
    }


def present_segments(audience: Audience, items) -> list[dict]:
    """Segments of many testimonies (the segment list), each with its testimony's
    list row as ``testimony``. A narrator who is not named by the testimony is
    never named in its segments, even when another testimony names them."""
    items = list(items)
    people_ids = {p.pk for s in items for p in s.people.all()}
    names = visible_names(audience, people_ids | {s.testimony.narrator_id for s in items})
    named = {
        s.testimony.narrator_id
        for s in items
        if s.testimony.name_disclosure == NameDisclosure.REAL_NAME
        and s.testimony.narrator_id in names
    }
    relations = relations_to_narrators(named)
    closures = closed_ranges(audience, {s.testimony_id for s in items})
    rows = []
    for s in items:
        narrator = s.testimony.narrator_id
        row = present_segment(
            s, allows(audience, s.testimony.transcript_audience), closures[s.testimony_id]
        )
        shown = names if narrator in named else _without(names, narrator)
        rows.append(row | {"people": _refs(row["people"], shown, relations.get(narrator, {}))})
    return rows


UNTIMED_WITHHELD = "untimed_with_closed_ranges"


def present_transcript(transcript, closed: Closures) -> dict:
    """A transcript open to the audience, cut at the closed ranges: its cues
    that touch none (a cue across a closed range's edge is withheld whole); an
    untimed transcript whole, or, while any range is closed, withheld with the
    reason given in ``withheld`` (fail closed: its closed words cannot be found)."""
    cues = list(transcript.cues.all())
    row = {
        "id": transcript.pk,
        "language": transcript.language,
        "translation_of": transcript.translation_of_id,
        "translator": transcript.translator or None,
        "timed": bool(cues),
    }
    if cues:
        sent = [cue for cue in cues if not closed.touches(cue.start, cue.end)]
        return row | {
            "cues": [
                {
                    "start": _timecode(cue.start),
                    "end": _timecode(cue.end),
                    "speaker": cue.speaker or None,
                    "text": cue.text,
                }
                for cue in sent
            ],
            "text": "\n".join(cue.text for cue in sent),
            "withheld": None,
        }
    if closed:
        return row | {"cues": None, "text": None, "withheld": UNTIMED_WITHHELD}
    return row | {"cues": None, "text": transcript.text, "withheld": None}


RECORDING_KINDS = (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO)
READY, PREPARING = "ready", "preparing"


def access_copies(audience: Audience, files) -> dict:
    """The access copy each recording among ``files`` is served as to an outside
    audience now (None while it is being prepared): outside audiences never
    receive an original recording. Staff are served originals: empty."""
    from testimony.recordings import copies

    if audience.is_staff:
        return {}
    return copies.served(audience, [m for m in files if m.kind in RECORDING_KINDS])


def present_media(audience: Audience, media_file, copies: dict | None = None) -> dict:
    """A file's facts and short-lived signed links to the copies that may leave the
    archive (never an image's original, never a consent form, never a recording's
    original: its access copy, from ``copies`` as ``access_copies`` answers, once
    it is ready for the closure state of the moment)."""
    from testimony.files import links

    kinds = links.copies(media_file)
    row = {
        "id": media_file.pk,
        "kind": media_file.kind,
        "status": None,
        "content_type": media_file.content_type or None,
        "size": media_file.size,
        "duration": _timecode(media_file.duration),
        "description": getattr(media_file, "released_description", media_file.description) or None,
        "width": media_file.width,
        "height": media_file.height,
    }
    if media_file.kind in RECORDING_KINDS and not audience.is_staff:
        access = (copies or {}).get(media_file.pk)
        row |= {"status": READY if access else PREPARING, "content_type": None, "size": None}
        if access is None:
            return row | {"links": {}, "links_expire_at": None}
        row |= {"content_type": access.content_type, "size": access.size}
    return row | {
        "links": {copy: links.link(audience, media_file, copy) for copy in kinds},
        "links_expire_at": links.expiry() if kinds else None,
    }


def present_people(audience: Audience, items, *, detail: bool = False) -> list[dict]:
    items = list(items)
    rows = []
    testimonies_by_person: dict[int, list[int]] = {}
    families_by_person: dict[int, list[int]] = {}
    if detail and items:
        ids = [p.pk for p in items]
        named = testimonies(audience).filter(
            name_disclosure=NameDisclosure.REAL_NAME, narrator_id__in=ids
        )
        for narrator_id, pk in named.values_list("narrator_id", "pk"):
            testimonies_by_person.setdefault(narrator_id, []).append(pk)
        memberships = Family.members.through.objects.filter(
            person_id__in=ids, family__in=families(audience).values("pk")
        )
        for person_id, family_id in memberships.values_list("person_id", "family_id"):
            families_by_person.setdefault(person_id, []).append(family_id)
    for person in items:
        row = {
            "id": person.pk,
            "preferred_name": person.preferred_name,
            "names": [
                {
                    "name": n.name,
                    "kind": n.kind,
                    "script": n.script,
                    "language": n.language or None,
                    "romanisation": n.romanisation or None,
                }
                for n in person.names.all()
            ],
            "birth": uncertain(person, "birth"),
            "death": uncertain(person, "death"),
            "is_public_figure": person.is_public_figure,
            "updated_at": person.updated_at,
        }
        if detail:
            row |= {
                "residences": [
                    {
                        "country": r.country or None,
                        "place": place_ref(r.place),
                        "period": uncertain(r, "period"),
                        "is_current": r.is_current,
                    }
                    for r in person.residences.all()
                ],
                "returnee": present_returnee(getattr(person, "returnee", None)),
                "testimonies": sorted(testimonies_by_person.get(person.pk, [])),
                "families": sorted(families_by_person.get(person.pk, [])),
                "photos": [present_media(audience, m) for m in person.visible_photos],
            }
        rows.append(row)
    return rows


def present_returnee(returnee) -> dict | None:
    if returnee is None:
        return None
    return {
        "voyage": returnee.voyage.number if returnee.voyage else None,
        "departed": uncertain(returnee, "departed"),
        "departure_port": place_ref(returnee.departure_port),
        "arrival_port": place_ref(returnee.arrival_port),
        "status_at_departure": returnee.status_at_departure,
        "fate": returnee.fate,
        "life_events": [
            {
                "kind": e.kind,
                "date": uncertain(e, "date"),
                "place": place_ref(e.place),
                "description": e.description or None,
            }
            for e in returnee.life_events.all()
        ],
    }


INVERSE_KIND = {
    Relationship.Kind.PARENT: Relationship.Kind.CHILD,
    Relationship.Kind.CHILD: Relationship.Kind.PARENT,
    Relationship.Kind.GRANDPARENT: Relationship.Kind.GRANDCHILD,
    Relationship.Kind.GRANDCHILD: Relationship.Kind.GRANDPARENT,
    Relationship.Kind.AUNT_UNCLE: Relationship.Kind.NIECE_NEPHEW,
    Relationship.Kind.NIECE_NEPHEW: Relationship.Kind.AUNT_UNCLE,
}


def _relations_of(family, person_id: int, visible: set[int]) -> list[dict]:
    """How a member relates to the members the audience may see, both ways round."""
    relations = set()
    for r in family.relationships.all():
        if r.person_id == person_id and r.relative_id in visible:
            relations.add((r.kind, r.relative_id))
        elif r.relative_id == person_id and r.person_id in visible:
            relations.add((INVERSE_KIND.get(r.kind, r.kind), r.person_id))
    return [{"kind": kind, "relative": relative} for kind, relative in sorted(relations)]


def present_families(audience: Audience, items) -> list[dict]:
    """Members named as far as the audience may see them; others as relationships only."""
    items = list(items)
    visible = visible_ids(audience, {m.person_id for f in items for m in f.memberships.all()})
    rows = []
    for family in items:
        members = []
        for membership in family.memberships.all():
            person = membership.person
            relations = _relations_of(family, person.pk, visible)
            if person.pk in visible:
                members.append(
                    {"id": person.pk, "name": person.preferred_name, "relationships": relations}
                )
            elif relations:
                members.append({"id": None, "name": None, "relationships": relations})
        rows.append({"id": family.pk, "name": family.name, "members": members})
    return rows


def article_people(audience: Audience, articles) -> dict[int, list[dict]]:
    """The people each article mentions, limited to those the audience may see."""
    articles = list(articles)
    visible = visible_ids(audience, {p.pk for a in articles for p in a.people.all()})
    return {
        a.pk: [{"id": p.pk, "name": p.preferred_name} for p in a.people.all() if p.pk in visible]
        for a in articles
    }


# Records that are public by nature: places, organisations, subjects, voyages,
# collections and source articles (whose people are filtered by article_people).
REFERENCE_MODELS = {"place", "organisation", "subject", "voyage", "collection", "sourcearticle"}


def reference(model, audience: Audience) -> QuerySet:
    """Every row of a public reference model; any other model is refused (default deny)."""
    if model._meta.model_name not in REFERENCE_MODELS:
        raise LookupError(f"{model.__name__} is not a public reference record.")
    return model.objects.all()
