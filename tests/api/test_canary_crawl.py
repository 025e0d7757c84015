"""Property-based leak test.

Hypothesis draws random consent configurations. Every value that an audience
may not see carries a canary naming that audience (``!NOT-public!``,
``!NOT-partner!``): narrators' names, pseudonyms, relatives, closed segments,
words spoken in closed or sealed ranges of timed transcripts and translations,
untimed transcripts of testimonies with a closed range,
transcripts, media descriptions and file names, staff notes, consent forms.
Then every GET route the schema lists is crawled as the public and as a
partner (lists, details, nested records, filters, searches, the change feed,
every export, the files' lasting addresses and error responses), and no
canary for the caller may appear in any body or header. Searching for a
withheld value, or filtering by a hidden person, must find nothing.
"""

import datetime
import itertools
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from catalog.models import Person
from catalog.models.base import staff_only_fields
from testimony.models import (
    ConsentRecord,
    MediaFile,
    SegmentLink,
    SegmentTranslation,
    SendBack,
    Transcript,
)
from testimony.publication import Blocked, release
from testimony.services import record_consent
from testimony.transcripts.formats import CueData
from testimony.transcripts.services import replace_cues
from tests.api.conftest import ApiClient, released, token_for
from tests.factories import (
    CollectionFactory,
    FamilyFactory,
    FamilyMemberFactory,
    MediaFileFactory,
    OrganisationFactory,
    PartnerFactory,
    PersonFactory,
    PlaceFactory,
    RelationshipFactory,
    ResidenceFactory,
    ReturneeFactory,
    SealedRangeFactory,
    SegmentFactory,
    SourceArticleFactory,
    SubjectFactory,
    TestimonyFactory,
    TranscriptFactory,
    UserFactory,
    VoyageFactory,
)

AUDIENCES = ("public", "partner")
SCHEMA = yaml.safe_load((Path(settings.BASE_DIR) / "config" / "openapi.yaml").read_text())
counter = itertools.count()

consents = st.fixed_dictionaries(
    {
        "exists": st.sampled_from([True, True, True, False]),
        "status": st.sampled_from(["published", "published", "published", "in_review", "draft"]),
        "access": st.sampled_from(["closed", "named_partners", "all_partners", "public"]),
        "named": st.booleans(),
        "in_scope": st.booleans(),
        "name": st.sampled_from(["real_name", "pseudonym", "anonymous"]),
        "audio": st.sampled_from(["none", "partners", "public"]),
        "photos": st.sampled_from(["none", "partners", "public"]),
        "transcript": st.sampled_from(["none", "partners", "public"]),
        "embargo": st.sampled_from([None, None, "past", "future"]),
        "withdrawn": st.sampled_from([False, False, False, True]),
    }
)
OPEN_TO_ALL = {
    "exists": True,
    "status": "published",
    "access": "public",
    "named": True,
    "in_scope": True,
    "name": "real_name",
    "audio": "public",
    "photos": "public",
    "transcript": "public",
    "embargo": None,
    "withdrawn": False,
}
worlds = st.fixed_dictionaries(
    {"testimonies": st.lists(consents, min_size=1, max_size=3), "scoped": st.booleans()}
)


def canary(label: str, hidden_from: set[str]) -> str:
    marks = "".join(f" !NOT-{audience}!" for audience in sorted(hidden_from))
    return f"{label}-{next(counter)}{marks}"


def sees(config: dict, audience: str, scoped: bool) -> bool:
    """The oracle: may ``audience`` see this testimony at all?"""
    if not config["exists"] or config["status"] != "published" or config["withdrawn"]:
        return False
    if config["embargo"] == "future":
        return False
    if scoped and audience == "partner" and not config["in_scope"]:
        return False
    access = config["access"]
    if audience == "public":
        return access == "public"
    return access in ("public", "all_partners") or (access == "named_partners" and config["named"])


def medium_open(value: str, audience: str) -> bool:
    return value == "public" or (value == "partners" and audience == "partner")


