"""Recordings made and measured with PyAV: a few seconds of speech-like sound
(a voiced tone with a syllable rhythm) and of video with a bright picture."""

import io
from fractions import Fraction

import av
import numpy as np

RATE = 48_000
FPS = 25


def speech(seconds: float, rate: int = RATE) -> np.ndarray:
    """Float samples in [-1, 1]: never silent for long, like speech."""
    t = np.arange(int(seconds * rate)) / rate
    envelope = 0.6 + 0.4 * np.sin(2 * np.pi * 3 * t)
    return (0.4 * np.sin(2 * np.pi * 180 * t) * envelope).astype(np.float32)


def wav(seconds: float, rate: int = RATE) -> bytes:
    """A mono 16-bit WAV file, as archives keep masters."""
    out = io.BytesIO()
    with av.open(out, "w", format="wav") as container:
        stream = container.add_stream("pcm_s16le", rate=rate, layout="mono")
        samples = (speech(seconds, rate) * 32767).astype(np.int16)
        for start in range(0, len(samples), 4096):
            chunk = samples[start : start + 4096].reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="mono")
            frame.sample_rate = rate
            frame.pts = start
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return out.getvalue()


def mp4_video(seconds: float, size=(160, 120), rate: int = RATE) -> bytes:
    """H.264 video of a bright grey picture with a speech-like AAC sound track."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = size[0], size[1], "yuv420p"
        audio = container.add_stream("aac", rate=rate, layout="mono")
        picture = np.full((size[1], size[0], 3), 200, dtype=np.uint8)
        for index in range(int(seconds * FPS)):
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, FPS)
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        samples = speech(seconds, rate)
        for start in range(0, len(samples), 1024):
            frame = av.AudioFrame.from_ndarray(
                samples[start : start + 1024].reshape(1, -1), format="flt", layout="mono"
            )
            frame.sample_rate, frame.pts = rate, start
            container.mux(audio.encode(frame))
        container.mux(audio.encode(None))
    return out.getvalue()


def decoded_sound(data: bytes) -> tuple[np.ndarray, int]:
    """The first sound track's samples (first channel, floats in [-1, 1]) and rate."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=stream.rate)
        chunks = [
            out.to_ndarray()[0]
            for frame in container.decode(stream)
            for out in resampler.resample(frame)
        ]
        chunks += [out.to_ndarray()[0] for out in resampler.resample(None)]
        return np.concatenate(chunks), stream.rate


def decoded_brightness(data: bytes) -> list[tuple[float, float]]:
    """(time in seconds, mean luma 0-255) of each video frame."""
    with av.open(io.BytesIO(data)) as container:
        stream = container.streams.video[0]
        return [
            (float(frame.pts * stream.time_base), float(frame.to_ndarray(format="gray").mean()))
            for frame in container.decode(stream)
        ]


def dbfs(samples: np.ndarray) -> float:
    """RMS level in dB relative to full scale (-inf for digital silence)."""
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    return 20 * np.log10(rms) if rms > 0 else float("-inf")
