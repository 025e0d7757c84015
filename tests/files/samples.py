"""Small files made on the spot: ordinary ones and hostile ones (all fictional)."""

import io
import struct
import wave
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg(size=(64, 48), color=(200, 30, 30), exif=None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", exif=exif or b"")
    return out.getvalue()


def png(size=(40, 30), color=(10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(size=(60, 40)) -> bytes:
    """A landscape JPEG marked "rotate 90°" (orientation 6), with a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Fictional Camera Co."
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (41.0, 47.0, 0.0)  # latitude
    gps[3], gps[4] = "E", (129.0, 46.0, 0.0)  # longitude
    return jpeg(size, exif=exif.tobytes())


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_bomb() -> bytes:
    """A PNG of a few hundred bytes that claims 60,000 x 60,000 pixels."""
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + _chunk(b"IEND", b"")
    )


def polyglot() -> bytes:
    """A valid PNG that is also a web page."""
    return png() + b"<html><body><script>alert('fictional')</script></body></html>"


def truncated_jpeg() -> bytes:
    data = jpeg((200, 200))
    return data[: len(data) // 2]


def eps() -> bytes:
    return b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto showpage\n"


def wav(seconds=1.5, rate=8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(b"\x80" * int(seconds * rate))
    return out.getvalue()


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def upload(name: str, data: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
