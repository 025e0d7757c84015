"""Uncertain dates as EDTF strings with stored bounds.

An ``EDTFField`` holds the string ("1959~", "1961-21", "2023-03-06/..") and the
model stores the derived earliest and latest dates beside it in plain
``DateField`` columns named ``<field>_earliest`` and ``<field>_latest``, so that
SQL can sort and filter on them. ``UncertainDatesModel.save()`` fills them; bulk
writes call ``set_date_bounds()`` on each instance first.

The bounds are EDTF's fuzzy bounds: "1960~" (about 1960) spans 1959 to 1961, so
a filter on 1959 still finds it. Open interval ends are stored as NULL.
"""

import datetime
import functools
import time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException

EDTF_HELP = _(
    "EDTF: 1959-12-14 (a day), 1960-05 (a month), 1960~ (about 1960), 1960? (possibly), "
    "1961-21 (spring 1961), 196X (the 1960s), 2023-03-06/.. (on or after), ../1984 (by 1984)."
)


def _to_date(value) -> datetime.date | None:
    if isinstance(value, time.struct_time):
        return datetime.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None  # an open end is +/- infinity


def parse(value: str):
    """Parse an EDTF string, raising ValidationError with a readable message.

    An interval whose end lies wholly before its start ("1965/1960") parses,
    but means nothing: it is refused.
    """
    try:
        parsed = parse_edtf(value.strip())
    except (EDTFParseException, ValueError, TypeError) as exc:
        raise ValidationError(
            format_lazy("{} {}", _("“%(value)s” is not a valid EDTF date."), EDTF_HELP),
            code="invalid_edtf",
            params={"value": value},
        ) from exc
    earliest, latest = _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())
    if earliest and latest and earliest > latest:
        raise ValidationError(
            _("“%(value)s” ends before it starts: write the earlier date first, as in 1960/1965."),
            code="edtf_interval_reversed",
            params={"value": value},
        )
    return parsed


@functools.lru_cache(maxsize=4096)
def bounds(value: str) -> tuple[datetime.date | None, datetime.date | None]:
    """Earliest and latest dates an EDTF string allows (fuzzy bounds); cached, as
    parsing is slow and archives repeat the same dates."""
    if not value:
        return None, None
    parsed = parse(value)
    return _to_date(parsed.lower_fuzzy()), _to_date(parsed.upper_fuzzy())


def validate_edtf(value: str) -> None:
    if value:
        parse(value)


class EDTFField(models.CharField):
    """An EDTF date string; see the module docstring for its companion columns."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", EDTF_HELP)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_edtf)


def uncertain_date(verbose_name):
    """The three fields of an uncertain date: the EDTF string and its bounds."""
    earliest = format_lazy(_("{date} (earliest)"), date=verbose_name)
    latest = format_lazy(_("{date} (latest)"), date=verbose_name)
    return (
        EDTFField(verbose_name),
        models.DateField(earliest, null=True, blank=True, editable=False),
        models.DateField(latest, null=True, blank=True, editable=False),
    )


class UncertainDatesModel(models.Model):
    """Fills the ``_earliest`` / ``_latest`` columns of every EDTFField on save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.set_date_bounds()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {
                f"{name}_{end}"
                for name in update_fields
                if isinstance(self._meta.get_field(name), EDTFField)
                for end in ("earliest", "latest")
            }
            kwargs["update_fields"] = set(update_fields) | extra
        super().save(*args, **kwargs)

    def set_date_bounds(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, EDTFField):
                earliest, latest = bounds(getattr(self, field.attname) or "")
                setattr(self, f"{field.attname}_earliest", earliest)
                setattr(self, f"{field.attname}_latest", latest)
