"""Spans of a recording's timeline, and the sets of them that closures make.

A span is half-open, [start, end): a cue that ends where a closed range starts
does not touch it. ``end`` None stands for "to the end, wherever that is", as
an untimed transcript does: it touches every closure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

Span = tuple[timedelta, timedelta | None]


def merged(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Overlapping and adjacent spans joined, in order."""
    result: list[list] = []
    for start, end in sorted(spans, key=lambda span: span[0]):
        if result and (result[-1][1] is None or start <= result[-1][1]):
            if result[-1][1] is not None and (end is None or end > result[-1][1]):
                result[-1][1] = end
            continue
        result.append([start, end])
    return tuple((start, end) for start, end in result)


@dataclass(frozen=True)
class Closures:
    """The closed spans of one recording, merged."""

    spans: tuple[Span, ...] = ()

    @classmethod
    def of(cls, spans: Iterable[Span]) -> Closures:
        return cls(merged(spans))

    def __bool__(self) -> bool:
        return bool(self.spans)

    def touches(self, start: timedelta, end: timedelta | None) -> bool:
        """Whether any closed span overlaps [start, end)."""
        return any(
            (end is None or closed_start < end) and (closed_end is None or start < closed_end)
            for closed_start, closed_end in self.spans
        )

    def covers(self, start: timedelta, end: timedelta | None) -> bool:
        """Whether [start, end) lies wholly inside closed time."""
        return any(
            closed_start <= start
            and (closed_end is None or (end is not None and end <= closed_end))
            for closed_start, closed_end in self.spans
        )


def overlapping(spans: Iterable[tuple[timedelta, timedelta, object]]) -> list[tuple]:
    """Pairs of (start, end, label) spans that share time, in order of start.

    Half-open like every span here: one that ends where the next starts does
    not overlap it. Two spans with the same start and end are a pair too.
    """
    pairs = []
    latest = None  # the span reaching furthest so far
    for span in sorted(spans, key=lambda span: (span[0], span[1])):
        if latest is not None and span[0] < latest[1]:
            pairs.append((latest, span))
        if latest is None or span[1] > latest[1]:
            latest = span
    return pairs
