"""Turning text into search terms, the same way for records and for queries.

PostgreSQL's parsers treat a run of Han, Hangul or Kana characters as one word,
so 清津市 would never match 清津. Here every such run becomes its overlapping
two-character terms (清津 津市), a one-character run stays as it is, and a
query's CJK run is turned into the same bigrams and required in full. Other
text is casefolded with its accents removed (Pyŏngyang = pyongyang) and left to
PostgreSQL's English configuration for stemming. All of it is plain Python, so
the index works on any PostgreSQL, with no extension or custom parser.
"""

import re
import unicodedata

CJK = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # Han compatibility
)
CJK_RUN = re.compile(f"[{CJK}]+")
WORD = re.compile(rf"[^\W{CJK}]+", re.UNICODE)
# An apostrophe inside a word: McCune-Reischauer's mark of aspiration (Ch'ŏngjin,
# P'yŏngyang) and its look-alikes. Dropped, so that Ch'ŏngjin = Chongjin.
INNER_APOSTROPHE = re.compile("(?<=\\w)['\u2019\u02bc\u02bb`](?=\\w)")


def fold(text: str) -> str:
    """Casefolded, compatibility forms unified, accents, diacritics and a word's
    inner apostrophes removed."""
    text = text or ""
    if text.isascii():  # the same, without the walk through every character
        return INNER_APOSTROPHE.sub("", text.lower())
    text = unicodedata.normalize("NFKC", text).casefold()
    text = INNER_APOSTROPHE.sub("", text)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Hangul syllables decompose into Jamo under NFD: put them back together.
    return unicodedata.normalize("NFC", stripped)


def bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def cjk_terms(text: str) -> list[str]:
    """The two-character terms of every CJK run in ``text``."""
    terms = []
    for run in CJK_RUN.findall(fold(text)):
        terms += bigrams(run)
    return terms


def latin_text(text: str) -> str:
    """``text`` folded, with its CJK runs taken out (they are indexed as bigrams)."""
    return CJK_RUN.sub(" ", fold(text))


def query_words(query: str) -> list[str]:
    """The words of a query, folded; each CJK run stays one word."""
    folded = fold(query)
    words = []
    for token in re.findall(rf"[{CJK}]+|[^\W{CJK}]+", folded):
        words.append(token)
    return words


def is_cjk(word: str) -> bool:
    return bool(CJK_RUN.fullmatch(word))
