"""Timecodes typed and shown as hh:mm:ss (optionally with .mmm)."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

TIMECODE_RE = re.compile(r"^\s*(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:\.(\d{1,3}))?\s*$")
TIMECODE_HELP = "hh:mm:ss, e.g. 01:02:03 (milliseconds optional: 01:02:03.250)."


def parse_timecode(value: str) -> datetime.timedelta:
    match = TIMECODE_RE.match(value or "")
    if not match:
        raise ValidationError(
            "“%(value)s” is not a timecode. Type hours, minutes and seconds as hh:mm:ss, "
            "e.g. 01:02:03.",
            code="invalid_timecode",
            params={"value": value},
        )
    hours, minutes, seconds, millis = match.groups()
    return datetime.timedelta(
        hours=int(hours or 0),
        minutes=int(minutes),
        seconds=int(seconds),
        milliseconds=int((millis or "0").ljust(3, "0")),
    )


def format_timecode(value: datetime.timedelta | None) -> str:
    if value is None:
        return ""
    total_ms = round(value.total_seconds() * 1000)
    seconds, millis = divmod(total_ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{millis:03d}" if millis else text


class TimecodeFormField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.setdefault("help_text", TIMECODE_HELP)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "00:00:00", "size": 12}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return format_timecode(value) if isinstance(value, datetime.timedelta) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_timecode(value)


class TimecodeField(models.DurationField):
    """A duration that the admin reads and writes as hh:mm:ss."""

    def formfield(self, **kwargs):
        kwargs["form_class"] = TimecodeFormField
        return models.Field.formfield(self, **kwargs)
