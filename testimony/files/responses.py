"""File responses that can never run as a page, with HTTP Range for recordings."""

import re

from django.http import HttpResponse, StreamingHttpResponse

CHUNK = 256 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _byte_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """(start, end inclusive), None for the whole file, "unsatisfiable" for a 416.
    Several ranges or malformed ones are answered with the whole file (RFC 9110)."""
    match = RANGE.match((header or "").strip())
    if not match or not any(match.groups()):
        return None
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "unsatisfiable"
    return start, end


def _read(handle, start: int, length: int):
    with handle:
        handle.seek(start)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data


def file_response(
    request, storage, name: str, content_type: str, filename: str, *, attachment: bool = False
):
    """Stream the stored file ``name`` with safe headers; 206 for a Range."""
    size = storage.size(name)
    wanted = _byte_range(request.headers.get("Range"), size)
    if wanted == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted or (0, size - 1)
        length = max(0, end - start + 1)
        handle = storage.open(name, "rb")
        response = StreamingHttpResponse(_read(handle, start, length), content_type=content_type)
        response["Content-Length"] = str(length)
        if wanted:
            response.status_code = 206
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
