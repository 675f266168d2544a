"""Which built pages a browser pass has to load, and why a pass may load fewer than all.

The trainee edition's pages are all checked with every axe rule but colour contrast. The rest
repeat checks on the same templates and styles, and pick their pages:

- Colour contrast (both schemes, both editions) depends on the styles an element gets, and
  those key on its tag, its classes and its parent's. A set of pages that holds every such kind
  of element between them (`covering_pages`) meets every style the edition uses, so checking
  their colours checks the edition's colours.
- The supervisor edition's pages whose article is the trainee edition's, word for word, differ
  only in the navigation (`differing_pages` leaves them out); the covering pages bring every
  kind of navigation element back in.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


def page_paths(site: Path) -> list[str]:
    """Every page of a built site as a URL path ('' for the home page, else 'a/b/')."""
    paths = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    assert len(paths) > 20, f"only {len(paths)} pages in {site}"
    return ["" if p == "." else p + "/" for p in paths]


def _html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


class _Kinds(HTMLParser):
    """Each element as 'parent kind > kind', a kind being a tag with its sorted classes."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: set[str] = set()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = next((value or "" for name, value in attrs if name == "class"), "")
        kind = " ".join([tag, *sorted(classes.split())])
        self.kinds.add(f"{self.open[-1] if self.open else ''} > {kind}")
        if tag not in VOID:
            self.open.append(kind)

    def handle_endtag(self, tag: str) -> None:
        tags = [kind.split(" ", 1)[0] for kind in self.open]
        if tag in tags:  # a stray end tag closes nothing
            del self.open[len(tags) - 1 - tags[::-1].index(tag) :]


def element_kinds(html: str) -> set[str]:
    parser = _Kinds()
    parser.feed(html)
    parser.close()
    return parser.kinds


def covering_pages(site: Path, paths: list[str]) -> list[str]:
    """A few of `paths` that hold, between them, every kind of element any of them holds:
    greedily, the page adding most kinds not yet held, until none is left."""
    kinds = {path: element_kinds(_html(site, path)) for path in paths}
    left = set().union(*kinds.values())
    assert left, "no elements found"
    chosen: list[str] = []
    while left:
        best = max(paths, key=lambda path: len(kinds[path] & left))
        chosen.append(best)
        left -= kinds[best]
    return sorted(chosen)


def _article(html: str) -> str:
    found = re.search(r"<article\b.*?</article>", html, flags=re.S)
    assert found, "a page without an <article>"
    return found.group(0)


def differing_pages(site: Path, other: Path) -> list[str]:
    """The pages of `site` that `other` lacks or whose article is not the same."""
    theirs = set(page_paths(other))
    return [
        path
        for path in page_paths(site)
        if path not in theirs or _article(_html(site, path)) != _article(_html(other, path))
    ]
