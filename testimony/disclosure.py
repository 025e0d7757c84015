"""The one place that decides what an audience outside the admin may see.

Default deny. Row rules are querysets (so lists, counts, filters and search
stay in SQL); field rules turn records into plain dicts with every withheld
value set to None, before any serializer sees them. Nothing that serves the
outside world reads the models directly: it asks this module.

Derived rows the database keeps (search entries, testimony list rows) carry
copies of the facts the row rules read, and are judged here by the same rule
(``_open``) when they are read. A testimony's list row is redacted when it is
written, by ``testimony_listing_refresh`` (migration 0012): its one field rule,
the narrator under rule 3, is written there once, and details start from that
row (``present_testimonies``), so list and detail cannot disagree.

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
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from catalog.models import Family, Person, Relationship
from testimony.models import (
    Access,
    ConsentRecord,
    MediaAudience,
    MediaFile,
    NameDisclosure,
    PartnerOrganisation,
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
    """Rule 1 on a testimony's facts: its status and collection, and its current
    consent as ``consent_withdrawn``, ``consent_embargo_until`` and
    ``consent_access``. Testimonies get these by ``with_consent``; search
    entries hold copies. No consent is NULL and matches nothing.

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


def with_consent(queryset: QuerySet) -> QuerySet:
    """Join each testimony's current consent (at most one) as ``current_consent``."""
    return queryset.annotate(
        current_consent=FilteredRelation("consents", condition=Q(consents__is_current=True)),
        consent_id=F("current_consent__id"),
        consent_withdrawn=F("current_consent__withdrawn"),
        consent_embargo_until=F("current_consent__embargo_until"),
        consent_access=F("current_consent__access"),
        name_disclosure=F("current_consent__name_disclosure"),
        pseudonym=F("current_consent__pseudonym"),
        audio_audience=F("current_consent__audio"),
        video_audience=F("current_consent__video"),
        transcript_audience=F("current_consent__transcript"),
        photo_audience=F("current_consent__photos"),
    )


def testimonies(audience: Audience, queryset: QuerySet | None = None) -> QuerySet:
    queryset = with_consent(Testimony.objects.all() if queryset is None else queryset)
    if audience.is_staff:
        return queryset
    # Filters name the annotations, not ``current_consent__...``: each ``filter()``
    # on a to-many relation would join the consents again.
    named = ConsentRecord.partners.through.objects.filter(
        consentrecord_id=OuterRef("consent_id"), partnerorganisation=audience.partner
    )
    return queryset.filter(_open(audience, Q(Exists(named))))


