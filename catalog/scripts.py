"""A name's script read from its text, and the language it most likely is,
so that no ISO code has to be typed by hand.

Scripts are ISO 15924 codes: Latn, Hang (Hangul), Hani (Han characters),
Kana and Hira (Japanese syllabaries), Jpan (Han mixed with kana), Kore (Han
mixed with Hangul).
"""

import unicodedata

from django.utils.translation import gettext_lazy as _

# The languages cataloguers pick from, by name.
COMMON_LANGUAGES = [
    ("ko", _("Korean")),
    ("ja", _("Japanese")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
]

SCRIPTS = [
    ("Latn", _("Latin")),
    ("Hang", _("Hangul")),
    ("Hani", _("Han (kanji, hanja)")),
    ("Kana", _("Katakana")),
    ("Hira", _("Hiragana")),
    ("Jpan", _("Japanese (kanji with kana)")),
    ("Kore", _("Korean (Hangul with hanja)")),
    ("Cyrl", _("Cyrillic")),
]


def _script_of(char: str) -> str | None:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "Hang"
    if 0x3040 <= code <= 0x309F:
        return "Hira"
    if 0x30A0 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return "Kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "Hani"
    if 0x0400 <= code <= 0x04FF:
        return "Cyrl"
    if char.isalpha() and unicodedata.name(char, "").startswith("LATIN"):
        return "Latn"
    return None


def detect_script(text: str) -> str:
    """The ISO 15924 code of ``text``'s script; "" when it has no letters."""
    found = {script for char in text if (script := _script_of(char))}
    if not found:
        return ""
    if len(found) == 1:
        return found.pop()
    if found <= {"Hira", "Kana"}:
        return "Kana"
    if found <= {"Hani", "Hira", "Kana"}:
        return "Jpan"
    if found <= {"Hani", "Hang"}:
        return "Kore"
    # Mixed with Latin (e.g. "Kim 金"): the non-Latin script names it.
    others = found - {"Latn"}
    return others.pop() if len(others) == 1 else "Latn"


def suggest_language(script: str) -> str:
    """The language a name in ``script`` most likely is ("" when it cannot be told:
    Latin and Han are written for Korean, Japanese and Chinese names alike)."""
    return {"Hang": "ko", "Kore": "ko", "Hira": "ja", "Kana": "ja", "Jpan": "ja", "Cyrl": "ru"}.get(
        script, ""
    )