def hidden(allowed: dict[str, bool]) -> set[str]:
    """The audiences that may not see a value, given who may."""
    return {audience for audience in AUDIENCES if not allowed[audience]}


def build(world, partner):
    """Create the world; return the ids to crawl, the withheld values to search
    for, and the testimonies each audience must see (so that no crawl passes by
    seeing nothing)."""
    mine, theirs = CollectionFactory(), CollectionFactory()
    if world["scoped"]:
        partner.collections.set([mine])
    subject = SubjectFactory()
    ids = {"testimonies": [], "people": [], "segments": []}
    withheld = []
    seen = {audience: set() for audience in AUDIENCES}
    for config in world["testimonies"]:
        visible = {a: sees(config, a, world["scoped"]) for a in AUDIENCES}
        seen_by = {a for a in AUDIENCES if visible[a]}
        named = config["name"] == "real_name"
        narrator_name = canary("Narrator", hidden({a: visible[a] and named for a in AUDIENCES}))
        narrator = PersonFactory(
            preferred_name=narrator_name, notes=canary("PersonNote", set(AUDIENCES))
        )
        testimony = TestimonyFactory(
            narrator=narrator,
            status=config["status"],
            collection=mine if config["in_scope"] else theirs,
            title=canary("Title", hidden(visible)),
            summary=canary("Summary", hidden(visible)),
        )
        relative = PersonFactory(preferred_name=canary("Relative", set(AUDIENCES)))
        ResidenceFactory(person=relative, country="KP", place=None)
        RelationshipFactory(person=relative, relative=narrator, kind="sibling")
        transcript_open = {
            a: visible[a] and medium_open(config["transcript"], a) for a in AUDIENCES
        }
        open_segment = SegmentFactory(
            testimony=testimony,
            title=canary("Segment", hidden(visible)),
            transcript_excerpt=canary("Excerpt", hidden(transcript_open)),
            synopsis=f"Spoke of {relative.preferred_name} at home.",
            people=[relative, narrator],
            subjects=[subject],
            keywords=[canary("Keyword", hidden(visible)), relative.preferred_name],
        )
        translation = SegmentTranslation.objects.create(
            segment=open_segment,
            language="en",
            title=canary("SegmentTranslation", hidden(visible)),
            synopsis=f"About {relative.preferred_name}.",
            keywords=[relative.preferred_name],
        )
        SegmentLink.objects.create(
            segment=open_segment, url="https://example.org/a", text=canary("Link", hidden(visible))
        )
        closed_segment = SegmentFactory(
            testimony=testimony,
            start=datetime.timedelta(minutes=10),
            end=datetime.timedelta(minutes=15),
            is_closed=True,
            title=canary("Closed", set(AUDIENCES)),
            synopsis=canary("ClosedSynopsis", set(AUDIENCES)),
            closed_reason=canary("ClosedReason", set(AUDIENCES)),
            people=[relative],
            keywords=[canary("ClosedKeyword", set(AUDIENCES))],
        )
        SegmentTranslation.objects.create(
            segment=closed_segment,
            language="ko",
            title=canary("ClosedTranslation", set(AUDIENCES)),
            keywords=[canary("ClosedTranslatedKeyword", set(AUDIENCES))],
        )
        SegmentLink.objects.create(
            segment=closed_segment,
            url="https://example.org/closed",
            text=canary("ClosedLink", set(AUDIENCES)),
        )
        TranscriptFactory(testimony=testimony, text=canary("Transcript", hidden(transcript_open)))
        withheld += timed_transcript(testimony, transcript_open)
        for kind, value in (
            ("audio", config["audio"]),
            ("photo", config["photos"]),
            ("document", "none"),
        ):
            MediaFileFactory(
                testimony=testimony,
                kind=kind,
                original_name=canary("FileName", set(AUDIENCES)),
                file=ContentFile(b"x", name=f"{canary('Stored', set(AUDIENCES)).split()[0]}.bin"),
                description=canary(
                    "Media", hidden({a: visible[a] and medium_open(value, a) for a in AUDIENCES})
                ),
            )
        if config["exists"]:
            today = timezone.localdate()
            embargo = {None: None, "past": today, "future": today + datetime.timedelta(days=9)}
            consent = ConsentRecord(
                testimony=testimony,
                given_on=today,
                method="written",
                access="closed" if config["withdrawn"] else config["access"],
                name_disclosure=config["name"],
                pseudonym=canary("Pseudonym", hidden(visible))
                if config["name"] == "pseudonym"
                else "",
                audio=config["audio"],
                photos=config["photos"],
                transcript=config["transcript"],
                embargo_until=embargo[config["embargo"]],
                withdrawn=config["withdrawn"],
                withdrawal_reason=canary("WithdrawalReason", set(AUDIENCES))
                if config["withdrawn"]
                else "",
                notes=canary("ConsentNote", set(AUDIENCES)),
            )
            record_consent(consent, partners=[partner] if config["named"] else [])
            MediaFileFactory(
                testimony=None,
                consent=consent,
                kind="document",
                original_name=canary("ConsentForm", set(AUDIENCES)),
                description=canary("ConsentFormNote", set(AUDIENCES)),
                file=ContentFile(b"%PDF", name="form.pdf"),
            )
        if config["exists"] and config["status"] == "published":
            # The relative's name typed into a synopsis blocks a release to anyone; the
            # reviewer redacts it, then releases what was entered and sends
            # back a later copy.
            if seen_by:
                with pytest.raises(Blocked) as blocked:
                    release(testimony)
                assert relative.pk in {hit.person_id for hit in blocked.value.hits}
            open_segment.synopsis = "Spoke of [sibling] at home."
            open_segment.keywords[1] = "[sibling]"
            open_segment.save(update_fields=["synopsis", "keywords"])
            translation.synopsis, translation.keywords = "About [sibling].", ["[sibling]"]
            translation.save()
            released(testimony, note=canary("ReleaseNote", set(AUDIENCES)))
            SendBack.objects.create(
                testimony=testimony,
                sent_by=UserFactory(),
                note=canary("SendBackNote", set(AUDIENCES)),
            )
        ids["testimonies"].append(testimony.pk)
        for audience in seen_by:
            seen[audience].add(testimony.pk)
        ids["people"] += [narrator.pk, relative.pk]
        ids["segments"] += [open_segment.pk, closed_segment.pk]
        withheld += [
            (relative.preferred_name, set(AUDIENCES)),
            (closed_segment.title, set(AUDIENCES)),
            (closed_segment.keywords[0], set(AUDIENCES)),
            (narrator_name, hidden({a: visible[a] and named for a in AUDIENCES})),
        ]
    reference_records(list(Person.objects.filter(pk__in=ids["people"])))
    return ids, withheld, seen


