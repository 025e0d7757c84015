"""The cataloguers' admin for people, places, organisations, subjects and sources."""

from catalog.admin import families, people, places, sources  # noqa: F401 - registers admins
