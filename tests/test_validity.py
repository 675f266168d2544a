"""Every built page of both editions is valid HTML (Nu Html Checker) and passes HTML_CodeSniffer's
WCAG 2 AA rules (pa11y), print page and 404 page included.

A second accessibility engine beside axe (tests/test_browser.py): each catches what the other
misses. The checkers come from npm (package.json, pinned in package-lock.json) and are installed
by `make checkers` (part of `make test`); the Nu checker runs on Java, pa11y drives Debian's
chromium through one browser for all pages.
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


def html_files(site: Path) -> list[Path]:
    files = sorted(site.rglob("*.html"))
    names = {p.relative_to(site).as_posix() for p in files}
    assert len(files) > 20, f"only {len(files)} HTML files in {site}"
    assert {"index.html", "404.html", "print_page/index.html"} <= names
    return files


def page_paths(site: Path) -> list[tuple[int, str]]:
    """Every page (the directory pages, the print page and the 404 page) as (size, URL path)."""
    return [
        (f.stat().st_size, f.relative_to(site).as_posix().removesuffix("index.html"))
        for f in html_files(site)
    ]


EDITIONS = ("trainee", "supervisor")

# ---------------------------------------------------------------------------------------------
# pa11y with HTML_CodeSniffer, WCAG 2 AA: one browser for every page of both editions.


def pa11y_issues(urls: list[str]) -> dict[str, list[dict]]:
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
    return results


@pytest.fixture(scope="module")
def pa11y_report(request, trainee_site, supervisor_site, trainee_url, supervisor_url):
    if any("vnu_report" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("vnu_run")  # start the Nu checker now: it runs while pa11y does
    sites = {
        "trainee": (trainee_site, trainee_url),
        "supervisor": (supervisor_site, supervisor_url),
    }
    pages = [
        (size, edition, path, url + path)
        for edition, (site, url) in sites.items()
        for size, path in page_paths(site)
    ]
    pages.sort(key=lambda p: -p[0])  # the print pages, longest by far, start at once
    issues = pa11y_issues([page_url for *_, page_url in pages])
    report: dict[str, list[tuple[str, str]]] = {edition: [] for edition in sites}
    for _, edition, path, page_url in pages:
        report[edition] += [
            (f"/{path} {issue['selector']}", f"{issue['code']}: {issue['message']}")
            for issue in issues[page_url]
            if issue["type"] == "error"
        ]
    return report


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_passes_html_codesniffer_at_wcag2aa(pa11y_report, edition):
    left, allowed = split_allowed("pa11y", pa11y_report[edition])
    report_allowed("pa11y", edition, allowed)
    assert not left, f"{len(left)} pa11y error(s) in the {edition} edition:\n" + "\n".join(left)


# ---------------------------------------------------------------------------------------------
# The Nu Html Checker: one run (one Java start-up) over both editions. When pa11y's tests run
# too, it is started before them and runs while pa11y does.


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
def sites(trainee_site, supervisor_site) -> dict[str, Path]:
    return dict(zip(EDITIONS, (trainee_site, supervisor_site), strict=True))


@pytest.fixture(scope="module")
def vnu_run(sites, tmp_path_factory):
    run = VnuRun(
        [f for site in sites.values() for f in html_files(site)],
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
            (f"{f.relative_to(site).as_posix()}:{line}", message)
            for f in html_files(site)
            for line, message in errors.pop(f)
        ]
        for edition, site in sites.items()
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
