"""Every page of both editions, the print page and the 404 page included, loaded once in
Chromium: it loads whole (status, no console error, nothing asked of another host, no sideways
scrolling on a 360 px phone), passes HTML_CodeSniffer's WCAG 2 AA rules (pa11y) and is valid
HTML (Nu Html Checker).

pa11y is a second accessibility engine beside axe (tests/test_browser.py): each catches what
the other misses. The checkers come from npm (package.json, pinned in package-lock.json) and
are installed by `make checkers` (part of `make test`); the Nu checker runs on Java, and one
Chromium (scripts/pa11y-pages.js) loads every page for the other checks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ditbook.paths import ROOT

from .page_sets import page_paths

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y_PAGES = ROOT / "scripts" / "pa11y-pages.js"
INSTALL_HINT = "run `make checkers` (it installs Java and the npm packages of package.json)"


@dataclass(frozen=True)
class Allowed:
    """An error that cannot be fixed in this project, with where it is tracked upstream."""

    checker: str  # "vnu" or "pa11y"
    message: str  # a regular expression the error's message must match
    reason: str
    upstream: str


# Nothing is allowed today: every error the checkers found was fixed, in our pages or in the
# theme's and print plugin's output (ditbook/site/html_fixes.py). Add an entry only for an error
# that truly cannot be fixed here, with its upstream issue and why.
ALLOWED: tuple[Allowed, ...] = ()


def split_allowed(checker: str, errors: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """(where, message) pairs -> (errors left, errors allowed), each as 'where: message'."""
    left, allowed = [], []
    for where, message in errors:
        rule = next(
            (a for a in ALLOWED if a.checker == checker and re.search(a.message, message)), None
        )
        if rule is None:
            left.append(f"{where}: {message}")
        else:
            allowed.append(f"{where}: {message} (allowed: {rule.reason}; {rule.upstream})")
    return left, allowed


def report_allowed(checker: str, edition: str, allowed: list[str]) -> None:
    print(
        f"{checker} {edition}: {len(allowed)} error(s) allowed"
        + "".join(f"\n  {a}" for a in allowed)
    )


EDITIONS = ("trainee", "supervisor")
NOT_FOUND = "404.html"
PHONE_WIDTH = 360  # CSS px, as scripts/pa11y-pages.js lays each page out first


def checked_paths(edition: str, site: Path) -> list[str]:
    """The URL paths checked in an edition: every page, the print page and the 404 page too."""
    assert (site / NOT_FOUND).is_file()
    paths = [*page_paths(site), NOT_FOUND]
    if edition == "supervisor":  # its own pages are there
        assert {"supervision/mark/", "supervision/pack/", "print_page/"} <= set(paths), paths
    return paths


def html_file(site: Path, path: str) -> Path:
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def checked_files(sites: dict[str, Path]) -> dict[str, list[Path]]:
    """By edition, the HTML file of every page checked (see checked_paths)."""
    files = {
        edition: [html_file(site, p) for p in checked_paths(edition, site)]
        for edition, site in sites.items()
    }
    assert len(files["trainee"]) > 20, files
    return files


# ---------------------------------------------------------------------------------------------
# One load of every page checked: what it loads, its width on a phone, and pa11y with
# HTML_CodeSniffer at WCAG 2 AA. One browser for both editions.


def pa11y_pages(urls: list[str]) -> dict[str, dict]:
    """Each page loaded once by scripts/pa11y-pages.js: by URL, its status, console errors,
    requests off 127.0.0.1, width on a phone and pa11y's issues."""
    from ditbook.tools.browser import chromium_path

    node = shutil.which("node")
    assert node and (ROOT / "node_modules" / "pa11y").exists(), (
        f"pa11y is not installed: {INSTALL_HINT}"
    )
    result = subprocess.run(
        [node, str(PA11Y_PAGES), *urls],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "DIT_CHROMIUM": chromium_path()},
    )
    assert result.returncode == 0, f"pa11y failed (exit {result.returncode}):\n{result.stderr}"
    results = json.loads(result.stdout)
    assert sorted(results) == sorted(urls), "pa11y did not report on every page"
    for url, page in results.items():  # a page that loaded was measured and checked
        assert page["status"] != 200 or ("phoneWidth" in page and "issues" in page), url
    return results


@pytest.fixture(scope="module")
def sites(trainee_site, supervisor_site) -> dict[str, Path]:
    return dict(zip(EDITIONS, (trainee_site, supervisor_site), strict=True))


