"""Timecodes shown as hh:mm:ss (optionally with .mmm) and typed any way a
cataloguer reads them off a player: ``1:02:03``, ``62:03`` or ``3723`` seconds."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# h:mm:ss, or m:ss with any number of minutes (62:03), or plain seconds (3723, 12.5).
HMS_RE = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$")
MS_RE = re.compile(r"^(\d+):([0-5]\d)(?:\.(\d{1,3}))?$")
SECONDS_RE = re.compile(r"^(\d+)(?:\.(\d{1,3}))?$")
TIMECODE_HELP = _("1:02:03, 62:03 or 3723 (seconds); milliseconds optional: 1:02:03.250.")


def parse_timecode(value: str) -> datetime.timedelta:
    text = (value or "").strip()
    hours = minutes = seconds = 0
    millis = None
    if match := HMS_RE.match(text):
        hours, minutes, seconds, millis = match.groups()
    elif match := MS_RE.match(text):
        minutes, seconds, millis = match.groups()
    elif match := SECONDS_RE.match(text):
        seconds, millis = match.groups()
    else:
        raise ValidationError(
            _(
                "“%(value)s” is not a timecode. Type hours, minutes and seconds (1:02:03), "
                "minutes and seconds (62:03) or seconds (3723)."
            ),
            code="invalid_timecode",
            params={"value": value},
        )
    return datetime.timedelta(
        hours=int(hours),
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
