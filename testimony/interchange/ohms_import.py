"""OHMS import into a testimony's working copy: planned, shown, then written.

``plan`` reads the document and the catalogue and says what would change:
the header fields, one segment per point (an end is the next point's start,
the last ends with the recording) with its free keywords, links and, from the
``_alt`` fields, its translation; the transcript's cues and the translated
transcript; and the subjects, places and people the points name, matched to
existing records by label or name variant (folded as search folds text). A
GPS point is matched by its name or, failing that, by its coordinates (within
``NEAR_METRES``); one that matches nothing becomes a new place, shown in the
preview. Other names that match nothing are listed for review, never
created. ``apply`` writes the plan in one transaction; nothing leaves the
archive until a reviewer releases the testimony.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from catalog.codes import validate_language
from catalog.edtf import validate_edtf
from catalog.models import Person, PersonName, Place, PlaceName, Subject, SubjectLabel
from testimony.interchange.ohms_read import Gps, Link, OhmsRecord, Point, Refused, read
from testimony.models import Segment, SegmentLink, SegmentTranslation, Testimony, Transcript
from testimony.models.segments import WebURLField
from testimony.models.testimonies import RIGHTS_STATEMENTS
from testimony.search.text import fold
from testimony.transcripts.services import check_cues, replace_cues

RIGHTS = {uri for uri, _ in RIGHTS_STATEMENTS}
NEAR_METRES = 100  # a GPS point this close to a place's coordinates is that place
KEYWORD_LENGTH = Segment._meta.get_field("keywords").base_field.max_length


@dataclass
class NewPlace:
    """A place a GPS point names that the catalogue does not hold yet."""

    name: str
    latitude: Decimal
    longitude: Decimal
    created: Place | None = None


@dataclass
class PlannedTranslation:
    title: str
    synopsis: str
    keywords: list[str]


@dataclass
class PlannedSegment:
    start: object
    end: object
    title: str
    synopsis: str
    transcript_excerpt: str
    subjects: list[Subject]
    places: list[Place]
    keywords: list[str] = field(default_factory=list)
    translation: PlannedTranslation | None = None
    links: list[Link] = field(default_factory=list)
    new_places: list[NewPlace] = field(default_factory=list)


@dataclass
class Plan:
    testimony: Testimony
    record: OhmsRecord
    changes: dict[str, tuple] = field(default_factory=dict)
    segments: list[PlannedSegment] = field(default_factory=list)
    interviewers: list[Person] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    not_kept: list[str] = field(default_factory=list)
    transcript_language: str = ""
    alt_language: str = ""


class _Terms:
    """Existing subjects, places and people by folded label or name variant."""

    def __init__(self):
        self.subjects = _index(Subject, "label", SubjectLabel, "subject_id", "label")
        self.places = _index(Place, "name", PlaceName, "place_id", "name")
        self.people = _index(Person, "preferred_name", PersonName, "person_id", "name")


def _index(model, field_name, variants, key, variant_field) -> dict[str, int]:
    found = {fold(value): pk for pk, value in model.objects.values_list("pk", field_name)}
    for pk, value in variants.objects.values_list(key, variant_field):
        found.setdefault(fold(value), pk)
    return found


def plan(testimony: Testimony, content: bytes, alt_language: str = "") -> Plan:
    """What importing ``content`` into ``testimony`` would do; ``Refused`` if it
    cannot. ``alt_language`` is the language of the ``_alt`` fields when the
    file does not say (``transcript_alt_lang``)."""
    record = read(content)
    problems = _point_problems(record.points)
    if testimony.segments.exists():
        problems.append(
            gettext(
                "%(testimony)s already has segments; an OHMS import adds the index to a "
                "testimony without one, so that nothing is overwritten."
            )
            % {"testimony": testimony.catalogue_id}
        )
    result = Plan(testimony, record)
    result.transcript_language = (record.languages or testimony.languages or [""])[0]
    languages = {result.transcript_language, record.alt_language} - {""}
    taken = set(
        testimony.transcripts.filter(language__in=languages).values_list("language", flat=True)
    )
    if (record.cues or record.untimed or record.alt_cues) and taken:
        problems.append(
            gettext("%(testimony)s already has a transcript in %(languages)s.")
            % {"testimony": testimony.catalogue_id, "languages": ", ".join(sorted(taken))}
        )
    if (record.cues or record.untimed) and not result.transcript_language:
        problems.append(gettext("The file has a transcript but no <language>: say which it is in."))
    result.alt_language = record.alt_language or alt_language
    if any(_translated(point) for point in record.points) and not _language(result.alt_language):
        problems.append(
            gettext(
                "The points have translated titles or synopses (_alt) but the file does not "
                "say their language (<transcript_alt_lang>): choose it for the import."
            )
        )
    duration = testimony.duration or record.duration
    for label, cues in (
        (gettext("Transcript: %(problem)s"), record.cues),
        (gettext("Translation: %(problem)s"), record.alt_cues),
    ):
        try:
            check_cues(cues, duration)
        except ValidationError as exc:
            problems += [label % {"problem": message} for message in exc.messages]
    if problems:
        raise Refused([*problems, gettext("Nothing was imported.")])
    _header(result)
    terms = _Terms()
    places = _PlaceFinder(terms.places)
    for number, point in enumerate(record.points, start=1):
        where = {"number": number}
        subjects = _match(
            terms.subjects,
            Subject,
            point.subjects,
            gettext("Point %(number)s subject") % where,
            result,
        )
        planned = PlannedSegment(
            point.start,
            point.end if point.end is not None else duration,
            point.title[:300],
            point.synopsis,
            point.partial_transcript,
            subjects,
            [],
            keywords=point.keywords,
            links=point.hyperlinks,
        )
        if _translated(point):
            planned.translation = PlannedTranslation(
                point.title_alt[:300] or planned.title, point.synopsis_alt, point.keywords_alt
            )
        for gps in point.gps:
            places.plan(gps, gettext("Point %(number)s place") % where, planned, result)
        result.segments.append(planned)
    result.interviewers = _match(
        terms.people, Person, record.interviewers, gettext("Interviewer"), result
    )
    return result


def _language(code: str) -> bool:
    try:
        validate_language(code)
    except ValidationError:
        return False
    return bool(code)


def _translated(point: Point) -> bool:
    return bool(point.title_alt or point.synopsis_alt or point.keywords_alt)


def _point_problems(points: list[Point]) -> list[str]:
    """Links that are not http(s) addresses and keywords too long to keep, by point."""
    problems = []
    check = WebURLField().run_validators
    for number, point in enumerate(points, start=1):
        for link in point.hyperlinks:
            try:
                check(link.url)
            except ValidationError:
                problems.append(
                    f"Point {number}: the link “{link.url[:80]}” is not an http or https address."
                )
        for keyword in point.keywords + point.keywords_alt:
            if len(keyword) > KEYWORD_LENGTH:
                problems.append(
                    f"Point {number}: the keyword “{keyword[:40]}…” is longer than "
                    f"{KEYWORD_LENGTH} characters."
                )
    return problems


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance on the globe between two (latitude, longitude) points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


class _PlaceFinder:
    """GPS points to places: by name or variant, else by coordinates within
    ``NEAR_METRES``, else a new place (one per name and spot in an import)."""

    def __init__(self, by_name: dict[str, int]):
        self.by_name = by_name
        self.new: dict[tuple, NewPlace] = {}
        self.found: dict[int, Place] = {}

    def plan(self, gps: Gps, where: str, planned: PlannedSegment, result: Plan) -> None:
        pk = self.by_name.get(fold(gps.text)) if gps.text else None
        if pk is None and gps.latitude is not None:
            pk = self._near(gps.latitude, gps.longitude)
        if pk is not None:
            if pk not in {p.pk for p in planned.places}:
                if pk not in self.found:
                    self.found[pk] = Place.objects.get(pk=pk)
                planned.places.append(self.found[pk])
        elif gps.latitude is None:
            result.unmatched.append(f"{where}: “{gps.text}” (no coordinates to create it)")
        elif not gps.text:
            result.unmatched.append(
                f"{where}: a GPS point ({gps.latitude}, {gps.longitude}) with no name"
            )
        else:
            latitude, longitude = (Decimal(str(round(v, 6))) for v in (gps.latitude, gps.longitude))
            key = (fold(gps.text), latitude, longitude)
            new = self.new.setdefault(key, NewPlace(gps.text[:300], latitude, longitude))
            if new not in planned.new_places:
                planned.new_places.append(new)

    def _near(self, latitude: float, longitude: float) -> int | None:
        """The nearest place with coordinates within ``NEAR_METRES``, if any."""
        span = NEAR_METRES / 111_000  # degrees of latitude; longitude widened below
        wide = span / max(math.cos(math.radians(latitude)), 0.01)
        found = Place.objects.filter(
            latitude__range=(latitude - span, latitude + span),
            longitude__range=(longitude - wide, longitude + wide),
        ).values_list("pk", "latitude", "longitude")
        distances = [
            (_metres((latitude, longitude), (float(lat), float(lon))), pk) for pk, lat, lon in found
        ]
        near = [d for d in distances if d[0] <= NEAR_METRES]
        return min(near)[1] if near else None


def _match(index: dict[str, int], model, labels, where: str, result: Plan) -> list:
    ids = []
    for label in labels:
        pk = index.get(fold(label))
        if pk is None:
            result.unmatched.append(
                gettext("%(where)s: “%(label)s”") % {"where": where, "label": label}
            )
        elif pk not in ids:
            ids.append(pk)
    found = model.objects.in_bulk(ids)
    return [found[pk] for pk in ids]


def _header(result: Plan) -> None:
    testimony, record = result.testimony, result.record
    wanted = {
        "title": record.title[:300],
        "summary": record.summary,
        "recorded": record.recorded,
        "languages": record.languages,
        "rights_statement": record.rights if record.rights in RIGHTS else "",
    }
    if record.rights and record.rights not in RIGHTS:
        result.not_kept.append(
            gettext("rights: “%(value)s” is not a RightsStatements.org URI")
            % {"value": record.rights}
        )
    if record.recorded:
        try:
            validate_edtf(record.recorded)
        except Exception:  # the edtf parser raises its own errors
            result.not_kept.append(
                gettext("date: “%(value)s” is not an EDTF date") % {"value": record.recorded}
            )
            wanted["recorded"] = ""
    for name, value in wanted.items():
        if value and value != getattr(testimony, name):
            result.changes[name] = (getattr(testimony, name), value)
    if testimony.duration is None and record.duration is not None:
        result.changes["duration"] = (None, record.duration)


@transaction.atomic
def apply(result: Plan) -> Plan:
    """Write the plan into the testimony's working copy."""
    testimony = Testimony.objects.select_for_update().get(pk=result.testimony.pk)
    for name, (_, value) in result.changes.items():
        setattr(testimony, name, value)
    testimony.full_clean(exclude=["narrator", "collection", "interviewers"])
    testimony.save()
    if result.interviewers:
        testimony.interviewers.add(*result.interviewers)
    for planned in result.segments:
        segment = Segment.objects.create(
            testimony=testimony,
            start=planned.start,
            end=planned.end,
            title=planned.title,
            synopsis=planned.synopsis,
            transcript_excerpt=planned.transcript_excerpt,
            keywords=planned.keywords,
        )
        segment.subjects.set(planned.subjects)
        segment.places.set(planned.places + [_created(new) for new in planned.new_places])
        if planned.translation is not None:
            SegmentTranslation.objects.create(
                segment=segment,
                language=result.alt_language,
                title=planned.translation.title,
                synopsis=planned.translation.synopsis,
                keywords=planned.translation.keywords,
            )
        SegmentLink.objects.bulk_create(
            SegmentLink(segment=segment, url=link.url, text=link.text[:300])
            for link in planned.links
        )
    record = result.record
    original = None
    if record.cues or record.untimed:
        original = Transcript.objects.create(
            testimony=testimony, language=result.transcript_language, text=record.untimed
        )
        if record.cues:
            replace_cues(original, record.cues)
    if record.alt_cues and record.alt_language:
        translation = Transcript.objects.create(
            testimony=testimony, language=record.alt_language, translation_of=original
        )
        replace_cues(translation, record.alt_cues)
    return result


