"""Timed builds, the plain-Markdown copy for the macro overhead, profiles, and the PDF."""

import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ditbook.tools.bench.budgets import REPEAT_BELOW_S, BenchError, Results, Say
from ditbook.tools.bench.synthetic import copy_project, no_print_config, without_block


def build(project: Path, edition: str, site: Path, config: str = "mkdocs.yml") -> float:
    """One strict build, as `ditbook build` runs it; returns the wall-clock seconds."""
    shutil.rmtree(site, ignore_errors=True)
    env = {
        **os.environ,
        "DIT_EDITION": edition,
        "DIT_SITE_DIR": str(site),
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / config)]
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        raise BenchError(f"the {edition} build ({config}) failed:\n{result.stderr[-4000:]}")
    return seconds


def best_of(runs: int, measure: Callable[[], float], say: Say) -> tuple[float, int]:
    """The fastest of up to `runs` runs (one if the first is slow); returns (seconds, runs)."""
    times = [measure()]
    while len(times) < runs and times[0] < REPEAT_BELOW_S:
        times.append(measure())
    say("    " + ", ".join(f"{t:.1f} s" for t in times))
    return min(times), len(times)


def make_plain(project: Path, plain: Path, edition: str) -> int:
    """A copy of `project` whose generated pages and macro pages are already plain Markdown.

    Every page the content types generate is written as a file where the hooks would add it;
    each page with `render_macros: true` is rendered once with the same page macros; the hooks
    and the macros plugin are removed. Returns the page count written.
    """
    import jinja2

    from ditbook.registry import load_bank
    from ditbook.site.page_macros import page_macros

    copy_project(plain)
    if edition == "trainee":  # as the hooks do: the supervisor-only folder is not built
        shutil.rmtree(plain / "docs" / "supervision", ignore_errors=True)
    bank = load_bank(project, edition)
    docs = plain / "docs"
    written = 0

    def write(src_uri: str, markdown: str) -> None:
        nonlocal written
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
        written += 1

    for _kind, groups in bank.page_groups:
        for group in groups:
            for page in group.pages:
                write(page.src_uri, page.markdown)

    current = {"src_uri": "index.md"}
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.update(page_macros(bank, lambda: current["src_uri"]))
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        if not (text.startswith("---\n") and sep and "\nrender_macros: true" in head):
            continue
        current["src_uri"] = path.relative_to(docs).as_posix()
        head = head.replace("\nrender_macros: true", "")
        write(current["src_uri"], head + sep + env.from_string(body).render())

    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    config = without_block(config, "hooks:")
    config = without_block(config, "  - macros:")
    (plain / "mkdocs.yml").write_text(no_print_config(config), encoding="utf-8")
    for folder in ("cases", "dialogues", "drills"):
        shutil.rmtree(plain / folder)  # nothing reads them: proof that the copy is plain
        (plain / folder).mkdir()  # `watch:` in mkdocs.yml needs the folder
    return written


# ---------------------------------------------------------------------------------------------
# Profiles, for a budget that fails


def _package_of(filename: str, name: str = "") -> str:
    """The package a profiled function belongs to; C functions by the module they come from."""
    if filename == "~":  # a C function: "<method 'x' of 'pkg.mod.Type' objects>" and the like
        found = re.search(r"of '([\w.]+)' objects|built-in method ([\w.]+)", name)
        qualified = (found.group(1) or found.group(2)) if found else ""
        if "." not in qualified:
            return STDLIB  # methods of list, dict, str ...
        top = qualified.split(".")[0]
        if top in sys.stdlib_module_names or top.lstrip("_") in sys.stdlib_module_names:
            return STDLIB
        top = top.lstrip("_")
        return C_PACKAGES.get(top, top)
    parts = Path(filename).parts
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1 :]
        return rest[0].removesuffix(".py") if rest else filename
    if "ditbook" in parts or "macros" in parts:
        return "ditbook (this project)"
    return STDLIB


STDLIB = "Python and its standard library"
C_PACKAGES = {"pydantic_core": "pydantic", "yaml": "yaml", "markupsafe": "markupsafe"}


def profile_summary(stats: pstats.Stats, top: int = 6) -> list[tuple[str, float]]:
    """Own time per package, largest first, as (package, share of the total)."""
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        package = _package_of(filename, name)
        totals[package] = totals.get(package, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:top]
    return [(name, seconds / whole) for name, seconds in ranked]


# The build's phases, and every plugin's and hook's event handlers (names starting with on_).
PHASES = {
    ("build.py", "_populate_page"): "MkDocs: read and convert every page's Markdown",
    ("build.py", "_build_page"): "MkDocs: render every page's HTML template and write it",
    ("build.py", "_build_theme_template"): "MkDocs: theme templates (404, sitemap)",
}


def stage_costs(stats: pstats.Stats, top: int = 10) -> list[tuple[str, float]]:
    """Cumulative time of the build phases and of each plugin event handler (they nest)."""
    whole = stats.total_tt or 1.0
    rows: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items():
        path = Path(filename)
        label = PHASES.get((path.name, name)) if "mkdocs" in path.parts else None
        if label is None and name.startswith("on_"):
            if path.parts[-2:] == ("mkdocs", "plugins.py"):  # the dispatcher: every handler
                label = f"MkDocs: every plugin's and hook's {name}"
            else:
                label = f"{_package_of(filename, name)}: {path.stem}.{name}"
        if label is None and path.parts[-2:] == ("content", "load.py") and name == "load":
            label = "ditbook (this project): content.load.load (reading and validating content)"
        if label:
            rows[label] = rows.get(label, 0.0) + cumtime
    ranked = sorted(rows.items(), key=lambda kv: -kv[1])[:top]
    return [(label, seconds / whole) for label, seconds in ranked]


def profile_build(project: Path, edition: str, site: Path, config: str) -> pstats.Stats:
    out = site.parent / f"{site.name}.prof"
    shutil.rmtree(site, ignore_errors=True)
    env = {
        **os.environ,
        "DIT_EDITION": edition,
        "DIT_SITE_DIR": str(site),
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build"]
    command += ["--strict", "-f", str(project / config)]
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BenchError(f"the profiled build failed:\n{result.stderr[-4000:]}")
    return pstats.Stats(str(out), stream=io.StringIO())


def measure_pdf(site: Path, out: Path, results: Results, say: Say) -> None:
    from ditbook.tools import browser, pdf

    try:
        browser.chromium_path()
    except browser.BrowserMissing as err:
        results.pdf_note = "skipped: " + str(err).splitlines()[0]
        return
    say("Printing the trainee handbook (0 extra cases) to PDF ...")
    try:
        [(path, pages, seconds)] = pdf.print_pages(site, [("print_page/", out)], say=say)
    except ImportError as err:  # Playwright or pypdf is not installed
        results.pdf_note = f"skipped: {err} (install the pdf extra)"
        return
    results.pdf = (seconds, path.stat().st_size, pages)
