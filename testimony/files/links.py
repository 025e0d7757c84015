"""Short-lived signed links to files, for the audience they were issued to.

The link names the file, the copy (a recording itself, or an image's web-size
copy or thumbnail: an image's original never leaves the archive) and the
audience. Whoever holds it may fetch that copy until it expires, and only while
the disclosure rules still let that audience see the file: the view asks them
again on every fetch.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from testimony.disclosure import PARTNER, Audience
from testimony.models import MediaFile, PartnerOrganisation

SALT = "testimony.files.link"
RECORDING, WEB, THUMBNAIL = "file", "web", "thumbnail"
# The lasting address of each copy (``media/<id>/<name>``), for the exports.
LASTING = {"content": RECORDING, "web": WEB, "thumbnail": THUMBNAIL}


def copies(media: MediaFile) -> tuple[str, ...]:
    """The copies of a file that may be linked from outside."""
    if media.kind in (MediaFile.Kind.AUDIO, MediaFile.Kind.VIDEO):
        return (RECORDING,)
    if media.is_image:
        return (WEB, THUMBNAIL)
    return ()


def _audience_key(audience: Audience) -> str:
    return f"partner:{audience.partner.pk}" if audience.kind == PARTNER else "public"


def link(audience: Audience, media: MediaFile, copy: str, request=None) -> str:
    token = signing.TimestampSigner(salt=SALT).sign_object(
        [media.pk, copy, _audience_key(audience)]
    )
    path = reverse("v1:file", args=[token])
    return request.build_absolute_uri(path) if request is not None else path


def lasting(media_id: int, copy: str, request=None) -> str:
    """The address of a copy that does not expire: it answers for whoever asks
    (a partner with its token), with consent checked on every fetch."""
    name = next(name for name, value in LASTING.items() if value == copy)
    path = reverse("v1:media-copy", args=[media_id, name])
    return request.build_absolute_uri(path) if request is not None else path


def expiry():
    return timezone.now() + timedelta(seconds=settings.MEDIA_LINK_SECONDS)


class BadLink(Exception):
    pass


def resolve(token: str) -> tuple[int, str, Audience]:
    """The file id, copy and audience a link was issued for; BadLink when it is
    forged, expired, or its partner is no longer active."""
    try:
        pk, copy, key = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=settings.MEDIA_LINK_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadLink from exc
    if key == "public":
        return pk, copy, Audience.public()
    partner = PartnerOrganisation.objects.filter(
        pk=int(key.split(":", 1)[1]), is_active=True
    ).first()
    if partner is None:
        raise BadLink
    return pk, copy, Audience.for_partner(partner)
