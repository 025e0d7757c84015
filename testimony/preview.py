"""What each outside audience receives of a testimony, now and once released.

Both are read through the disclosure module as the API reads them: "now" from
the released state, "once released" from a release of the working copy made
inside a transaction that is rolled back (``publication.as_if_released``). No
second implementation of any rule: the reviewer sees exactly what the API
would send, and the difference, field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from testimony import disclosure, guard
from testimony.disclosure import Audience
from testimony.interchange.source import with_rights
from testimony.models import PartnerOrganisation, Testimony
from testimony.publication import as_if_released

LINK = "(a signed link, made anew for each request)"
# Stamped by every release: a difference of no interest to the reviewer.
UNCOMPARED = {"updated_at"}


def audiences(partner: PartnerOrganisation | None = None) -> list[tuple[str, Audience]]:
    chosen = [(_("the public"), Audience.public()), (_("partners"), guard.ANY_PARTNER)]
    if partner is not None:
        name = _("partner “%(name)s”") % {"name": partner}
        chosen.append((name, Audience.for_partner(partner)))
    return chosen


def outward(testimony: Testimony, audience: Audience) -> dict | None:
    """The testimony's detail as ``audience`` receives it from the API; None
    when the audience may not see it at all."""
    row = disclosure.testimonies(audience).filter(pk=testimony.pk).first()
    if row is None:
        return None
    # With the rights statement every export sends (``source.with_rights``).
    detail = with_rights(disclosure.present_testimonies(audience, [row]))[0]
    for media in detail["media"]:
        media["links"] = dict.fromkeys(media["links"], LINK)
        media["links_expire_at"] = LINK if media["links_expire_at"] else None
    return detail


@dataclass
class Change:
    path: str
    before: object
    after: object


@dataclass
class AudienceView:
    label: str
    now: dict | None
    released: dict | None
    changes: list[Change] = field(default_factory=list)


def compare(testimony: Testimony, partner: PartnerOrganisation | None = None) -> list[AudienceView]:
    """For each audience: what it receives now, what it would receive once the
    working copy is released, and the difference."""
    chosen = audiences(partner)
    now = {label: outward(testimony, audience) for label, audience in chosen}
    with as_if_released(testimony) as possible:
        after = {
            label: outward(testimony, audience) if possible else None for label, audience in chosen
        }
    return [
        AudienceView(label, now[label], after[label], differences(now[label], after[label]))
        for label, _ in chosen
    ]


def _flat(value, path: str = "") -> dict[str, object]:
    """Leaves of a presented record by path; list items with an id by their id,
    so that an added or removed segment is one change, not a shift of all."""
    if isinstance(value, dict):
        items = {}
        for key, inner in value.items():
            items |= _flat(inner, f"{path}.{key}" if path else key)
        return items or {path: {}}
    if isinstance(value, list):
        items = {}
        for index, inner in enumerate(value):
            mark = f"id={inner['id']}" if isinstance(inner, dict) and "id" in inner else index
            items |= _flat(inner, f"{path}[{mark}]")
        return items or {path: []}
    return {path: value}


def differences(before: dict | None, after: dict | None) -> list[Change]:
    if before is None and after is None:
        return []
    if before is None or after is None:
        return [
            Change(
                "(the whole testimony)",
                "not visible" if before is None else "visible",
                "not visible" if after is None else "visible",
            )
        ]
    old, new = _flat(before), _flat(after)
    return [
        Change(path, old.get(path), new.get(path))
        for path in sorted(old.keys() | new.keys())
        if old.get(path) != new.get(path) and path not in UNCOMPARED
    ]
