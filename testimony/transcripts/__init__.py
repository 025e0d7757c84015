"""Timed transcripts: reading and writing cues (WebVTT, text with [hh:mm:ss]
markers), checking them against the recording, and splitting them into the
passages search indexes."""
