"""Recordings as outside audiences receive them: redacted access copies.

``redact`` decodes a recording frame by frame and encodes a web copy in which
every closed range is digital silence (and black frames, for video);
``copies`` keys each copy by the closure state it was made for, finds the copy
an audience may be served and queues the ones that are missing.
"""