def listed_testimonies(audience: Audience) -> QuerySet:
    """The list rows of the testimonies the audience may see: rule 1 on each row's
    own copies of the facts, kept by the database (see ``TestimonyListing``).
    The rows are already redacted; nothing in them differs between audiences."""
    listing = TestimonyListing.objects.all()
    if audience.is_staff:
        return listing
    partner = audience.partner.pk if audience.partner else None
    scope = tuple(audience.collection_scope)
    return listing.filter(_listing_rule(audience.kind, partner, scope, timezone.localdate()))


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
    """Segments of visible testimonies, neither closed nor wholly inside closed time."""
    queryset = Segment.objects.all()
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
    return queryset.filter(testimony__in=_visible_testimony_ids(audience), is_closed=False).filter(
        ~Q(sealed)
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
    visible = testimonies(audience).filter(transcript_audience__in=audience.media_audiences())
    return Transcript.objects.filter(testimony__in=visible.values("pk"))


MEDIUM_FIELD = {
    MediaFile.Kind.AUDIO: "audio_audience",
    MediaFile.Kind.VIDEO: "video_audience",
    MediaFile.Kind.PHOTO: "photo_audience",
}


def media(audience: Audience) -> QuerySet:
    """Media files whose medium the consent opens; documents stay with staff."""
    if audience.is_staff:
        return MediaFile.objects.all()
    # Correlated: each file asks after its own testimony (an index lookup), where
    # ``testimony__in`` would list every visible testimony once per medium.
    visible = testimonies(audience).filter(pk=OuterRef("testimony_id"))
    allowed = audience.media_audiences()
    condition = Q(pk__in=[])
    for kind, field in MEDIUM_FIELD.items():
        condition |= Q(kind=kind) & Q(Exists(visible.filter(**{f"{field}__in": allowed})))
    return MediaFile.objects.filter(condition)


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
    return media(audience) | person_photos(audience) | article_files()


def search_entries(audience: Audience) -> QuerySet:
    """Search entries of records the audience may see (rule 7).

    Entries of testimonies and segments are judged by rule 1 on the copies of
    their testimony's facts that the database keeps on them (see
    ``SearchEntry``), so a withdrawal or a closed segment drops out of search in
    the transaction that makes it, and each match is checked by its own row.
    People, matched only by name and so few, are checked one by one."""
    entries = SearchEntry.objects.all()
    if audience.is_staff:
        return entries
    kind = SearchEntry.Kind
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


def person_refs(
    persons, visible_people: set[int], relation_to: dict[int, str] | None = None
) -> list[dict]:
    """People named where the audience may see them; others only as a relationship."""
    refs = []
    for person in persons:
        if person.pk in visible_people:
            refs.append({"id": person.pk, "name": person.preferred_name, "relationship": None})
        else:
            relation = (relation_to or {}).get(person.pk)
            refs.append({"id": None, "name": None, "relationship": relation})
    return refs


def relations_to_narrators(named_narrator_ids: set[int]) -> dict[int, dict[int, str]]:
    """For each named narrator, their relatives as "child of the narrator" and the like.

    Only for named narrators: for a pseudonymous or anonymous one, a relationship
    to the narrator would hint at who they are.
    """
    labels = dict(Relationship.Kind.choices)
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
    """Which of these people the audience may see by name.

    The same rule as ``people()``, asked only of these ids, so that it reads a
    few index entries instead of every visible testimony.
    """
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return set()
    if audience.is_staff:
        return ids
    named = testimonies(audience).filter(
        narrator_id__in=ids, name_disclosure=NameDisclosure.REAL_NAME
    )
    return set(
        Person.objects.filter(pk__in=ids)
        .filter(
            Q(is_public_figure=True)
            | Q(has_own_consent=True)
            | Q(pk__in=named.values("narrator_id"))
        )
        .values_list("pk", flat=True)
    )


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


def present_testimonies(audience: Audience, items) -> list[dict]:
    """Details of testimonies from ``testimonies(audience)``, so each is visible.

    Each starts from the testimony's list row, which the database keeps with
    the narrator already named, pseudonymous or absent as the consent says
    (``TestimonyListing``): the rule is written once, and a detail always
    agrees with its list row. The rest is what the rules let through, with
    the closed ranges cut (``closed_ranges``)."""
    items = list(items)
    listed = TestimonyListing.objects.filter(pk__in=[t.pk for t in items])
    base = {pk: orjson.loads(row) for pk, row in listed.values_list("pk", "row")}
    named = {shown["id"] for t in items if (shown := base[t.pk]["narrator"]) and shown["id"]}
    others = set()
    for t in items:
        others |= {p.pk for p in t.interviewers.all()}
        for segment in t.visible_segments:
            others |= {p.pk for p in segment.people.all()}
    visible = named | visible_ids(audience, others - named)
    relations = relations_to_narrators(named)
    closures = closed_ranges(audience, [t.pk for t in items])
    rows = []
    for t in items:
        transcript_open = allows(audience, t.transcript_audience)
        own_relations = relations.get(t.narrator_id, {}) if t.narrator_id in named else {}
        closed = closures[t.pk]
        rows.append(
            base[t.pk]
            | {
                "interviewers": [
                    ref for ref in person_refs(t.interviewers.all(), visible) if ref["id"]
                ],
                "segments": [
                    present_segment(s, visible, own_relations, transcript_open, closed)
                    for s in t.visible_segments
                ],
                "transcripts": [present_transcript(tr, closed) for tr in t.visible_transcripts]
                if transcript_open
                else None,
                "media": [present_media(audience, m) for m in t.visible_media],
            }
        )
    return rows


def present_segment(
    segment, visible: set[int], relations: dict[int, str], transcript_open: bool, closed: Closures
):
    """A segment from ``segments(audience)``; its excerpt only where the consent
    opens transcripts and no closed range touches the segment."""
    excerpt_open = transcript_open and not closed.touches(segment.start, segment.end)
    return {
        "id": segment.pk,
        "testimony": segment.testimony_id,
        "start": _timecode(segment.start),
        "end": _timecode(segment.end),
        "title": segment.title,
        "synopsis": segment.synopsis,
        "transcript_excerpt": segment.transcript_excerpt if excerpt_open else None,
        "subjects": [{"id": s.pk, "label": s.label} for s in segment.subjects.all()],
        "places": [place_ref(p) for p in segment.places.all()],
        "people": person_refs(segment.people.all(), visible, relations),
    }


def present_segments(audience: Audience, items) -> list[dict]:
    """Segments of many testimonies (the segment list)."""
    items = list(items)
    people_ids = {p.pk for s in items for p in s.people.all()}
    visible = visible_ids(audience, people_ids | {s.testimony.narrator_id for s in items})
    named = {
        s.testimony.narrator_id
        for s in items
        if s.testimony.name_disclosure == NameDisclosure.REAL_NAME
        and s.testimony.narrator_id in visible
    }
    relations = relations_to_narrators(named)
    closures = closed_ranges(audience, {s.testimony_id for s in items})
    return [
        present_segment(
            s,
            visible,
            relations.get(s.testimony.narrator_id, {}) if s.testimony.narrator_id in named else {},
            allows(audience, s.testimony.transcript_audience),
            closures[s.testimony_id],
        )
        for s in items
    ]


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


def present_media(audience: Audience, media_file) -> dict:
    """A file's facts and short-lived signed links to the copies that may leave the
    archive (never an image's original, never a consent form)."""
    from testimony.files import links

    copies = links.copies(media_file)
    return {
        "id": media_file.pk,
        "kind": media_file.kind,
        "content_type": media_file.content_type or None,
        "size": media_file.size,
        "duration": _timecode(media_file.duration),
        "description": media_file.description or None,
        "width": media_file.width,
        "height": media_file.height,
        "links": {copy: links.link(audience, media_file, copy) for copy in copies},
        "links_expire_at": links.expiry() if copies else None,
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
