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


CSL_TYPES = {
    SourceArticle.Kind.JOURNAL: "article-journal",
    SourceArticle.Kind.NEWS: "article-newspaper",
    SourceArticle.Kind.BOOK: "chapter",
    SourceArticle.Kind.REPORT: "report",
    SourceArticle.Kind.WEB: "webpage",
}
CSL_ROLES = {"author": "author", "translator": "translator", "editor": "editor"}


def _csl_name(contributor: ArticleContributor) -> dict:
    if contributor.sort_name and ", " in contributor.sort_name:
        family, given = contributor.sort_name.split(", ", 1)
        return {"family": family, "given": given}
    return {"literal": contributor.name}


def _date_parts(edtf: str) -> dict | None:
    if match := _EXACT.match(edtf or ""):
        return {"date-parts": [[int(part) for part in match.groups() if part]]}
    if edtf:
        return {"literal": edtf}
    return None


def csl_json(article: SourceArticle) -> dict:
    """The article as a CSL-JSON item (for Zotero, Pandoc and citation processors)."""
    item = {
        "id": f"article-{article.pk}",
        "type": CSL_TYPES[article.kind],
        "title": article.title,
        "container-title": article.outlet,
        "language": article.language,
    }
    for contributor in article.contributors.all():
        item.setdefault(CSL_ROLES[contributor.role], []).append(_csl_name(contributor))
    if issued := _date_parts(article.published):
        item["issued"] = issued
    if article.url:
        item["URL"] = article.url
    if article.volume_issue:
        volume, _, issue = article.volume_issue.partition(", no. ")
        item["volume"] = volume
        if issue:
            item["issue"] = issue
    return item


def _bibtex_escape(text: str) -> str:
    for char in "\\{}&%$#_":
        text = text.replace(char, "\\" + char)
    return text


def bibtex(article: SourceArticle) -> str:
    """The article as a BibTeX entry."""
    contributors = list(article.contributors.all())
    fields = {"title": article.title, "journal": article.outlet, "language": article.language}
    for role, name in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        names = [c.sort_name or c.name for c in contributors if c.role == role]
        if names:
            fields[name] = " and ".join(names)
    if match := _EXACT.match(article.published or ""):
        year, month, _ = match.groups()
        fields["year"] = year
        if month:
            fields["month"] = calendar.month_abbr[int(month)].lower()
    else:
        fields["note"] = f"Date: {article.published or 'unknown'} (EDTF)"
    if article.url:
        fields["url"] = article.url
    if article.volume_issue:
        fields["volume"] = article.volume_issue
    body = ",\n".join(f"  {key} = {{{_bibtex_escape(value)}}}" for key, value in fields.items())
    return f"@article{{article{article.pk},\n{body}\n}}"