@pytest.fixture(scope="module")
def page_report(request, sites, trainee_url, supervisor_url) -> dict[str, dict[str, dict]]:
    """By edition and URL path, what scripts/pa11y-pages.js found on the page's one load."""
    if any("vnu_report" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("vnu_run")  # start the Nu checker now: it runs while pa11y does
    urls = {"trainee": trainee_url, "supervisor": supervisor_url}
    pages = [
        (html_file(site, path).stat().st_size, edition, path, urls[edition] + path)
        for edition, site in sites.items()
        for path in checked_paths(edition, site)
    ]
    pages.sort(key=lambda p: -p[0])  # the print pages, longest by far, start at once
    found = pa11y_pages([page_url for *_, page_url in pages])
    report: dict[str, dict[str, dict]] = {edition: {} for edition in sites}
    for _, edition, path, page_url in pages:
        report[edition][path] = found[page_url]
    return report


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_loads_privately_and_fits_a_phone(page_report, edition):
    """Status 200, no console error or uncaught exception, no request off 127.0.0.1, and no
    sideways scrolling at 360 px."""
    problems = []
    for path, page in page_report[edition].items():
        if page["status"] != 200:
            problems.append(f"/{path}: status {page['status']}")
        problems += [f"/{path}: console: {e}" for e in page["console"]]
        problems += [f"/{path}: third-party request: {u}" for u in page["external"]]
        if page.get("phoneWidth", 0) > PHONE_WIDTH:
            problems.append(f"/{path}: {page['phoneWidth']}px wide on a {PHONE_WIDTH}px phone")
    assert problems == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_passes_html_codesniffer_at_wcag2aa(page_report, edition):
    errors = [
        (f"/{path} {issue['selector']}", f"{issue['code']}: {issue['message']}")
        for path, page in page_report[edition].items()
        for issue in page["issues"]
        if issue["type"] == "error"
    ]
    left, allowed = split_allowed("pa11y", errors)
    report_allowed("pa11y", edition, allowed)
    assert not left, f"{len(left)} pa11y error(s) in the {edition} edition:\n" + "\n".join(left)


# ---------------------------------------------------------------------------------------------
# The Nu Html Checker: one run (one Java start-up) over the pages of both editions checked.
# When pa11y's tests run too, it is started before them and runs while pa11y does.


class VnuRun:
    """The Nu Html Checker running over `files`; `errors()` waits for it."""

    def __init__(self, files: list[Path], report: Path):
        java = shutil.which("java")
        assert java and VNU_JAR.exists(), f"the Nu Html Checker is not installed: {INSTALL_HINT}"
        self.files = files
        self.report = report
        # Language detection only ever warns, and --errors-only drops warnings: skip its cost.
        command = [java, "-jar", str(VNU_JAR), "--errors-only", "--no-langdetect"]
        with report.open("w", encoding="utf-8") as out:  # vnu writes its report to stderr
            self.process = subprocess.Popen(
                [*command, "--format", "json", *map(str, files)],
                stdout=subprocess.DEVNULL,
                stderr=out,
            )

    def errors(self) -> dict[Path, list[tuple[int, str]]]:
        """Every error, by file: (line, message)."""
        code = self.process.wait(timeout=600)
        text = self.report.read_text(encoding="utf-8")
        try:
            messages = json.loads(text)["messages"]
        except (ValueError, KeyError):
            pytest.fail(f"the Nu Html Checker failed (exit {code}):\n{text}")
        # Its exit code says whether it found errors: it must agree with the report it wrote.
        assert (code != 0) == bool(messages), text[-2000:]
        errors: dict[Path, list[tuple[int, str]]] = {f: [] for f in self.files}
        for m in messages:
            where = Path(m["url"].removeprefix("file:")) if "url" in m else self.files[0]
            errors.setdefault(where, []).append(
                (m.get("lastLine", 0), f"{m['type']}: {m['message']}")
            )
        return errors


@pytest.fixture(scope="module")
def vnu_run(sites, tmp_path_factory):
    run = VnuRun(
        [f for files in checked_files(sites).values() for f in files],
        tmp_path_factory.mktemp("vnu") / "report.json",
    )
    yield run
    if run.process.poll() is None:
        run.process.kill()
        run.process.wait()


@pytest.fixture(scope="module")
def vnu_report(sites, vnu_run) -> dict[str, list[tuple[str, str]]]:
    errors = vnu_run.errors()
    report = {
        edition: [
            (f"{f.relative_to(sites[edition]).as_posix()}:{line}", message)
            for f in files
            for line, message in errors.pop(f)
        ]
        for edition, files in checked_files(sites).items()
    }
    assert not any(errors.values()), f"errors in files it was not given: {errors}"
    return report


@pytest.mark.slow
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_is_valid_html(vnu_report, edition):
    left, allowed = split_allowed("vnu", vnu_report[edition])
    report_allowed("vnu", edition, allowed)
    assert not left, f"{len(left)} Nu Html Checker error(s) in the {edition} edition:\n" + (
        "\n".join(left)
    )


def test_an_allowed_error_needs_a_matching_rule(monkeypatch):
    rule = Allowed("vnu", r"^error: Bad thing", "why it stays", "https://example.org/issue/1")
    monkeypatch.setitem(globals(), "ALLOWED", (rule,))
    errors = [("a.html:3", "error: Bad thing here"), ("b.html:4", "error: Other thing")]
    left, allowed = split_allowed("vnu", errors)
    assert left == ["b.html:4: error: Other thing"]
    assert allowed == [
        "a.html:3: error: Bad thing here (allowed: why it stays; https://example.org/issue/1)"
    ]
    assert split_allowed("pa11y", errors)[1] == []  # a rule is for one checker


@pytest.mark.slow
def test_every_page_description_is_written_whole(trainee_site, supervisor_site):
    """A description is plain text: a quotation mark in it must not end the meta attribute.
    Pages under docs/supervision/ are built in the supervisor edition only."""
    from bs4 import BeautifulSoup

    written = {}
    for source in sorted((ROOT / "docs").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        description = (yaml.safe_load(text.split("---\n")[1]) or {}).get("description")
        if not description:
            continue
        page = source.relative_to(ROOT / "docs").with_suffix("")
        page = page.parent if page.name == "index" else page
        site = supervisor_site if page.parts[:1] == ("supervision",) else trainee_site
        html = (site / page / "index.html").read_text(encoding="utf-8")
        meta = BeautifulSoup(html, "html.parser").find_all("meta", attrs={"name": "description"})
        assert [m.get("content") for m in meta] == [description], source
        written[source.name] = description
    assert len(written) >= 10
    assert any('"' in d for d in written.values()), "no description with quotation marks to test"