# Every staff-only field (catalog.models.base.STAFF_ONLY) the crawl fills with
# a canary hidden from every audience; test_the_crawl_knows_every_staff_only_field
# fails when a new one is not among them.
STAFF_ONLY_FILLED = {
    ("catalog.Family", "notes"),
    ("catalog.Organisation", "notes"),
    ("catalog.Person", "notes"),
    ("catalog.Place", "notes"),
    ("catalog.Returnee", "notes"),
    ("catalog.SourceArticle", "notes"),
    ("catalog.Voyage", "notes"),
    ("testimony.ConsentRecord", "notes"),
    ("testimony.ConsentRecord", "withdrawal_reason"),
    ("testimony.Release", "note"),
    ("testimony.SealedRange", "reason"),
    ("testimony.Segment", "closed_reason"),
    ("testimony.SendBack", "note"),
}


def reference_records(people):
    """Public records whose staff-only notes must never leave, around the people
    of the world (a returnee's voyage, a family, an article that names them)."""
    hidden_from_all = set(AUDIENCES)
    place = PlaceFactory(notes=canary("PlaceNote", hidden_from_all))
    voyage = VoyageFactory(departure_port=place, notes=canary("VoyageNote", hidden_from_all))
    ReturneeFactory(person=people[0], voyage=voyage, notes=canary("ReturneeNote", hidden_from_all))
    OrganisationFactory(notes=canary("OrganisationNote", hidden_from_all))
    article = SourceArticleFactory(notes=canary("ArticleNote", hidden_from_all))
    article.people.set(people)
    family = FamilyFactory(notes=canary("FamilyNote", hidden_from_all))
    for person in people:
        FamilyMemberFactory(family=family, person=person)


