"""The protected-name guard: names an audience may not see, typed into outward
text, block a release (DESIGN.md rule 9).

Every text a release would send outside (titles, summaries, synopses, excerpts,
transcript cues and speakers, untimed transcripts, file descriptions) is read
for the names of people the audience may not see, in every recorded variant and
script, folded the way search folds text (case, accents, apostrophes); a Latin
name must stand as whole words, a CJK name is found inside longer runs. Who is
protected is the disclosure module's answer for that audience, as it will be
once the testimony is released, and always the narrator of a testimony that
does not name them. A pseudonymous or anonymous testimony that tags its own
narrator is blocked as well.

Names are matched with one Aho-Corasick automaton over every name in the
catalogue (pyahocorasick), built once per process and again only when a name
changes (the history of people and their names says when).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import ahocorasick
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Person, PersonEvent, PersonName, PersonNameEvent
from testimony import disclosure
from testimony.disclosure import Audience
from testimony.models import (
    Cue,
    MediaFile,
    NameDisclosure,
    PartnerOrganisation,
    Segment,
    SegmentLink,
    SegmentTranslation,
    Testimony,
    Transcript,
)
from testimony.search.text import CJK_RUN, fold
from testimony.timecodes import format_timecode
from testimony.timeline import Closures

QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")  # "Han Min-ho (fictional)" is typed "Han Min-ho"
JOINERS = re.compile(r"[-\u2010\u2011\u2012\u2013\u00b7\u30fb]")
WORD = re.compile(r"\w")
MIN_LATIN = 4
ANY_PARTNER = Audience("partner", PartnerOrganisation(pk=0, name="every partner"), scope=())
AUDIENCES = {"the public": Audience.public(), "partners": ANY_PARTNER}
# An audience is named in a hit's key in English, whatever the reader's language.
AUDIENCE_NAMES = {
    "the public": gettext_lazy("the public"),
    "partners": gettext_lazy("partners"),
    "every audience": gettext_lazy("every audience"),
}


def normalise(text: str, joiner: str = "") -> str:
    """Folded as search folds it, with the joiners inside names (Min-ho, Min·ho)
    dropped and runs of spaces made one, so that spellings meet."""
    return " ".join(JOINERS.sub(joiner, fold(text)).split())


def _keys(name: str) -> set[str]:
    """A name as the text may hold it: Min-ho as Minho and as Min ho."""
    bare = QUALIFIER.sub("", name)
    return {normalise(bare), normalise(bare, " ")}


@dataclass(frozen=True)
class Hit:
    field: str  # where: "segment 12 (00:05:00) synopsis"
    field_key: str
    audience: str
    person_id: int
    person: str
    reason: str

    @property
    def key(self) -> str:
        return f"{self.field_key}|{self.audience}|{self.person_id}"

    @property
    def message(self) -> str:
        return _("%(field)s names %(person)s (%(reason)s), whom %(audience)s may not see.") % {
            "field": self.field,
            "person": self.person,
            "reason": self.reason,
            "audience": AUDIENCE_NAMES.get(self.audience, self.audience),
        }


class _Names:
    """Every name of every person, in one automaton. Built once per process;
    when people or their names change (their history says which), only theirs
    are taken out and put in again."""

    lock = threading.Lock()
    seen = None  # the last history events read: (person, name variant)
    automaton = None
    keys: dict[int, set[str]] = {}
    REBUILD_ABOVE = 5000  # changed people: past this, build anew

    @classmethod
    def current(cls):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT coalesce(max(pgh_id), 0) FROM catalog_personevent), "
                "(SELECT coalesce(max(pgh_id), 0) FROM catalog_personnameevent)"
            )
            seen = cursor.fetchone()
        with cls.lock:
            if cls.seen is not None and (seen[0] < cls.seen[0] or seen[1] < cls.seen[1]):
                cls.automaton = None  # history rolled back under us: read it all again
            if cls.automaton is None:
                cls.automaton, cls.keys = ahocorasick.Automaton(), {}
                cls._add(Person.objects.all(), PersonName.objects.all())
            elif seen != cls.seen:
                changed = set(
                    PersonEvent.objects.filter(pgh_id__gt=cls.seen[0]).values_list(
                        "pgh_obj_id", flat=True
                    )
                ) | set(
                    PersonNameEvent.objects.filter(pgh_id__gt=cls.seen[1]).values_list(
                        "person_id", flat=True
                    )
                )
                if len(changed) > cls.REBUILD_ABOVE:
                    cls.automaton = None
                    return cls.current()
                for person_id in changed:
                    cls._remove(person_id)
                cls._add(
                    Person.objects.filter(pk__in=changed),
                    PersonName.objects.filter(person_id__in=changed),
                )
            cls.seen = seen
            return cls.automaton

    @classmethod
    def _add(cls, people, variants) -> None:
        names = people.values_list("pk", "preferred_name").iterator(chunk_size=5000)
        others = variants.values_list("person_id", "name").iterator(chunk_size=5000)
        automaton = cls.automaton
        for source in (names, others):
            for person_id, name in source:
                for key in _keys(name):
                    cjk = bool(CJK_RUN.fullmatch(key.replace(" ", "")))
                    if len(key) < (2 if cjk else MIN_LATIN):
                        continue
                    entry = automaton.get(key, None) or (cjk, len(key), set())
                    entry[2].add(person_id)
                    automaton.add_word(key, entry)
                    cls.keys.setdefault(person_id, set()).add(key)
        automaton.make_automaton()

    @classmethod
    def _remove(cls, person_id: int) -> None:
        for key in cls.keys.pop(person_id, ()):
            entry = cls.automaton.get(key, None)
            if entry is None:
                continue
            entry[2].discard(person_id)
            if not entry[2]:
                cls.automaton.remove_word(key)


def find_names(text: str, automaton=None) -> set[int]:
    """The people any of whose names ``text`` holds."""
    haystack = normalise(text)
    automaton = automaton if automaton is not None else _Names.current()
    if not haystack or len(automaton) == 0:
        return set()
    found = set()
    for end, (cjk, length, people) in automaton.iter(haystack):
        if not cjk:
            start = end - length + 1
            before = haystack[start - 1] if start > 0 else " "
            after = haystack[end + 1] if end + 1 < len(haystack) else " "
            if WORD.match(before) or WORD.match(after):
                continue
        found |= people
    return found


def _span(start, end) -> str:
    return f"{format_timecode(start)}-{format_timecode(end)}"


FIELDS = ("title", "synopsis", "transcript_excerpt", "keywords")


def _segment_parts(testimony: Testimony) -> dict[int, list[tuple[str, str, str]]]:
    """(key, label, text) of each segment's translations and links, by segment."""
    parts: dict[int, list[tuple[str, str, str]]] = {}
    translations = SegmentTranslation.objects.filter(segment__testimony=testimony).values_list(
        "segment_id", "language", "title", "synopsis", "keywords"
    )
    for segment_id, language, title, synopsis, keywords in translations:
        parts.setdefault(segment_id, []).append(
            (
                f"translation:{language}",
                _("%(language)s translation") % {"language": language},
                "\n".join([title, synopsis, *keywords]),
            )
        )
    links = SegmentLink.objects.filter(segment__testimony=testimony).values_list(
        "segment_id", "pk", "url", "text"
    )
    for segment_id, pk, url, text in links:
        parts.setdefault(segment_id, []).append((f"link:{pk}", _("link"), f"{text}\n{url}"))
    return parts


