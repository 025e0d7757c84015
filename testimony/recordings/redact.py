"""Making a redacted web copy of a recording with PyAV, one frame at a time.

Audio becomes AAC in an M4A container; video becomes H.264 with AAC sound in
MP4. Inside every closed span the sound is digital silence and the picture
black; the timeline is kept sample for sample, so segment and cue times still
match the copy. Memory stays flat however long the recording: nothing but the
frame in hand (and the codecs' own small buffers) is held.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import av
import numpy as np

# Seconds from the start of the recording; an end of None runs to its end.
Span = tuple[float, float | None]

AUDIO_TYPE, VIDEO_TYPE = "audio/mp4", "video/mp4"
AAC_BITRATE_PER_CHANNEL = 64_000
VIDEO_OPTIONS = {"preset": "veryfast", "crf": "23"}


@dataclass(frozen=True)
class Made:
    content_type: str
    extension: str
    duration: float  # seconds of sound (or picture, for a silent video) written


class Unreadable(Exception):
    """The recording could not be decoded."""


class _Silencer:
    """Silences the closed spans of one audio stream, counting its samples
    (the timeline is the samples decoded, from the first)."""

    def __init__(self, spans: Sequence[Span], rate: int):
        self.rate = rate
        self.time_base = Fraction(1, rate)
        self.spans = [(round(s * rate), None if e is None else round(e * rate)) for s, e in spans]
        self.position = 0

    def _closed(self, first: int, last: int) -> list[tuple[int, int]]:
        """The closed sample ranges within [first, last), relative to first."""
        cuts = []
        for start, end in self.spans:
            end = last if end is None else min(end, last)
            start = max(start, first)
            if start < end:
                cuts.append((start - first, end - first))
        return cuts

    def __call__(self, frame: av.AudioFrame) -> av.AudioFrame:
        first = self.position
        self.position += frame.samples
        cuts = self._closed(first, self.position)
        if cuts:
            frame = self._mute(frame, cuts)
        frame.pts, frame.time_base = first, self.time_base
        return frame

    @staticmethod
    def _mute(frame: av.AudioFrame, cuts: list[tuple[int, int]]) -> av.AudioFrame:
        samples = frame.to_ndarray()
        channels = len(frame.layout.channels)
        planar = frame.format.is_planar
        for start, end in cuts:
            if planar:
                samples[:, start:end] = 0
            else:
                samples[:, start * channels : end * channels] = 0
        muted = av.AudioFrame.from_ndarray(samples, format=frame.format.name, layout=frame.layout)
        muted.sample_rate = frame.sample_rate
        return muted


class _Blackout:
    """Replaces the frames of a video stream that start inside a closed span
    with black, keeping their timestamps."""

    def __init__(self, spans: Sequence[Span], stream, width: int, height: int):
        self.spans = spans
        self.time_base = stream.time_base
        self.width, self.height = width, height
        self.first_pts: int | None = None
        black = np.zeros((height, width, 3), dtype=np.uint8)
        self.black = av.VideoFrame.from_ndarray(black, format="rgb24").reformat(format="yuv420p")

    def __call__(self, frame: av.VideoFrame) -> av.VideoFrame:
        pts = frame.pts if frame.pts is not None else 0
        if self.first_pts is None:
            self.first_pts = pts
        pts -= self.first_pts
        at = float(pts * self.time_base)
        if any(start <= at and (end is None or at < end) for start, end in self.spans):
            out = self.black
        else:
            out = frame.reformat(width=self.width, height=self.height, format="yuv420p")
        out.pts, out.time_base = pts, self.time_base
        return out


def _audio_output(container, stream):
    channels = 1 if len(stream.layout.channels) == 1 else 2
    layout = "mono" if channels == 1 else "stereo"
    out = container.add_stream("aac", rate=stream.rate, layout=layout)
    out.format = "fltp"  # the one sample format FFmpeg's AAC encoder takes
    out.bit_rate = AAC_BITRATE_PER_CHANNEL * channels
    return out


def redact(source, destination: str, spans: Sequence[Span]) -> Made:
    """Write the redacted copy of ``source`` (a path or a binary file object) to
    the path ``destination``, silencing (and blacking out) ``spans``."""
    try:
        inp = av.open(source, "r")
    except (av.FFmpegError, OSError) as exc:
        raise Unreadable(str(exc)) from exc
    with inp:
        video = inp.streams.video[0] if inp.streams.video else None
        audio = inp.streams.audio[0] if inp.streams.audio else None
        if video is None and audio is None:
            raise Unreadable("The file holds neither sound nor picture.")
        content_type = VIDEO_TYPE if video is not None else AUDIO_TYPE
        extension = "mp4" if video is not None else "m4a"
        with av.open(destination, "w", format="mp4") as out:
            streams = {}
            if video is not None:
                # H.264 in 4:2:0 wants even sides.
                width = video.codec_context.width // 2 * 2
                height = video.codec_context.height // 2 * 2
                vout = out.add_stream("libx264", rate=video.average_rate or 25)
                vout.width, vout.height, vout.pix_fmt = width, height, "yuv420p"
                vout.time_base = video.time_base
                vout.codec_context.time_base = video.time_base
                vout.options = dict(VIDEO_OPTIONS)
                streams[video] = (vout, _Blackout(spans, video, width, height))
            if audio is not None:
                streams[audio] = (_audio_output(out, audio), _Silencer(spans, audio.rate))
            last_video = 0.0
            try:
                for packet in inp.demux(*streams):
                    target, change = streams[packet.stream]
                    for frame in packet.decode():
                        changed = change(frame)
                        if packet.stream is video:
                            last_video = float((changed.pts + 1) * changed.time_base)
                        out.mux(target.encode(changed))
            except av.FFmpegError as exc:
                raise Unreadable(str(exc)) from exc
            for target, _ in streams.values():
                out.mux(target.encode(None))
        duration = last_video if audio is None else streams[audio][1].position / audio.rate
    return Made(content_type, extension, duration)
