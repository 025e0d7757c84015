"""A generated recording: a minute of quiet tone as a WAV file."""

import io
import math
import wave


def wav_bytes(seconds: int = 60, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(
            bytes(
                128 + int(8 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(seconds * rate)
            )
        )
    return buffer.getvalue()
