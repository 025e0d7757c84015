"""What was said, and under which consent."""

from testimony.models.access_copies import AccessCopy
from testimony.models.closures import SealedRange
from testimony.models.collections import Collection, PartnerOrganisation
from testimony.models.consent import (
    Access,
    ConsentMethod,
    ConsentRecord,
    MediaAudience,
    NameDisclosure,
)
from testimony.models.cues import Cue
from testimony.models.jobs import JobError
from testimony.models.listing import TestimonyListing
from testimony.models.media import MediaFile
from testimony.models.partners import PartnerFetch, PartnerToken
from testimony.models.releases import (
    Release,
    ReleasedCue,
    ReleasedMedia,
    ReleasedSealedRange,
    ReleasedSegment,
    ReleasedTranscript,
    SendBack,
)
from testimony.models.search import SearchEntry, SearchText
from testimony.models.segments import Segment, SegmentLink, SegmentTranslation
from testimony.models.testimonies import Testimony, Transcript

__all__ = [
    "Access",
    "AccessCopy",
    "Collection",
    "ConsentMethod",
    "ConsentRecord",
    "Cue",
    "JobError",
    "MediaAudience",
    "MediaFile",
    "NameDisclosure",
    "PartnerFetch",
    "PartnerOrganisation",
    "PartnerToken",
    "Release",
    "ReleasedCue",
    "ReleasedMedia",
    "ReleasedSealedRange",
    "ReleasedSegment",
    "ReleasedTranscript",
    "SealedRange",
    "SearchEntry",
    "SearchText",
    "Segment",
    "SegmentLink",
    "SegmentTranslation",
    "SendBack",
    "Testimony",
    "TestimonyListing",
    "Transcript",
]
