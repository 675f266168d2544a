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


def site_address(src_uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes a docs file, from the site's root: a page's HTML address
    ("workbook/worksheet/" or "workbook/worksheet.html"), or a static file's own path."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri.removesuffix(".md")
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        if directory_urls:
            return f"{folder}/" if folder else ""
        return f"{folder}/index.html" if folder else "index.html"
    if not directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


def url_from(src_uri: str, directory_urls: bool = True) -> Href:
    """Addresses relative to the page at `src_uri` as the browser resolves them, for markup
    MkDocs does not rewrite (a script's src, a data attribute): right whether or not the site
    uses directory URLs."""
    here = site_address(src_uri, directory_urls)
    base = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)

    def url(target: str) -> str:
        dest = site_address(target, directory_urls)
        relative = posixpath.relpath(dest.rstrip("/") or ".", base or ".")
        if dest.endswith("/") or not dest:
            return "./" if relative == "." else relative + "/"
        return relative

    return url
