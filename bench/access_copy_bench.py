"""Making the access copy of a long recording, as a worker makes it.

Usage (see bench/README.md):
    make bench-access-copy        # or: .venv/bin/python bench/access_copy_bench.py [minutes ...]

For each length (by default 30 and 120 minutes) a mono 48 kHz 16-bit WAV of
speech-like sound (voiced syllables with pauses and breath noise) is written to
a temporary folder, and a child process that loads what a worker loads (Django
and the job modules) makes its redacted copy with three closed ranges. Printed:
wall time, how many times faster than real time, and the child's peak resident
memory (from the kernel's accounting of the finished process). No database is
needed: the copy is made from the file alone.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RATE = 48_000


def speech_minute(rng: np.random.Generator) -> bytes:
    """One minute of speech-like sound: syllables of a gliding voiced tone at
    four or five a second, phrases broken by pauses, a little noise throughout."""
    t = np.arange(60 * RATE) / RATE
    pitch = 140 + 40 * np.sin(2 * np.pi * 0.3 * t + rng.uniform(0, 6))
    voiced = np.sin(2 * np.pi * np.cumsum(pitch) / RATE)
    voiced += 0.5 * np.sin(4 * np.pi * np.cumsum(pitch) / RATE)
    syllables = np.clip(np.sin(2 * np.pi * rng.uniform(4, 5) * t), 0, None) ** 2
    phrases = (np.sin(2 * np.pi * t / rng.uniform(5, 8)) > -0.6).astype(float)
    sound = 0.3 * voiced * syllables * phrases + 0.01 * rng.standard_normal(t.size)
    return (np.clip(sound, -1, 1) * 32767).astype("<i2").tobytes()


def write_recording(path: Path, minutes: int) -> None:
    rng = np.random.default_rng(1959)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        for _ in range(minutes):
            out.writeframes(speech_minute(rng))


def closed_spans(minutes: int) -> list[tuple[float, float]]:
    """Three closed ranges, spread over the recording: 2, 5 and 3 minutes long
    (a tenth of those for recordings under 30 minutes)."""
    length = minutes * 60
    scale = 1 if minutes >= 30 else 0.1
    return [
        (0.1 * length, 0.1 * length + 120 * scale),
        (0.45 * length, 0.45 * length + 300 * scale),
        (0.8 * length, 0.8 * length + 180 * scale),
    ]


def make_copy(source: str, destination: str, spans: str) -> None:
    """In the child: load what a worker loads, then make the copy."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    import testimony.tasks  # noqa: F401 - a worker's modules
    from testimony.recordings.redact import redact

    began = time.perf_counter()
    made = redact(source, destination, [tuple(span) for span in json.loads(spans)])
    print(json.dumps({"seconds": time.perf_counter() - began, "duration": made.duration}))


def measure(minutes: int, work: Path) -> dict:
    source, destination = work / f"{minutes}.wav", work / f"{minutes}.m4a"
    write_recording(source, minutes)
    spans = json.dumps(closed_spans(minutes))
    child = subprocess.Popen(
        [sys.executable, __file__, "--copy", str(source), str(destination), spans],
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"the copy of {minutes} minutes failed")
    result = json.loads(output)
    source.unlink()
    size = destination.stat().st_size
    destination.unlink()
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "minutes": minutes,
        "seconds": result["seconds"],
        "times_real_time": minutes * 60 / result["seconds"],
        "cpu_seconds": cpu,
        "times_real_time_cpu": minutes * 60 / cpu,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "copy_mb": size / 1e6,
        "duration_error_s": abs(result["duration"] - minutes * 60),
    }


def main(lengths: list[int]) -> None:
    print(f"access copies, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        "| recording | wall (s) | × real time (wall) | CPU (s) | × real time (CPU) "
        "| worker peak RSS (MB) | copy (MB) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for minutes in lengths:
            row = measure(minutes, Path(folder))
            print(
                f"| {minutes} min mono 48 kHz | {row['seconds']:.1f} | "
                f"{row['times_real_time']:.0f} | {row['cpu_seconds']:.1f} | "
                f"{row['times_real_time_cpu']:.0f} | {row['peak_rss_mb']:.0f} | "
                f"{row['copy_mb']:.1f} |",
                flush=True,
            )
            assert row["duration_error_s"] < 0.03, row
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--copy"]:
        make_copy(*sys.argv[2:5])
    else:
        main([int(arg) for arg in sys.argv[1:]] or [30, 120])
