"""Which file types each kind of file may be, judged by content, never by name."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    mime: str
    label: str
    extensions: tuple[str, ...]
    pillow_format: str | None = None  # images: the one Pillow plugin allowed to open it


JPEG = FileType("image/jpeg", "JPEG", (".jpg", ".jpeg"), "JPEG")
PNG = FileType("image/png", "PNG", (".png",), "PNG")
TIFF = FileType("image/tiff", "TIFF", (".tif", ".tiff"), "TIFF")
WEBP = FileType("image/webp", "WebP", (".webp",), "WEBP")
PDF = FileType("application/pdf", "PDF", (".pdf",))
MP3 = FileType("audio/mpeg", "MP3", (".mp3",))
WAV = FileType("audio/x-wav", "WAV", (".wav",))
FLAC = FileType("audio/x-flac", "FLAC", (".flac",))
OGG = FileType("audio/ogg", "Ogg", (".ogg", ".oga", ".opus"))
M4A = FileType("audio/mp4", "M4A", (".m4a",))
MP4 = FileType("video/mp4", "MP4", (".mp4", ".m4v"))
M4V = FileType("video/x-m4v", "MP4", (".mp4", ".m4v"))
MOV = FileType("video/quicktime", "QuickTime", (".mov",))

IMAGES = (JPEG, PNG, TIFF, WEBP)
ALLOWED = {
    "audio": (MP3, WAV, FLAC, OGG, M4A),
    "video": (MP4, M4V, MOV),
    "photo": IMAGES,
    "document": (PDF, *IMAGES),
}
BY_MIME = {t.mime: t for types in ALLOWED.values() for t in types}


def allowed_labels(kind: str) -> str:
    return ", ".join(dict.fromkeys(t.label for t in ALLOWED[kind]))
