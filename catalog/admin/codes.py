"""Languages, scripts and countries chosen by name in every admin form, never
typed as ISO codes; a name variant's script and language are read from the
name itself when left to the catalogue."""

from functools import cache

import pycountry
from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.utils.translation import gettext_lazy as _

from catalog.codes import LanguageListField, validate_country, validate_language, validate_script
from catalog.scripts import COMMON_LANGUAGES, SCRIPTS, detect_script, suggest_language


@cache
def language_choices() -> list[tuple[str, str]]:
    common = dict(COMMON_LANGUAGES)
    others = sorted(
        ((lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")),
        key=lambda choice: choice[1],
    )
    return COMMON_LANGUAGES + [choice for choice in others if choice[0] not in common]


@cache
def script_choices() -> list[tuple[str, str]]:
    common = dict(SCRIPTS)
    others = sorted(((s.alpha_4, s.name) for s in pycountry.scripts), key=lambda c: c[1])
    return SCRIPTS + [choice for choice in others if choice[0] not in common]


@cache
def country_choices() -> list[tuple[str, str]]:
    first = [("JP", _("Japan")), ("KP", _("North Korea")), ("KR", _("South Korea"))]
    others = sorted(
        (c.alpha_2, getattr(c, "common_name", c.name))
        for c in pycountry.countries
        if c.alpha_2 not in {"JP", "KP", "KR"}
    )
    return first + sorted(others, key=lambda choice: choice[1])


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
