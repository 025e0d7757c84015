"""Citations of source articles (Chicago bibliography style)."""

import calendar
import re

from catalog.models import ArticleContributor, SourceArticle

_EXACT = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_APPROXIMATE = re.compile(r"^(\d{4})[~?%]$")


def citation_date(edtf: str) -> str:
    """An EDTF publication date as a citation writes it; "n.d." when uncertain."""
    if match := _EXACT.match(edtf or ""):
        year, month, day = match.groups()
        if month and int(month) <= 12:
            month_name = calendar.month_name[int(month)]
            return f"{month_name} {int(day)}, {year}" if day else f"{month_name} {year}"
        return year
    if match := _APPROXIMATE.match(edtf or ""):
        return f"ca. {match.group(1)}"
    return "n.d."


def _names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def chicago(article: SourceArticle) -> str:
    """Chicago bibliography entry, e.g. for an article with an author:

    Morris-Suzuki, Tessa. "Title." Outlet, March 15, 2007. URL.
    """
    contributors = list(article.contributors.all())
    by_role = {
        role: [c for c in contributors if c.role == role] for role in ArticleContributor.Role
    }
    authors = by_role[ArticleContributor.Role.AUTHOR]
    parts = []
    if authors:
        first, *rest = authors
        parts.append(_names([first.sort_name or first.name] + [a.name for a in rest]) + ".")
    title = article.title.rstrip(".").replace("“", "‘").replace("”", "’")
    parts.append(f"“{title}.”")
    for role, verb in (("translator", "Translated by"), ("editor", "Edited by")):
        names = [c.name for c in by_role[role]]
        if names:
            parts.append(f"{verb} {_names(names)}.")
    container = article.outlet
    if article.volume_issue:
        container += f" {article.volume_issue}"
    parts.append(f"{container}, {citation_date(article.published).rstrip('.')}.")
    if article.url:
        parts.append(f"{article.url}.")
    return " ".join(parts)
