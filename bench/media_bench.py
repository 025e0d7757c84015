"""Image derivatives and large uploads: time and memory.

Usage (see bench/README.md):
    DATABASE_URL=postgres://.../bench .venv/bin/python bench/media_bench.py

1. A 24-megapixel JPEG (6000 x 4000): the upload check (verify + full decode) and
   the two derivatives (web copy, thumbnail), each timed, and the peak memory of
   a fresh process doing each step.
2. A 500 MB WAV recording uploaded through the admin to gunicorn (1 worker) over
   loopback, streamed from disk by the client: throughput, and the worker's peak
   memory before and after (it must stay flat: the file is streamed, never read
   whole).
"""

import http.client
import io
import os
import re
import resource
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "8124"))
UPLOAD_MB = int(os.environ.get("BENCH_UPLOAD_MB", "500"))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def big_jpeg() -> bytes:
    from PIL import Image

    noise = Image.effect_noise((6000, 4000), 40).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=90)
    return out.getvalue()


def _step(name, data, queue):
    """Run one step in a fresh process; report its time and peak memory."""
    from testimony.files import images

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if name == "check":
        images.check_image(io.BytesIO(data), "JPEG", "JPEG")
    else:
        side = {"web": images.WEB_SIDE, "thumbnail": images.THUMBNAIL_SIDE}[name]
        images.derivative(io.BytesIO(data), "JPEG", side)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((elapsed, base / 1024, peak / 1024))


def image_steps():
    data = big_jpeg()
    print(f"24-megapixel JPEG: 6000 x 4000, {len(data) / 1e6:.1f} MB")
    print(f"{'step':34} {'seconds':>8} {'RSS before MB':>14} {'peak RSS MB':>12}")
    ctx = get_context("fork")
    for name, label in (
        ("check", "verify + full decode (upload)"),
        ("web", "web copy (1600 px)"),
        ("thumbnail", "thumbnail (320 px)"),
    ):
        queue = ctx.Queue()
        process = ctx.Process(target=_step, args=(name, data, queue))
        process.start()
        elapsed, base, peak = queue.get()
        process.join()
        print(f"{label:34} {elapsed:8.2f} {base:14.0f} {peak:12.0f}")


def wav_file(path: Path, megabytes: int) -> int:
    """A valid mono 16-bit WAV of about ``megabytes`` MB, written in chunks."""
    size = megabytes * 1024 * 1024
    header = b"RIFF" + struct.pack("<I", 36 + size) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 48000, 96000, 2, 16)
    header += b"data" + struct.pack("<I", size)
    with path.open("wb") as handle:
        handle.write(header)
        handle.write(uuid.uuid4().bytes * 64)  # a new checksum each run
        chunk = os.urandom(1024 * 1024)
        written = 1024
        while written < size:
            handle.write(chunk[: size - written])
            written += len(chunk[: size - written])
    return path.stat().st_size


def vm_hwm(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def upload_step():
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from catalog.models import Person
    from testimony.models import Collection, Testimony

    user, _ = get_user_model().objects.get_or_create(
        username="bench-uploader", defaults={"is_staff": True, "is_superuser": True}
    )
    narrator = Person.objects.create(preferred_name="Bench narrator (fictional)")
    testimony = Testimony.objects.create(
        catalogue_id=f"BENCH-{uuid.uuid4().hex[:8]}",
        title="Benchmark upload (fictional)",
        narrator=narrator,
        collection=Collection.objects.first(),
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()

    env = dict(os.environ, ALLOWED_HOSTS="127.0.0.1", DEBUG="0", SECURE_COOKIES="0")
    # The admin's pages need the static files' manifest when DEBUG is off.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--workers=1",
            f"--bind=127.0.0.1:{PORT}",
            "--timeout=600",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        cookie = f"sessionid={session.session_key}"
        page = None
        for _ in range(50):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                conn.request("GET", "/admin/testimony/mediafile/add/", headers={"Cookie": cookie})
                page = conn.getresponse()
                break
            except OSError:
                time.sleep(0.2)
        html = page.read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
        worker = int(
            subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()[0]
        )
        before = vm_hwm(worker)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "interview.wav"
            size = wav_file(path, UPLOAD_MB)
            boundary = uuid.uuid4().hex
            fields = {"csrfmiddlewaretoken": csrf, "testimony": testimony.pk, "kind": "audio"}
            head = "".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                for k, v in fields.items()
            )
            head += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="interview.wav"\r\nContent-Type: audio/wav\r\n\r\n'
            )
            tail = f"\r\n--{boundary}--\r\n".encode()
            length = len(head.encode()) + size + len(tail)

            def body():
                yield head.encode()
                with path.open("rb") as handle:
                    while chunk := handle.read(1024 * 1024):
                        yield chunk
                yield tail

            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
            start = time.perf_counter()
            conn.request(
                "POST",
                "/admin/testimony/mediafile/add/",
                body=body(),
                headers={
                    "Cookie": f"{cookie}; csrftoken={csrf_cookie}",
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Content-Length": str(length),
                    "Referer": f"http://127.0.0.1:{PORT}/admin/",
                },
            )
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
        after = vm_hwm(worker)
        from testimony.models import MediaFile

        media = MediaFile.objects.filter(testimony=testimony).first()
        assert response.status == 302 and media is not None, response.status
        print(
            f"\n{size / 1e6:.0f} MB WAV through the admin: {elapsed:.1f} s, "
            f"{size / 1e6 / elapsed:.0f} MB/s (checksum, type, duration {media.duration}, "
            f"stored)"
        )
        print(f"gunicorn worker peak RSS: {before:.0f} MB before, {after:.0f} MB after")
        media.file.delete(save=False)
        MediaFile.objects.filter(pk=media.pk).delete()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    setup_django()
    image_steps()
    upload_step()


if __name__ == "__main__":
    main()
