"""Output shapes of the API, for rendering and for the OpenAPI schema.

They render the plain dicts that ``testimony.disclosure`` has already redacted;
a field that a consent can withhold is nullable and always present.
"""

from rest_framework import serializers as s


class UncertainDate(s.Serializer):
    edtf = s.CharField(allow_null=True, help_text="The date as EDTF, e.g. 1960~ (about 1960).")
    earliest = s.DateField(allow_null=True)
    latest = s.DateField(allow_null=True)


class Ref(s.Serializer):
    id = s.IntegerField()
    name = s.CharField()


class PersonRef(s.Serializer):
    id = s.IntegerField(allow_null=True, help_text="Null when the person may not be named.")
    name = s.CharField(allow_null=True)
    relationship = s.CharField(
        allow_null=True, help_text="For a person not named: how they relate to the narrator."
    )


class Narrator(s.Serializer):
    id = s.IntegerField(allow_null=True, help_text="Null under a pseudonym.")
    name = s.CharField(help_text="The real name, or the pseudonym the narrator chose.")


class CollectionRef(s.Serializer):
    code = s.CharField()
    name = s.CharField()


class SubjectRef(s.Serializer):
    id = s.IntegerField()
    label = s.CharField()


class SegmentTranslation(s.Serializer):
    language = s.CharField(help_text="ISO 639 code, e.g. ko, ja, en.")
    title = s.CharField()
    synopsis = s.CharField(allow_blank=True)
    keywords = s.ListField(child=s.CharField())


class SegmentLink(s.Serializer):
    url = s.URLField(help_text="An http or https address.")
    text = s.CharField(allow_blank=True)


class Segment(s.Serializer):
    id = s.IntegerField()
    testimony = s.IntegerField()
    start = s.CharField(help_text="hh:mm:ss")
    end = s.CharField(help_text="hh:mm:ss")
    title = s.CharField()
    synopsis = s.CharField(allow_blank=True)
    transcript_excerpt = s.CharField(allow_null=True, allow_blank=True)
    keywords = s.ListField(child=s.CharField(), help_text="Free keywords beside the subjects.")
    translations = SegmentTranslation(
        many=True, help_text="The title, synopsis and keywords in other languages."
    )
    links = SegmentLink(many=True, help_text="Pages elsewhere that the segment points to.")
    subjects = SubjectRef(many=True)
    places = Ref(many=True)
    people = PersonRef(many=True)


class Cue(s.Serializer):
    start = s.CharField(help_text="hh:mm:ss")
    end = s.CharField(help_text="hh:mm:ss")
    speaker = s.CharField(allow_null=True)
    text = s.CharField()


class Transcript(s.Serializer):
    id = s.IntegerField()
    language = s.CharField()
    translation_of = s.IntegerField(allow_null=True)
    translator = s.CharField(allow_null=True)
    timed = s.BooleanField(help_text="Whether the transcript is a sequence of timed cues.")
    cues = Cue(
        many=True,
        allow_null=True,
        help_text="A timed transcript's cues, in time order. Cues that touch a closed range "
        "(a closed segment or a sealed range) are left out whole. Null when untimed.",
    )
    text = s.CharField(
        allow_null=True,
        allow_blank=True,
        help_text="The text: a timed transcript's cues sent, one per line; an untimed "
        "transcript's whole text. Null when withheld.",
    )
    withheld = s.ChoiceField(
        choices=["untimed_with_closed_ranges"],
        allow_null=True,
        help_text="Why the text is withheld: `untimed_with_closed_ranges`, an untimed "
        "transcript of a testimony with a closed range (its closed passages cannot be cut "
        "out).",
    )


class MediaLinks(s.Serializer):
    file = s.CharField(
        required=False,
        help_text="The recording's access copy (audio, video); Range requests work. Answers "
        "503 `recording_preparing` (with Retry-After) when the closed ranges changed since "
        "the link was issued and the new copy is not ready yet.",
    )
    web = s.CharField(required=False, help_text="An image's web-size copy (JPEG, no metadata).")
    thumbnail = s.CharField(required=False, help_text="An image's thumbnail (JPEG).")


class Media(s.Serializer):
    id = s.IntegerField()
    kind = s.CharField()
    status = s.ChoiceField(
        choices=["ready", "preparing"],
        allow_null=True,
        help_text="Recordings: `ready` when the access copy is linked; `preparing` while it "
        "is being made (no link yet: ask again shortly). Null for other files. A recording "
        "leaves only as an access copy (AAC in M4A, or H.264/AAC in MP4) in which every range "
        "closed to you is silence (and black picture), with the same duration and timecodes.",
    )
    content_type = s.CharField(allow_null=True)
    size = s.IntegerField(allow_null=True)
    duration = s.CharField(allow_null=True)
    description = s.CharField(allow_null=True)
    width = s.IntegerField(allow_null=True)
    height = s.IntegerField(allow_null=True)
    links = MediaLinks(
        help_text="Signed links, valid until links_expire_at; consent is checked again on "
        "each fetch. Documents have none."
    )
    links_expire_at = s.DateTimeField(allow_null=True)


class Testimony(s.Serializer):
    id = s.IntegerField()
    catalogue_id = s.CharField()
    title = s.CharField()
    narrator = Narrator(allow_null=True, help_text="Null for an anonymous testimony.")
    recorded = UncertainDate()
    place = Ref(allow_null=True)
    languages = s.ListField(child=s.CharField())
    duration = s.CharField(allow_null=True)
    collection = CollectionRef()
    summary = s.CharField(allow_blank=True)
    updated_at = s.DateTimeField()


