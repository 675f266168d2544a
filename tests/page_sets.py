"""Which built pages a browser pass loads, and why some passes load fewer than all.

Every page of both editions is loaded once in the browser (status, console, third-party
requests, a phone's width), checked by pa11y and read by the Nu Html Checker
(tests/test_validity.py). axe, the costliest check, runs on fewer pages, chosen so that it still
meets everything it could find:

- A page's colours, and most of what axe checks, follow from the kinds of element it holds: a
  tag with its classes, under its parent's tag and classes (the styles key on those). The
  pages that between them hold every kind the edition has (`covering_pages`) meet every style
  the edition uses.
- The supervisor edition has the trainee edition's stylesheets, so only the kinds of element
  the trainee edition lacks (model answers, rubrics, the supervision pages) need pages of
  their own (`known=` the trainee edition's kinds).
"""

from __future__ import annotations

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


def site_kinds(site: Path, paths: list[str]) -> dict[str, set[str]]:
    return {path: element_kinds(_html(site, path)) for path in paths}


def covering_pages(
    site: Path, paths: list[str], known: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """A few of `paths` that hold, between them, every kind of element any of them holds but
    those `known` already: greedily, the page adding most kinds not yet held, until none is left."""
    kinds = site_kinds(site, paths)
    left = set().union(*kinds.values()) - known
    chosen: list[str] = []
    while left:
        best = max(paths, key=lambda path: len(kinds[path] & left))
        chosen.append(best)
        left -= kinds[best]
    return sorted(chosen)
