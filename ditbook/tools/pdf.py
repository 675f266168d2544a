"""PDFs from the built site, printed by Debian's chromium through Playwright.

The handbook PDF is the print page (mkdocs-print-site) with bookmarks, page numbers, a contents
list that gives the page of each entry, and tags for assistive technology; assignment sheets are
one PDF per exercise.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ditbook.tools.browser import SEARCH_INDEX, launch, serve


class PrintFailed(RuntimeError):
    """Chromium printed something that cannot be trusted; nothing is left written."""


def _local_only(route) -> None:
    # Nothing leaves the machine while printing: anything not on the local server is refused.
    # Nor is the search index fetched: paper has no search box.
    url = route.request.url
    if url.startswith("http://127.0.0.1") and not url.endswith("/" + SEARCH_INDEX):
        route.continue_()
    else:
        route.abort()


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


# The print page's contents: each entry's target heading, as the PDF's outline names it.
_CONTENTS_TARGETS = r"""() => [...document.querySelectorAll('#print-page-toc a[href^="#"]')]
  .map(link => {
    const target = document.getElementById(link.getAttribute("href").slice(1));
    const heading = target && (target.matches("h1, h2") ? target : target.querySelector("h1, h2"));
    return heading ? heading.innerText.replace(/\u00b6/g, "").replace(/\s+/g, " ").trim() : null;
  })"""
_NUMBER_CONTENTS = """pages => document.querySelectorAll('#print-page-toc a[href^="#"]')
  .forEach((link, i) => {
    link.querySelector(".toc-page")?.remove();
    if (pages[i] === null) return;
    const number = document.createElement("span");
    number.className = "toc-page";
    number.textContent = pages[i];
    link.append(number);
  })"""


def outline_pages(pdf: Path, titles: Sequence[str | None]) -> list[int | None]:
    """The page (from 1) on which each title starts, read from the PDF's top-level bookmarks and
    matched in order, so a title that recurs (a case's "The IPAF") finds its own page."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    # Compared without white space: Chromium names a bookmark after its heading's lines joined
    # with nothing between them, so a title that wraps on paper loses a space ("andstronger").
    top = [
        ("".join(item.title.split()), reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]
    pages: list[int | None] = []
    start = 0
    for title in titles:
        key = "".join(title.split()) if title else None
        found = next((i for i in range(start, len(top)) if top[i][0] == key), None)
        pages.append(None if found is None else top[found][1])
        start = start if found is None else found + 1
    return pages


def _print(page, out: Path, tagged: bool = True) -> None:
    page.pdf(
        path=str(out),
        format="A4",
        print_background=True,
        outline=True,
        tagged=tagged,
        prefer_css_page_size=True,  # page size, margins and numbers: print.css
    )


def _print_with_numbered_contents(page, out: Path) -> None:
    """Print, read where each contents entry landed from the bookmarks, write the page numbers
    into the contents and print again. The numbers sit on lines the entries already fill, so
    the pages do not move; a further round is taken in case they ever do. If the numbers still
    move after three prints, the PDF is removed and PrintFailed raised."""
    titles = page.evaluate(_CONTENTS_TARGETS)
    if not titles:  # a page without the print page's contents
        _print(page, out)
        return
    # The first print only shows where each entry lands. Tags for assistive technology move
    # nothing on the page, and without them Chromium prints the handbook in about 60 % of the
    # time; every print after it is tagged.
    _print(page, out, tagged=False)
    numbers = None
    for _ in range(3):
        found = outline_pages(out, titles)
        if found == numbers:
            return
        numbers = found
        page.evaluate(_NUMBER_CONTENTS, numbers)
        _print(page, out)
    if outline_pages(out, titles) != numbers:
        out.unlink()
        raise PrintFailed(f"the contents' page numbers still moved after three prints: {out}")


# The print page's cover names the edition the site was built as (overrides/print-cover.tpl).
_COVER_EDITION = re.compile(r'<th scope="row">Edition</th>\s*<td>(\w+) edition</td>')


def site_edition(site: Path) -> str | None:
    """'trainee' or 'supervisor': the edition a built site is, from its print page's cover;
    None if `site` holds no built print page."""
    try:
        cover = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    except OSError:
        return None
    found = _COVER_EDITION.search(cover)
    return found.group(1).lower() if found else None


# Material's footer closes every page: a page without it was not read to the end. What the
# browser holds is reported with the failure, to tell a short transfer from a page changed
# after it loaded.
_WHOLE = "() => document.querySelector('footer.md-footer') !== null"
_HELD = """() => `readyState ${document.readyState}, ${document.documentElement.outerHTML.length}
  characters, ${document.querySelectorAll('h1').length} h1, at ${location.href}`"""


def _open(page, url: str, attempts: int = 3) -> None:
    """Load `url` for printing: parsed to the end (the load event), then quiet on the network.
    Twice, on a heavily loaded machine, the 2 MB print page lacked its end after loading (once
    it was printed cut short, before this check): a page without its closing footer is loaded
    again, and then refused."""
    held = ""
    for _ in range(attempts):
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        if page.evaluate(_WHOLE):
            return
        held = " ".join(page.evaluate(_HELD).split())
    raise PrintFailed(f"{url} did not load whole ({attempts} times; {held}); nothing printed")


def print_pages(
    site: Path, jobs: Iterable[tuple[str, Path]], say: Callable[[str], None] = print
) -> list[tuple[Path, int, float]]:
    """Print each (page path in the site, output file); returns (file, pages, seconds)."""
    done = []
    with serve(site) as base, launch() as browser:
        context = browser.new_context()
        page = context.new_page()
        page.route("**/*", _local_only)
        for url_path, out in jobs:
            started = time.perf_counter()
            say(f"  printing /{url_path} ...")
            _open(page, base + url_path)
            page.emulate_media(media="print")
            out.parent.mkdir(parents=True, exist_ok=True)
            _print_with_numbered_contents(page, out)
            done.append((out, page_count(out), time.perf_counter() - started))
        context.close()
    return done


_FILL_SHEET = """fields => Object.entries(fields).forEach(([name, value]) =>
  document.querySelectorAll(`[data-sheet-field="${name}"]`).forEach(el => {
    el.textContent = value;
    el.classList.add("is-filled");
  }))"""


def print_pack(
    site: Path,
    url_paths: Sequence[str],
    out: Path,
    fields: dict[str, str],
    say: Callable[[str], None] = print,
) -> tuple[Path, int, float]:
    """Print the assignment sheets at `url_paths`, in order, as ONE PDF at `out`; each sheet
    starts on a new page, with `fields` (name, due) written into its header."""
    import tempfile

    from pypdf import PdfWriter

    started = time.perf_counter()
    writer = PdfWriter()
    with tempfile.TemporaryDirectory(prefix="dit-pack-") as tmp:
        with serve(site) as base, launch() as browser:
            context = browser.new_context()
            page = context.new_page()
            page.route("**/*", _local_only)
            for i, url_path in enumerate(url_paths):
                say(f"  printing /{url_path} ...")
                _open(page, base + url_path)
                page.emulate_media(media="print")
                page.evaluate(_FILL_SHEET, {k: v for k, v in fields.items() if v})
                part = Path(tmp) / f"{i:03}.pdf"
                _print(page, part)
                writer.append(str(part))
            context.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as stream:
            writer.write(stream)
    return out, page_count(out), time.perf_counter() - started
