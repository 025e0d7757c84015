"""Interchange with the archive world: OHMS XML, WebVTT, IIIF Presentation 3,
OAI-PMH 2.0, CSV and citations.

Every export starts from what the JSON API gives the caller's audience
(``source.testimony_record``: the testimony detail that ``testimony.disclosure``
presents), so that no format can show more than the API does. Imports make
working copies that a reviewer releases.
"""
