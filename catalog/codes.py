"""Standard codes: ISO 639 languages, ISO 15924 scripts, ISO 3166 countries.

Validated against pycountry's tables, so an unknown code gets a clear message
instead of being stored.
"""

from functools import cache

import pycountry
from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


@cache
def language_name(code: str) -> str | None:
    """English name of an ISO 639-1 or 639-3 code, None if unknown."""
    if not code or code != code.lower():
        return None
    key = "alpha_2" if len(code) == 2 else "alpha_3"
    language = pycountry.languages.get(**{key: code}) if len(code) in (2, 3) else None
    return language.name if language else None


@cache
def script_name(code: str) -> str | None:
    script = pycountry.scripts.get(alpha_4=code) if len(code or "") == 4 else None
    return script.name if script and script.alpha_4 == code else None


@cache
def country_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code) if len(code or "") == 2 else None
    if not country or country.alpha_2 != code:
        return None
    return getattr(country, "common_name", country.name)


def validate_language(code: str) -> None:
    if code and language_name(code) is None:
        raise ValidationError(
            _(
                "“%(code)s” is not an ISO 639 language code; use a lower-case code such as "
                "ko (Korean), ja (Japanese) or en (English)."
            ),
            code="invalid_language",
            params={"code": code},
        )


def validate_script(code: str) -> None:
    if code and script_name(code) is None:
        raise ValidationError(
            _(
                "“%(code)s” is not an ISO 15924 script code; use a code such as Latn, Hang "
                "(Hangul), Hani (Han characters), Kana (Katakana) or Hira (Hiragana)."
            ),
            code="invalid_script",
            params={"code": code},
        )


def validate_country(code: str) -> None:
    if code and country_name(code) is None:
        raise ValidationError(
            _(
                "“%(code)s” is not an ISO 3166 country code; use a code such as JP, KP "
                "(North Korea) or KR (South Korea)."
            ),
            code="invalid_country",
            params={"code": code},
        )


def language_field(verbose_name=None, **kwargs):
    verbose_name = verbose_name or _("language")
    kwargs.setdefault("help_text", _("ISO 639 code, e.g. ko, ja, en."))
    return models.CharField(verbose_name, max_length=3, validators=[validate_language], **kwargs)


def script_field(verbose_name=None, **kwargs):
    verbose_name = verbose_name or _("script")
    kwargs.setdefault("help_text", _("ISO 15924 code, e.g. Latn, Hang, Hani, Kana."))
    return models.CharField(verbose_name, max_length=4, validators=[validate_script], **kwargs)


def country_field(verbose_name=None, **kwargs):
    verbose_name = verbose_name or _("country")
    kwargs.setdefault("help_text", _("ISO 3166 code, e.g. JP, KP, KR. Leave empty if unknown."))
    return models.CharField(
        verbose_name, max_length=2, blank=True, validators=[validate_country], **kwargs
    )


class LanguageListField(ArrayField):
    """A list of ISO 639 codes, typed in forms as "ko,ja" and validated code by code."""

    def __init__(self, *args, **kwargs):
        kwargs["base_field"] = models.CharField(max_length=3, validators=[validate_language])
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", _("ISO 639 codes, separated by commas, e.g. ko,ja."))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("base_field", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        base = forms.CharField(max_length=3, validators=[validate_language])
        return super().formfield(**{"base_field": base, **kwargs})
