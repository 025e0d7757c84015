"""A transcript split into passages for search, at the edges of every closure.

Each passage is a run of cues that every closure of the testimony either
touches in full or not at all (a cue that straddles a closure's edge goes with
the closure), so that the search can judge a passage by its span alone, for
any audience on any day. An untimed transcript is one passage spanning the
whole recording: any closure touches it.
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import timedelta

from testimony.timeline import Span


@dataclass(frozen=True)
class Passage:
    start: timedelta
    end: timedelta | None
    text: str


def split(cues, closures: list[Span]) -> list[Passage]:
    """The passages of timed ``cues`` (in time order) given every closure of
    the testimony, whoever it closes and until when."""
    edges = sorted({edge for span in closures for edge in span if edge is not None})
    passages: list[Passage] = []
    run: list = []
    key = None
    for cue in cues:
        touching = frozenset(
            index
            for index, (start, end) in enumerate(closures)
            if start < cue.end and (end is None or cue.start < end)
        )
        # Open cues on either side of a closure stay apart even when no cue
        # touches it, so that no open passage spans closed time.
        cue_key = (touching, None if touching else bisect_right(edges, cue.start))
        if run and cue_key != key:
            passages.append(_passage(run))
            run = []
        run.append(cue)
        key = cue_key
    if run:
        passages.append(_passage(run))
    return passages


def _passage(cues) -> Passage:
    return Passage(
        start=min(c.start for c in cues),
        end=max(c.end for c in cues),
        text="\n".join(c.text for c in cues),
    )


def untimed(text: str) -> list[Passage]:
    return [Passage(start=timedelta(0), end=None, text=text)] if text.strip() else []
