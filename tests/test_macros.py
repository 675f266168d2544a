"""Docs tested against code: every page macro is documented on the authors' page and used by
some page, and every macro a page calls exists."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from ditbook.paths import ROOT
from ditbook.registry import load_bank
from ditbook.render.pages import site_address
from ditbook.site.page_macros import page_macros

DOCS = ROOT / "docs"
CALL = re.compile(r"\{\{-?\s*([a-z_]+)\s*\(")


def _macros() -> dict:
    return page_macros(load_bank(ROOT, "trainee"), lambda: "index.md")


def _calls() -> dict[str, set[str]]:
    """Macro name -> the pages (with render_macros: true) that call it."""
    calls: dict[str, set[str]] = {}
    for path in sorted(DOCS.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head = text.split("\n---\n", 1)[0] if text.startswith("---\n") else ""
        if "\nrender_macros: true" not in head:
            continue
        for name in CALL.findall(text):
            calls.setdefault(name, set()).add(path.relative_to(DOCS).as_posix())
    return calls


def test_every_macro_is_used_by_some_page():
    calls = _calls()
    assert calls, "no page calls a macro"
    unused = sorted(set(_macros()) - set(calls))
    assert unused == [], f"macros no page uses (remove them, or use them): {unused}"


def test_every_macro_a_page_calls_exists():
    unknown = {name: pages for name, pages in _calls().items() if name not in _macros()}
    assert unknown == {}


def test_every_macro_has_a_docstring_for_the_reference():
    assert [name for name, f in _macros().items() if not (f.__doc__ or "").strip()] == []


def test_the_authors_page_lists_every_macro(trainee_site):
    soup = BeautifulSoup(
        (trainee_site / "authors" / "macros" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    listed = {re.match(r"\{\{ ([a-z_]+)\(", c.get_text()).group(1) for c in soup.select("td code")}
    assert listed == set(_macros())


# page_url: addresses in markup MkDocs leaves alone (a script's src), with or without
# directory URLs. MkDocs' own File says where each docs file is written.
PAGES = ["index.md", "supervision/index.md", "supervision/mark.md", "workbook/worksheet.md"]
TARGETS = [*PAGES, "supervision/marking.js", "workbook/sheets/priya-night-shifts.md"]


@pytest.fixture(scope="module")
def bank():
    return load_bank(ROOT, "trainee")


@pytest.mark.parametrize("directory_urls", [True, False])
def test_site_addresses_are_where_mkdocs_writes_each_file(directory_urls):
    from mkdocs.structure.files import File

    for target in TARGETS:
        written = File(target, "docs", "site", directory_urls).url
        assert site_address(target, directory_urls) == ("" if written == "./" else written)


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("page", PAGES)
def test_page_url_resolves_to_the_file_from_the_calling_page(bank, page, directory_urls):
    page_url = page_macros(bank, lambda: page, lambda: directory_urls)["page_url"]
    site = "http://127.0.0.1:8000/"
    here = urljoin(site, site_address(page, directory_urls))
    for target in TARGETS:
        address = page_url(target)
        assert not address.startswith("/"), address  # relative: the site may live in a folder
        assert urljoin(here, address) == urljoin(site, site_address(target, directory_urls))
