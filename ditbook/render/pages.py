"""What a render function returns: generated pages, grouped as the print page shows them."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

# (target page path, e.g. "workbook/worksheet.md") -> a link to it from the page being rendered
Href = Callable[[str], str]


@dataclass(frozen=True)
class Page:
    src_uri: str  # where the page sits in the site's docs, e.g. "workbook/cases/ruth-unheard.md"
    markdown: str


@dataclass(frozen=True)
class PageGroup:
    title: str  # the print page's section title, e.g. "Worked cases"
    pages: list[Page]


def href_from(src_uri: str) -> Href:
    """Links relative to the page at `src_uri`, as MkDocs resolves them."""
    here = posixpath.dirname(src_uri)

    def href(target: str) -> str:
        return posixpath.relpath(target, here or ".")

    return href
