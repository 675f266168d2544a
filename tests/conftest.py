"""Shared fixtures: the real cases, and the real site built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from ditbook.content import load
from ditbook.paths import CASES_DIR, ROOT
from ditbook.registry import CASES
from ditbook.tools import browser as chromium

CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))


# The engine's loader, for case files: what `ditbook validate` and every build run.
def load_case(path: Path):
    found, problems = load.load_file(CASES, path)
    return (found.item if found else None), problems


def load_cases(paths):
    loaded, problems = load.load(CASES, paths)
    return [entry.item for entry in loaded], problems


def load_valid_cases(paths):
    return load.load_valid(CASES, paths)


@pytest.fixture(scope="session")
def cases():
    return load_valid_cases([CASES_DIR])


def run_mkdocs_build(config: Path, site: Path, edition: str = "trainee", **env: str):
    """`mkdocs build --strict` in a subprocess, exactly as an author or CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        cwd=config.parent,
        env={
            **os.environ,
            "DIT_EDITION": edition,
            "DIT_SITE_DIR": str(site),
            "NO_MKDOCS_2_WARNING": "1",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def _build(tmp_path_factory, worker_id: str, edition: str) -> Path:
    """Each edition is built once per test run: under pytest-xdist the first worker to ask
    builds it into the run's shared temporary folder while the others wait for it."""
    if worker_id == "master":  # no xdist
        shared = tmp_path_factory.getbasetemp()
    else:  # each worker's folder sits in the run's own folder
        shared = tmp_path_factory.getbasetemp().parent
    site, built = shared / f"site-{edition}", shared / f"site-{edition}.built"
    with FileLock(shared / f"site-{edition}.lock"):
        if not built.exists():
            result = run_mkdocs_build(ROOT / "mkdocs.yml", site, edition)
            assert result.returncode == 0, f"the {edition} build failed:\n{result.stderr[-6000:]}"
            built.touch()
    return site


@pytest.fixture(scope="session")
def trainee_site(tmp_path_factory, worker_id) -> Path:
    return _build(tmp_path_factory, worker_id, "trainee")


@pytest.fixture(scope="session")
def supervisor_site(tmp_path_factory, worker_id) -> Path:
    return _build(tmp_path_factory, worker_id, "supervisor")


# ---------------------------------------------------------------------------------------------
# Real browser: Debian's chromium through Playwright, pages served from 127.0.0.1 only.


@pytest.fixture(scope="session")
def browser():
    with chromium.launch() as launched:
        yield launched


@pytest.fixture(scope="session")
def trainee_url(trainee_site):
    with chromium.serve(trainee_site) as url:
        yield url


@pytest.fixture(scope="session")
def supervisor_url(supervisor_site):
    with chromium.serve(supervisor_site) as url:
        yield url


# Fetching and indexing the whole search index costs about a third of a page load, and the
# suite is bound by the machine's two cores: pages are given an index with the site's own
# settings and no documents, except where a test searches (Watched.with_search).
SEARCH_INDEX = "**/" + chromium.SEARCH_INDEX
_search_config: dict[str, dict] = {}  # by index URL: the real index's "config"


def _index_without_documents(route) -> None:
    url = route.request.url
    if url not in _search_config:
        _search_config[url] = route.fetch().json()["config"]
    route.fulfill(json={"config": _search_config[url], "docs": []})


def new_page(browser, **options):
    """A page in a fresh context (`options` are the context's), its search index left empty;
    close it with `page.context.close()`."""
    context = browser.new_context(**options)
    context.route(SEARCH_INDEX, _index_without_documents)
    return context.new_page()


class Watched:
    """A page whose requests off 127.0.0.1 are blocked and recorded, with its console errors."""

    def __init__(self, page):
        self.page = page
        self.external: list[str] = []
        self.console_errors: list[str] = []
        page.route("**/*", self._route)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def with_search(self) -> Watched:
        """The site's whole search index from the next load on (a page from new_page has
        none), for a test that searches."""
        self.page.context.unroute(SEARCH_INDEX)
        return self

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "file://", "data:", "blob:", "about:")):
            route.fallback()  # to the context's routes (the search index), then the network
        else:
            self.external.append(url)
            route.abort()


@pytest.fixture
def watched(browser):
    """A fresh browser context and page, watched for third-party requests and console errors."""
    page = new_page(browser, accept_downloads=True)
    yield Watched(page)
    page.context.close()


# axe, for WCAG 2.2 AA: its default rule set leaves out target-size (success criterion 2.5.8,
# new in 2.2), so every run here turns it on. Only violations are asked for: the passes and
# incomplete results cost time and are never read.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def axe_violations(page, options: dict | None = None) -> list[dict]:
    """axe's violations on the page as it stands (AXE_OPTIONS unless `options` are given),
    with every transition and animation ended first: colours caught half-way through one (the
    header's tabs fading in after load, the back-to-top button as the page scrolls) are not
    the page's colours."""
    from axe_playwright_python.sync_playwright import Axe

    page.add_style_tag(content=NO_MOTION)
    return Axe().run(page, options=options or AXE_OPTIONS).response["violations"]


def axe_found(page) -> list[tuple[str, list]]:
    """Each violation on the page as (rule, targets): [] when axe finds nothing."""
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in axe_violations(page)]


_SCHEME = "document.body.getAttribute('data-md-color-scheme')"


def switch_colour_scheme(page) -> str:
    """Switch to the other colour scheme with the header's toggle, as a reader does (Material
    then sets the page's palette without reloading it); returns the scheme now shown."""
    before = page.evaluate(_SCHEME)
    page.locator("[data-md-component=palette] label.md-header__button:visible").click()
    page.wait_for_function(f"before => {_SCHEME} !== before", arg=before)
    return page.evaluate(_SCHEME)


CLEAN = {"default": [], "slate": []}  # what axe_found_in_both_schemes finds on a clean page


def axe_found_in_both_schemes(page, media: str = "screen") -> dict[str, list[tuple[str, list]]]:
    """axe_found in the scheme shown and then in the other (Material's "default" and "slate"),
    switched with the toggle and back, so that the page is left as it was. With media="print"
    the page is checked as printed (the toggle is switched on screen, where it is shown)."""
    found = {}
    for _ in range(2):
        page.emulate_media(media=media)
        found[page.evaluate(_SCHEME)] = axe_found(page)
        page.emulate_media(media="screen")
        switch_colour_scheme(page)
    page.emulate_media(media=media)
    return found


# ---------------------------------------------------------------------------------------------
# Markers that cannot drift: a test is `slow` when it builds a site (through a fixture or in its
# own body) and `browser` when it drives Chromium. `make check` runs everything else.

SLOW_FIXTURES = {"trainee_site", "supervisor_site", "trainee_url", "supervisor_url"}
BROWSER_FIXTURES = {"browser", "watched", "trainee_url", "supervisor_url"}
BUILDS = (
    "run_mkdocs_build(",
    'run("build"',
    'run("pdf"',
    'run("offline"',
    "build_site(",
    "getfixturevalue(",  # a site fixture chosen by parameter
)


def _body(item) -> str:
    import inspect

    function = getattr(item, "function", None)
    try:
        return inspect.getsource(function) if function else ""
    except (OSError, TypeError):
        return ""


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES or any(call in _body(item) for call in BUILDS):
            item.add_marker(pytest.mark.slow)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
