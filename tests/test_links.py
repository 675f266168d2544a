"""Every internal link and anchor in the built sites resolves, macro-made HTML and print page too.

MkDocs' own validation sees only Markdown links; this reads the HTML that readers get.
"""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest


# lxml's HTML parser, not BeautifulSoup: a few hundred pages (the print page among them) are
# read here, and lxml reads them in a tenth of the time.
def _tree(path: Path):
    return lxml.html.document_fromstring(path.read_bytes())


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(_tree(path).xpath("//@id"))


def broken_links(site: Path) -> list[str]:
    """Every internal link, stylesheet, script or image that points at nothing."""
    broken = []
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        tree = _tree(page)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for url in tree.xpath(f"//{tag}/@{attr}"):
                parts = urlsplit(url)
                if parts.scheme or url.startswith(("//", "mailto:", "javascript:")):
                    continue  # external: checked by no one here (no network)
                target = page
                if parts.path:
                    # 404.html uses root-relative links: it is served at any depth.
                    base = site.as_posix() if parts.path.startswith("/") else page.parent.as_posix()
                    joined = posixpath.normpath(base + "/" + unquote(parts.path).lstrip("/"))
                    target = Path(joined)
                    if target.is_dir():
                        target = target / "index.html"
                if not target.exists():
                    broken.append(f"{page.relative_to(site)}: {url} (no such file)")
                    continue
                fragment = unquote(parts.fragment)
                if fragment and target.suffix == ".html" and fragment not in _ids(target):
                    broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    return broken


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_no_broken_internal_links_or_anchors(edition, request):
    site = request.getfixturevalue(f"{edition}_site")
    assert (site / "print_page" / "index.html").exists()
    assert broken_links(site) == []


def test_the_checker_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">b</a><a href="#nope">x</a><a href="#top">ok</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "a/index.html: ../b/ (no such file)",
        "a/index.html: #nope (no such anchor)",
    ]