class Captions(s.Serializer):
    transcript = s.IntegerField()
    language = s.CharField()
    url = s.CharField(help_text="The transcript's cues as WebVTT captions (text/vtt).")


class Exports(s.Serializer):
    ohms = s.CharField(help_text="OHMS XML 6.0 (`?translation=<language>` picks the _alt).")
    iiif_manifest = s.CharField(help_text="IIIF Presentation 3 manifest.")
    chapters = s.CharField(help_text="The segments as WebVTT chapters (text/vtt).")
    citation = s.CharField(help_text="Chicago, CSL-JSON and BibTeX citations.")
    captions = Captions(many=True)


class TestimonyDetail(Testimony):
    interviewers = Ref(many=True)
    segments = Segment(many=True)
    transcripts = Transcript(many=True, allow_null=True, help_text="Null when withheld.")
    media = Media(many=True)
    exports = Exports(help_text="The same testimony in the archive world's formats, for you.")


class NameVariant(s.Serializer):
    name = s.CharField()
    kind = s.CharField()
    script = s.CharField()
    language = s.CharField(allow_null=True)
    romanisation = s.CharField(allow_null=True)


class Residence(s.Serializer):
    country = s.CharField(allow_null=True)
    place = Ref(allow_null=True)
    period = UncertainDate()
    is_current = s.BooleanField()


class LifeEvent(s.Serializer):
    kind = s.CharField()
    date = UncertainDate()
    place = Ref(allow_null=True)
    description = s.CharField(allow_null=True)


class Returnee(s.Serializer):
    voyage = s.IntegerField(allow_null=True)
    departed = UncertainDate()
    departure_port = Ref(allow_null=True)
    arrival_port = Ref(allow_null=True)
    status_at_departure = s.CharField()
    fate = s.CharField()
    life_events = LifeEvent(many=True)


class Person(s.Serializer):
    id = s.IntegerField()
    preferred_name = s.CharField()
    names = NameVariant(many=True)
    birth = UncertainDate()
    death = UncertainDate()
    is_public_figure = s.BooleanField()
    updated_at = s.DateTimeField()


class PersonDetail(Person):
    residences = Residence(many=True)
    returnee = Returnee(allow_null=True)
    testimonies = s.ListField(child=s.IntegerField())
    families = s.ListField(child=s.IntegerField())
    photos = Media(many=True)


class Relation(s.Serializer):
    kind = s.CharField(help_text="This member is the <kind> of the relative.")
    relative = s.IntegerField()


class FamilyMember(s.Serializer):
    id = s.IntegerField(allow_null=True, help_text="Null for a member who may not be named.")
    name = s.CharField(allow_null=True)
    relationships = Relation(many=True)


class Family(s.Serializer):
    id = s.IntegerField()
    name = s.CharField()
    members = FamilyMember(many=True)


class PlaceName(s.Serializer):
    name = s.CharField()
    script = s.CharField()
    language = s.CharField(allow_null=True)
    romanisation = s.CharField(allow_null=True)


class Place(s.Serializer):
    id = s.IntegerField()
    name = s.CharField()
    kind = s.CharField()
    parent = Ref(allow_null=True)
    latitude = s.FloatField(allow_null=True)
    longitude = s.FloatField(allow_null=True)
    geonames_id = s.IntegerField(allow_null=True)
    names = PlaceName(many=True)


class Organisation(s.Serializer):
    id = s.IntegerField()
    name = s.CharField()
    kind = s.CharField()
    url = s.CharField(allow_null=True)
    names = PlaceName(many=True)


class SubjectLabel(s.Serializer):
    label = s.CharField()
    language = s.CharField()


class Subject(s.Serializer):
    id = s.IntegerField()
    label = s.CharField()
    broader = SubjectRef(allow_null=True)
    scope_note = s.CharField(allow_blank=True)
    labels = SubjectLabel(many=True)


class Voyage(s.Serializer):
    id = s.IntegerField()
    number = s.IntegerField()
    ship = s.CharField(allow_null=True)
    departed = UncertainDate()
    arrived = UncertainDate()
    departure_port = Ref(allow_null=True)
    arrival_port = Ref(allow_null=True)
    passengers = s.IntegerField(allow_null=True)


class Collection(s.Serializer):
    id = s.IntegerField()
    code = s.CharField()
    name = s.CharField()
    description = s.CharField(allow_blank=True)


class Contributor(s.Serializer):
    name = s.CharField()
    role = s.CharField()


class Fact(s.Serializer):
    statement = s.CharField()
    figure = s.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    unit = s.CharField(allow_null=True)
    subjects = SubjectRef(many=True)


class Citation(s.Serializer):
    chicago = s.CharField()
    csl_json = s.DictField()
    bibtex = s.CharField()


class Article(s.Serializer):
    id = s.IntegerField()
    title = s.CharField()
    kind = s.CharField()
    outlet = s.CharField()
    published = UncertainDate()
    language = s.CharField()
    url = s.CharField(allow_null=True)
    summary = s.CharField()
    contributors = Contributor(many=True)
    people = Ref(many=True)
    places = Ref(many=True)
    organisations = Ref(many=True)
    subjects = SubjectRef(many=True)
    facts = Fact(many=True)
    citation = Citation()
    files = Media(many=True, help_text="Images and scans of the article.")


class Change(s.Serializer):
    type = s.ChoiceField(choices=["testimony", "person", "family"])
    id = s.IntegerField()
    action = s.ChoiceField(
        choices=["upsert", "delete"],
        help_text="upsert: fetch the record again; delete: remove every copy you hold.",
    )
    at = s.DateTimeField(allow_null=True)


class ChangeFeed(s.Serializer):
    since = s.DateTimeField()
    until = s.DateTimeField()
    changes = Change(many=True)
