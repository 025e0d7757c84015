"""OHMS import into a testimony's working copy: planned, shown, then written.

``plan`` reads the document and the catalogue and says what would change:
the header fields, one segment per point (an end is the next point's start,
the last ends with the recording), the transcript's cues and the translation
from the ``_alt`` fields, and the subjects, places and people the points name,
matched to existing records by label or name variant (folded as search folds
text). What does not match is listed for review, never created. ``apply``
writes the plan in one transaction; nothing leaves the archive until a
reviewer releases the testimony.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from catalog.edtf import validate_edtf
from catalog.models import Person, PersonName, Place, PlaceName, Subject, SubjectLabel
from testimony.interchange.ohms_read import OhmsRecord, Refused, read
from testimony.models import Segment, Testimony, Transcript
from testimony.models.testimonies import RIGHTS_STATEMENTS
from testimony.search.text import fold
from testimony.transcripts.services import check_cues, replace_cues

RIGHTS = {uri for uri, _ in RIGHTS_STATEMENTS}


@dataclass
class PlannedSegment:
    start: object
    end: object
    title: str
    synopsis: str
    transcript_excerpt: str
    subjects: list[Subject]
    places: list[Place]


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


def plan(testimony: Testimony, content: bytes) -> Plan:
    """What importing ``content`` into ``testimony`` would do; ``Refused`` if it cannot."""
    record = read(content)
    problems = []
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
    for number, point in enumerate(record.points, start=1):
        where = {"number": number}
        subjects = _match(
            terms.subjects,
            Subject,
            point.subjects,
            gettext("Point %(number)s subject") % where,
            result,
        )
        places = _match(
            terms.places,
            Place,
            [g.text for g in point.gps if g.text],
            gettext("Point %(number)s place") % where,
            result,
        )
        for gps in point.gps:
            if not gps.text and gps.latitude is not None:
                result.unmatched.append(
                    gettext(
                        "Point %(number)s place: a GPS point (%(latitude)s, %(longitude)s) "
                        "with no name"
                    )
                    % {**where, "latitude": gps.latitude, "longitude": gps.longitude}
                )
        for label, values in (
            ("title_alt", [point.title_alt]),
            ("synopsis_alt", [point.synopsis_alt]),
            ("keywords", point.keywords),
            ("hyperlinks", point.hyperlinks),
        ):
            if any(values):
                result.not_kept.append(
                    gettext("Point %(number)s %(element)s: %(values)s")
                    % {**where, "element": label, "values": "; ".join(filter(None, values))}
                )
        result.segments.append(
            PlannedSegment(
                point.start,
                point.end if point.end is not None else duration,
                point.title[:300],
                point.synopsis,
                point.partial_transcript,
                subjects,
                places,
            )
        )
    result.interviewers = _match(
        terms.people, Person, record.interviewers, gettext("Interviewer"), result
    )
    return result


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
        )
        segment.subjects.set(planned.subjects)
        segment.places.set(planned.places)
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


def import_file(testimony: Testimony, content: bytes) -> Plan:
    return apply(plan(testimony, content))


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
        span = f"{format_timecode(planned.start)}-{format_timecode(planned.end)}"
        line = gettext("segment %(span)s %(title)s") % {"span": span, "title": planned.title}
        lines.append(f"  {line}" + (f" [{', '.join(tags)}]" if tags else ""))
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
