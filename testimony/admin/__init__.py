"""The cataloguers' admin for testimonies, consent, collections and partners."""

from testimony.admin import (  # noqa: F401 - registers admins
    collections,
    consent,
    files,
    jobs,
    partners,
    testimonies,
    transcripts,
)

files.attach_to_catalogue_admins()
