"""PDFs from the built site, printed by Debian's chromium through Playwright.

The handbook PDF is the print page (mkdocs-print-site) with bookmarks, page numbers and tags for
assistive technology; assignment sheets are one PDF per exercise.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from macros.browser import launch, serve


def _local_only(route) -> None:
    # Nothing leaves the machine while printing: anything not on the local server is refused.
    if route.request.url.startswith("http://127.0.0.1"):
        route.continue_()
    else:
        route.abort()


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


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
            page.goto(base + url_path, wait_until="networkidle")
            page.emulate_media(media="print")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                outline=True,
                tagged=True,
                prefer_css_page_size=True,  # page size, margins and numbers: print.css
            )
            done.append((out, page_count(out), time.perf_counter() - started))
        context.close()
    return done
