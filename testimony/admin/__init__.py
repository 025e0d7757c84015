"""The cataloguers' admin for testimonies, consent, collections and partners."""

from testimony.admin import collections, consent, partners, testimonies  # noqa: F401 - registers admins