def _created(new: NewPlace) -> Place:
    """The place planned, created once however many points name it."""
    if new.created is None:
        new.created = Place.objects.create(
            name=new.name, kind=Place.Kind.OTHER, latitude=new.latitude, longitude=new.longitude
        )
    return new.created


def import_file(testimony: Testimony, content: bytes, alt_language: str = "") -> Plan:
    return apply(plan(testimony, content, alt_language))


def describe(result: Plan) -> list[str]:
    """The plan in lines, as the admin's preview and the command show it."""
    from testimony.timecodes import format_timecode

    record = result.record
    lines = [
        gettext("OHMS %(version)s into %(testimony)s:")
        % {
            "version": record.version or gettext("(no version)"),
            "testimony": result.testimony.catalogue_id,
        }
    ]
    for name, (old, new) in result.changes.items():
        lines.append(f"  {name}: {old or gettext('(empty)')} → {new}")
    for planned in result.segments:
        tags = [s.label for s in planned.subjects] + [p.name for p in planned.places]
        tags += [new.name for new in planned.new_places]
        span = f"{format_timecode(planned.start)}-{format_timecode(planned.end)}"
        line = gettext("segment %(span)s %(title)s") % {"span": span, "title": planned.title}
        lines.append(f"  {line}" + (f" [{', '.join(tags)}]" if tags else ""))
        if planned.keywords:
            lines.append(
                "    "
                + gettext("keywords: %(keywords)s") % {"keywords": "; ".join(planned.keywords)}
            )
        if planned.translation:
            alt = planned.translation
            language = {"language": result.alt_language}
            lines.append(
                "    "
                + gettext("translation (%(language)s): %(what)s") % {**language, "what": alt.title}
            )
            if alt.keywords:
                lines.append(
                    "    "
                    + gettext("keywords (%(language)s): %(keywords)s")
                    % {**language, "keywords": "; ".join(alt.keywords)}
                )
        lines += [
            "    "
            + gettext("link: %(url)s") % {"url": link.url}
            + (f" “{link.text}”" if link.text else "")
            for link in planned.links
        ]
        lines += [
            "    "
            + gettext("will create place %(name)s (%(latitude)s, %(longitude)s)")
            % {"name": new.name, "latitude": new.latitude, "longitude": new.longitude}
            for new in planned.new_places
        ]
    if record.cues or record.untimed:
        count = len(record.cues)
        kind = (
            ngettext("%(count)s cue", "%(count)s cues", count) % {"count": count}
            if record.cues
            else gettext("untimed text")
        )
        lines.append(
            "  "
            + gettext("transcript (%(language)s): %(what)s")
            % {"language": result.transcript_language, "what": kind}
        )
    if record.alt_cues:
        count = len(record.alt_cues)
        cues = ngettext("%(count)s cue", "%(count)s cues", count) % {"count": count}
        lines.append(
            "  "
            + gettext("translation (%(language)s): %(what)s")
            % {"language": record.alt_language, "what": cues}
        )
    to_review = gettext("to review, not matched: %(line)s")
    not_kept = gettext("not kept (no field for it): %(line)s")
    lines += ["  " + to_review % {"line": line} for line in result.unmatched]
    lines += ["  " + not_kept % {"line": line} for line in result.not_kept]
    return lines
