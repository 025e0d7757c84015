"""Languages, scripts and countries chosen by name in every admin form, never
typed as ISO codes; a name variant's script and language are read from the
name itself when left to the catalogue."""

import gettext
from functools import cache

import pycountry
from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.codes import LanguageListField, validate_country, validate_language, validate_script
from catalog.scripts import COMMON_LANGUAGES, SCRIPTS, detect_script, suggest_language


@cache
def _iso_names(domain: str, language: str):
    """pycountry's own translation of ISO names (``domain``) into ``language``;
    the English names where it has none."""
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language]).gettext
    except OSError:
        return str


def _by_name(choices) -> list[tuple[str, str]]:
    return sorted(choices, key=lambda choice: choice[1])


@cache
def _language_choices(language: str) -> list[tuple[str, str]]:
    name = _iso_names("iso639-3", language)
    common = dict(COMMON_LANGUAGES)
    others = _by_name(
        (lang.alpha_2, name(lang.name)) for lang in pycountry.languages if hasattr(lang, "alpha_2")
    )
    return COMMON_LANGUAGES + [choice for choice in others if choice[0] not in common]


@cache
def _script_choices(language: str) -> list[tuple[str, str]]:
    name = _iso_names("iso15924", language)
    common = dict(SCRIPTS)
    others = _by_name((s.alpha_4, name(s.name)) for s in pycountry.scripts)
    return SCRIPTS + [choice for choice in others if choice[0] not in common]


@cache
def _country_choices(language: str) -> list[tuple[str, str]]:
    name = _iso_names("iso3166-1", language)
    first = [("JP", _("Japan")), ("KP", _("North Korea")), ("KR", _("South Korea"))]
    others = _by_name(
        (c.alpha_2, name(getattr(c, "common_name", c.name)))
        for c in pycountry.countries
        if c.alpha_2 not in {"JP", "KP", "KR"}
    )
    return first + others


def language_choices() -> list[tuple[str, str]]:
    """Every language with a two-letter code, named in the reader's language."""
    return _language_choices(get_language() or "en")


def script_choices() -> list[tuple[str, str]]:
    return _script_choices(get_language() or "en")


def country_choices() -> list[tuple[str, str]]:
    return _country_choices(get_language() or "en")


CHOICES = {
    validate_language: language_choices,
    validate_script: script_choices,
    validate_country: country_choices,
}


def code_formfield(db_field):
    """A select of names for a field holding ISO codes; None for other fields."""
    if isinstance(db_field, LanguageListField):
        return forms.TypedMultipleChoiceField(
            choices=language_choices(),
            required=not db_field.blank,
            label=db_field.verbose_name,
            help_text=_("Choose every language spoken."),
            widget=FilteredSelectMultiple(db_field.verbose_name, is_stacked=False),
        )
    for validator, choices in CHOICES.items():
        if validator in db_field.validators:
            blank = [("", "—")] if db_field.blank or validator is validate_script else []
            return forms.ChoiceField(
                choices=blank + choices(),
                required=not db_field.blank and validator is not validate_script,
                label=db_field.verbose_name,
                help_text="",
            )
    return None


class CodesByName:
    """Admin mixin: ISO-code fields as selects of names."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return code_formfield(db_field) or super().formfield_for_dbfield(
            db_field, request, **kwargs
        )


class NameVariantForm(forms.ModelForm):
    """A name variant whose script (and, when it can be told, language) is read
    from the name when the cataloguer leaves them empty."""

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name") or ""
        if not cleaned.get("script"):
            cleaned["script"] = detect_script(name)
            if not cleaned["script"] and name:
                self.add_error("script", _("Choose the script: none could be read from the name."))
        if "language" in self.fields and not cleaned.get("language"):
            cleaned["language"] = suggest_language(cleaned.get("script", ""))
        return cleaned
