import datetime

import pytest
from django.core.exceptions import ValidationError

from testimony.timecodes import format_timecode, parse_timecode


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("01:02:03", datetime.timedelta(hours=1, minutes=2, seconds=3)),
        ("1:02:03", datetime.timedelta(hours=1, minutes=2, seconds=3)),
        ("02:03", datetime.timedelta(minutes=2, seconds=3)),
        ("00:00:01.5", datetime.timedelta(seconds=1, milliseconds=500)),
        ("100:00:00", datetime.timedelta(hours=100)),
        ("62:03", datetime.timedelta(hours=1, minutes=2, seconds=3)),
        ("3723", datetime.timedelta(hours=1, minutes=2, seconds=3)),
        (" 12.5 ", datetime.timedelta(seconds=12, milliseconds=500)),
        ("0", datetime.timedelta(0)),
    ],
)
def test_parse(text, value):
    assert parse_timecode(text) == value


@pytest.mark.parametrize(
    "text", ["", "1:2:3", "00:60:00", "00:00:60", "62:60", "one hour", "-00:01:00", "1:02:03:04"]
)
def test_refused(text):
    with pytest.raises(ValidationError, match="is not a timecode"):
        parse_timecode(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime.timedelta(hours=1, minutes=2, seconds=3), "01:02:03"),
        (datetime.timedelta(seconds=59, milliseconds=250), "00:00:59.250"),
        (datetime.timedelta(hours=26), "26:00:00"),
        (None, ""),
    ],
)
def test_format(value, text):
    assert format_timecode(value) == text
