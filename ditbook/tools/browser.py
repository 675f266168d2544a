"""Debian's chromium, driven by Playwright: found, never downloaded.

Used by `ditbook pdf` and by the browser tests. Playwright is an optional dependency
(`pip install -e '.[pdf]'`), imported only when a browser is wanted.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = (
    "Chromium was not found. Install Debian's package with:\n"
    "    sudo apt-get install chromium\n"
    "(or run: make browser), or set DIT_CHROMIUM to the browser's path."
)

# Flags for a sandboxed, offline machine: no background traffic to Google's services.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


# Material's search index, by its path in a built site. Only a typed query reads it, yet every
# page load fetches and indexes all of it (about 1 MB): printing never asks for it, and the
# browser tests give pages an empty one unless they search.
SEARCH_INDEX = "search/search_index.json"


class BrowserMissing(RuntimeError):
    pass


def chromium_path() -> str:
    candidate = os.environ.get("DIT_CHROMIUM") or shutil.which("chromium")
    if not candidate or not Path(candidate).exists():
        raise BrowserMissing(INSTALL_HINT)
    return candidate


# The browser running in this thread, if any. Playwright's sync API cannot be started twice in
# one thread (the second start fails, "Sync API inside the asyncio loop"), so a print asked for
# while a browser is already open (a test session's browser, say) borrows that one.
_running = threading.local()


@contextmanager
def launch() -> Iterator:
    """A headless Chromium browser (Playwright's Browser object); re-entrant in one thread."""
    borrowed = getattr(_running, "browser", None)
    if borrowed is not None:
        yield borrowed
        return
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        _running.browser = browser
        try:
            yield browser
        finally:
            _running.browser = None
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port); yields its base URL with a trailing /."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