def test_the_crawl_knows_every_staff_only_field():
    assert set(staff_only_fields()) == STAFF_ONLY_FILLED


def timed_transcript(testimony, transcript_open):
    """A timed transcript and its timed translation: words in the open, inside
    the closed segment (10-15 min), across its edge, inside a range sealed from
    everyone (20-25) and one sealed from the public only (30-31); an untimed
    translation, withheld whole while any range is closed. Returns the withheld
    words, to be searched for."""
    minute = datetime.timedelta(minutes=1)
    SealedRangeFactory(
        testimony=testimony,
        start=20 * minute,
        end=25 * minute,
        reason=canary("SealReason", set(AUDIENCES)),
    )
    SealedRangeFactory(
        testimony=testimony,
        start=30 * minute,
        end=31 * minute,
        sealed_from="public",
        reason=canary("SealReason", set(AUDIENCES)),
    )
    partners_only = {"public": False, "partner": transcript_open["partner"]}
    words = [
        (2, canary("OpenCue", hidden(transcript_open))),
        (12, canary("ClosedCue", set(AUDIENCES))),
        (14.9, canary("StraddlingCue", set(AUDIENCES))),
        (22, canary("SealedCue", set(AUDIENCES))),
        (30.5, canary("PublicSealedCue", hidden(partners_only))),
    ]
    original = TranscriptFactory(testimony=testimony, language="ko", text="")
    translation = TranscriptFactory(
        testimony=testimony, language="en", translation_of=original, text=""
    )
    for transcript, suffix in ((original, ""), (translation, " en")):
        cues = [CueData(at * minute, (at + 0.5) * minute, w + suffix) for at, w in words]
        replace_cues(transcript, cues)
    untimed = canary("UntimedTranslation", set(AUDIENCES))
    TranscriptFactory(testimony=testimony, language="fr", translation_of=original, text=untimed)
    return [(w, {a for a in AUDIENCES if f"!NOT-{a}!" in w}) for _, w in words] + [
        (untimed, set(AUDIENCES))
    ]


def crawl_urls(ids):
    """Every GET route in the schema, with the ids of what was made and one that is not."""
    urls = [
        "/api/v1/",
        "/api/v1/nothing/",
        "/api/v1/changes/?since=2000-01-01T00:00:00Z",
        "/api/v1/testimonies/?bogus=1",
        "/api/v1/testimonies/?cursor=bad",
    ]
    by_path = {"testimonies": "testimonies", "people": "people", "segments": "segments"}
    for path in SCHEMA["paths"]:
        if "{id}" not in path:
            if path.endswith("/changes/"):
                continue
            urls.append(path)
            continue
        resource = path.split("/")[3]
        for pk in [*ids.get(by_path.get(resource, ""), []), 999999]:
            urls.append(path.replace("{id}", str(pk)))
    for pk in ids["people"]:
        urls += [f"/api/v1/testimonies/?narrator={pk}", f"/api/v1/segments/?person={pk}"]
    return urls + export_urls(ids)