def _where(pk, start, end, field) -> str:
    return _("segment %(id)s (%(span)s): %(field)s") % {
        "id": pk,
        "span": _span(start, end),
        "field": field,
    }


def outward_texts(testimony: Testimony) -> list[tuple[str, str, str]]:
    """(field, key, text) for every text a release of ``testimony`` would send
    outside: what no closure keeps in for good. Read as plain rows: a two-hour
    transcript is thousands of cues."""
    texts = [
        (_("the title"), "testimony:title", testimony.title),
        (_("the summary"), "testimony:summary", testimony.summary),
    ]
    labels = {
        "title": _("title"),
        "synopsis": _("synopsis"),
        "transcript_excerpt": _("transcript excerpt"),
        "keywords": _("keywords"),
    }
    segments = list(
        Segment.objects.filter(testimony=testimony).values_list(
            "pk", "start", "end", "is_closed", *FIELDS
        )
    )
    segment_parts = _segment_parts(testimony)
    closed_for_good = Closures.of((start, end) for _, start, end, closed, *_ in segments if closed)
    for pk, start, end, closed, *fields in segments:
        if closed or closed_for_good.covers(start, end):
            continue
        for name, text in zip(FIELDS, fields, strict=True):
            if name == "keywords":
                text = "\n".join(text)
            texts.append((_where(pk, start, end, labels[name]), f"segment:{pk}:{name}", text))
        for key, label, text in segment_parts.get(pk, []):
            texts.append((_where(pk, start, end, label), f"segment:{pk}:{key}", text))
    untimed = dict(
        Transcript.objects.filter(testimony=testimony)
        .exclude(Exists(Cue.objects.filter(transcript=OuterRef("pk"))))
        .values_list("pk", "text")
    )
    languages = dict(Transcript.objects.filter(testimony=testimony).values_list("pk", "language"))
    for pk, text in untimed.items():
        where = _("the untimed %(language)s transcript") % {"language": languages[pk]}
        texts.append((where, f"transcript:{pk}", text))
    cues = Cue.objects.filter(transcript__testimony=testimony).values_list(
        "pk", "transcript_id", "start", "end", "speaker", "text"
    )
    for pk, transcript, start, end, speaker, text in cues:
        if not closed_for_good.touches(start, end):
            where = _("the %(language)s transcript at %(span)s") % {
                "language": languages[transcript],
                "span": _span(start, end),
            }
            texts.append((where, f"cue:{pk}", f"{speaker}\n{text}"))
    files = MediaFile.objects.filter(testimony=testimony).values_list("pk", "description")
    for pk, description in files:
        texts.append((_("the description of file %(id)s") % {"id": pk}, f"media:{pk}", description))
    return [(field, key, text) for field, key, text in texts if text and text.strip()]


