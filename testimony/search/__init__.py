"""Consent-safe search over testimonies, segments, people, places, organisations
and articles, in Latin, Hangul, Han and Kana script alike."""