def export_urls(ids):
    """The interchange routes (not in the JSON schema): every export of every
    testimony, each transcript's captions, each segment's citation, and OAI-PMH
    in both formats (a page holds every record: the world is small)."""
    urls = []
    transcripts = Transcript.objects.filter(testimony_id__in=ids["testimonies"])
    for pk in [*ids["testimonies"], 999999]:
        base = f"/api/v1/testimonies/{pk}/"
        urls += [f"{base}{tail}" for tail in EXPORTS]
        urls += [f"{base}ohms.xml?translation={language}" for language in ("en", "fr", "ko")]
    for testimony_id, pk in transcripts.values_list("testimony_id", "pk"):
        urls.append(f"/api/v1/testimonies/{testimony_id}/transcripts/{pk}.vtt")
    urls += [f"/api/v1/segments/{pk}/citation/" for pk in ids["segments"]]
    files = MediaFile.objects.filter(testimony_id__in=ids["testimonies"]).values_list("pk")
    for (pk,) in [*files, (999999,)]:  # the lasting addresses the exports name
        urls += [f"/api/v1/media/{pk}/{copy}" for copy in ("content", "web", "thumbnail")]
    urls += ["/oai/?verb=Identify", "/oai/?verb=ListSets", "/oai/?verb=ListMetadataFormats"]
    for prefix in ("oai_dc", "ohms"):
        urls += [
            f"/oai/?verb=ListRecords&metadataPrefix={prefix}",
            f"/oai/?verb=ListIdentifiers&metadataPrefix={prefix}",
        ]
        urls += [
            f"/oai/?verb=GetRecord&metadataPrefix={prefix}&identifier=oai:testserver:testimony/{pk}"
            for pk in [*ids["testimonies"], 999999]
        ]
    return urls


EXPORTS = ("ohms.xml", "chapters.vtt", "manifest.json", "citation/")


def assert_no_canary(response, audience, url):
    mark = f"!NOT-{audience}!"
    text = response.content.decode() + " ".join(f"{k}: {v}" for k, v in response.items())
    assert mark not in text, f"{audience} saw a withheld value at {url}"
    preparing = response.status_code == 503 and b"recording_preparing" in response.content
    assert response.status_code < 500 or preparing, url


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=12,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds)
@example(
    world={
        "scoped": False,
        "testimonies": [OPEN_TO_ALL | {"transcript": "none", "photos": "partners"}],
    }
)
@example(
    world={
        "scoped": True,
        "testimonies": [
            OPEN_TO_ALL | {"access": "all_partners", "name": "pseudonym", "transcript": "partners"},
            OPEN_TO_ALL | {"in_scope": False},
        ],
    }
)
@example(
    world={
        "scoped": False,
        "testimonies": [
            OPEN_TO_ALL | {"access": "named_partners", "named": False, "name": "anonymous"},
            OPEN_TO_ALL | {"withdrawn": True},
            OPEN_TO_ALL | {"embargo": "future"},
        ],
    }
)
def test_no_withheld_value_reaches_any_response(world):
    with transaction.atomic(), override_settings(API_PUBLIC_RATE="100000/minute"):
        partner = PartnerFactory(throttle_rate="100000/minute")
        clients = {"public": ApiClient(), "partner": ApiClient(token_for(partner))}
        ids, withheld, seen = build(world, partner)
        urls = crawl_urls(ids)
        for audience, client in clients.items():
            listed = {row["id"] for row in client.json("/api/v1/testimonies/")["results"]}
            assert listed == seen[audience], (audience, listed, seen[audience])
            for url in urls:
                assert_no_canary(client.get(url), audience, url)
            for pk in seen[audience]:  # the exports answer what the audience sees
                for tail in EXPORTS:
                    response = client.get(f"/api/v1/testimonies/{pk}/{tail}")
                    assert response.status_code == 200, (audience, pk, tail)
            for value, hidden_from in withheld:
                if audience not in hidden_from:
                    continue
                term = value.split(" !")[0]
                for path in ("testimonies", "segments", "people", "families"):
                    response = client.get(f"/api/v1/{path}/", {"q": term})
                    assert response.status_code == 200
                    assert response.json()["results"] == [], (audience, path, term)
                response = client.get("/api/v1/search/", {"q": term})
                assert response.status_code == 200
                assert response.json()["results"] == [], (audience, "search", term)
        transaction.set_rollback(True)
