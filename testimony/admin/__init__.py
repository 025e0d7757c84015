"""The cataloguers' admin for testimonies, consent, collections and partners."""

from testimony.admin import collections, consent, files, partners, testimonies  # noqa: F401 - registers admins

files.attach_to_catalogue_admins()