def check(testimony: Testimony) -> list[Hit]:
    """Every protected name in the outward texts of ``testimony``'s working copy,
    for each audience that would receive it."""
    testimony = Testimony.objects.select_related("narrator").get(pk=testimony.pk)
    consent = testimony.consents.filter(is_current=True).first()
    named = consent is not None and consent.name_disclosure == NameDisclosure.REAL_NAME
    names = _Names.current()
    found = [(field, key, find_names(text, names)) for field, key, text in outward_texts(testimony)]
    candidates = set().union(*(people for _, _, people in found)) if found else set()
    hits: list[Hit] = []
    if not named:
        tags = Segment.people.through.objects.filter(
            segment__testimony=testimony, person_id=testimony.narrator_id
        )
        for segment in Segment.objects.filter(pk__in=tags.values("segment_id")):
            hits.append(
                Hit(
                    _("segment %(id)s (%(span)s): %(field)s")
                    % {"id": segment.pk, "span": segment, "field": _("people")},
                    f"segment:{segment.pk}:people",
                    "every audience",
                    testimony.narrator_id,
                    testimony.narrator.preferred_name,
                    _("the narrator, tagged in a testimony that does not name them"),
                )
            )
    if not candidates:
        return hits
    labels = dict(Person.objects.filter(pk__in=candidates).values_list("pk", "preferred_name"))
    found = [(field, key, people & set(labels)) for field, key, people in found]
    for audience_label, audience in _receiving(consent):
        visible = disclosure.visible_ids(audience, candidates)
        if named:
            visible.add(testimony.narrator_id)
        else:
            visible.discard(testimony.narrator_id)
        for field, key, people in found:
            for person_id in sorted(people - visible):
                reason = (
                    _("the narrator, whom this testimony does not name")
                    if person_id == testimony.narrator_id
                    else _("neither a public figure, nor consenting, nor a named narrator")
                )
                hits.append(Hit(field, key, audience_label, person_id, labels[person_id], reason))
    return hits


def _receiving(consent) -> list[tuple[str, Audience]]:
    """The audiences the consent would open the testimony to."""
    if consent is None or consent.withdrawn or consent.access == "closed":
        return []
    if consent.access == "public":
        return list(AUDIENCES.items())
    return [("partners", ANY_PARTNER)]
