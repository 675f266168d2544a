"""`ditbook bench`: how validation, the build, page size and the PDF scale with the case count.

Everything runs on a temporary copy of the project (docs/, cases/, macros/, overrides/,
mkdocs.yml) into whose cases/ folder synthetic cases are written: copies of the real cases with
a new id, file name, title, first name and age, worked examples and exercises in the same
proportion as the real ones. The real project is never touched, except for the report.

Budgets are reported as pass or fail, never asserted: a failing budget is a finding to act on.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

from macros.load import display_path, load_cases, load_valid_cases
from macros.model import Case
from macros.paths import CASES_DIR, ROOT

REPORT = ROOT / "BENCHMARKS.md"

PROJECT_PARTS = ("docs", "cases", "macros", "overrides", "mkdocs.yml")
SIZES = (0, 100, 400, 1000)
QUICK_SIZES = (0, 100)
EDITIONS = ("trainee", "supervisor")
VALIDATE_COUNT = 1000
OVERHEAD_SIZE = 400  # extra cases for the mkdocs-macros overhead measurement

# Budgets
VALIDATE_BUDGET_S = 1.0  # for VALIDATE_COUNT case files
LINEAR_FACTOR, LINEAR_SLACK_S = 3.0, 1.0  # time(1000) <= 3 * time(400) + 1 s
PAGE_BUDGET_BYTES = 60_000
OVERHEAD_BUDGET = 0.10

# A second run of a build is skipped when the first took longer than this (keeps the run short).
REPEAT_BELOW_S = 20.0
# Exercise ids allowed by the model are EX- and 2-3 digits; synthetic ones use 100-999.
FIRST_EXERCISE, LAST_EXERCISE = 100, 999
NAMES = (
    "Alex", "Bea", "Cal", "Dina", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jude", "Kit", "Lena",
    "Milo", "Nell", "Omar", "Pia", "Rosa", "Theo", "Uma", "Vera", "Wren", "Yara", "Zane", "Ines",
)  # fmt: skip
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-macros-plugin",
    "mkdocs-print-site-plugin",
    "pymdown-extensions",
    "Markdown",
    "Jinja2",
    "pydantic",
    "PyYAML",
    "playwright",
)

Say = Callable[[str], None]


class BenchError(RuntimeError):
    """The benchmark itself could not run (a build failed, a synthetic case was invalid)."""


# ---------------------------------------------------------------------------------------------
# Synthetic cases


@dataclass(frozen=True)
class Template:
    case: Case
    text: str

    @property
    def name(self) -> str:
        return self.case.id.split("-")[0].capitalize()


def templates(cases_dir: Path = CASES_DIR) -> list[Template]:
    cases = sorted(load_valid_cases([cases_dir]), key=lambda c: c.id)
    return [Template(c, (cases_dir / f"{c.id}.yaml").read_text(encoding="utf-8")) for c in cases]


def _replace_line(pattern: str, new: str, text: str, what: str) -> str:
    text, count = re.subn(pattern, new, text, count=1, flags=re.M)
    if count != 1:
        raise BenchError(f"cannot vary a case file: no {what} line")
    return text


def synthetic_cases(sources: Sequence[Template], count: int) -> list[tuple[str, str]]:
    """`count` valid case files as (file name, text), in the real worked/exercise proportion.

    Round-robin over the real cases keeps the proportion in every prefix of the list, so the
    first N files are a fair sample for any N. Once the 900 three-digit exercise ids are used
    up, the rest are worked examples.
    """
    worked = [t for t in sources if t.case.role == "worked-example"]
    if not worked:
        raise BenchError("synthetic cases need at least one real worked example")
    next_exercise = FIRST_EXERCISE
    out = []
    for n in range(1, count + 1):
        source = sources[(n - 1) % len(sources)]
        if source.case.exercise and next_exercise > LAST_EXERCISE:
            source = worked[(n - 1) % len(worked)]
        name = NAMES[(n - 1) % len(NAMES)]
        rest = source.case.id.split("-", 1)[1:]
        new_id = "-".join([name.lower(), *rest, f"{n:04d}"])
        text = re.sub(rf"\b{re.escape(source.name)}\b", name, source.text)
        title = re.sub(rf"\b{re.escape(source.name)}\b", name, source.case.title) + f" ({n})"
        text = _replace_line(r"^id:.*$", f"id: {new_id}", text, "id")
        text = _replace_line(r"^title:.*$", f"title: {json.dumps(title)}", text, "title")
        age = min(99, max(18, source.case.patient.age + n % 7 - 3))
        text = _replace_line(r"^(\s+age:\s*)\d+\s*$", rf"\g<1>{age}", text, "patient.age")
        if source.case.exercise:
            text = _replace_line(
                r"^(\s+id:\s*)[\"']?EX-\d+[\"']?\s*$",
                rf"\g<1>EX-{next_exercise}",
                text,
                "exercise.id",
            )
            next_exercise += 1
        out.append((f"{new_id}.yaml", text))
    return out


# ---------------------------------------------------------------------------------------------
# Project copies and builds


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(
                source, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
            )
        else:
            shutil.copy2(source, dest / part)
    return dest


def without_block(config_text: str, first_line: str) -> str:
    """mkdocs.yml without the block that starts with `first_line` (a top-level key or a plugin).

    The block ends at the next line indented no deeper than its first line. Text editing keeps
    the !ENV tags, which a YAML round trip would lose.
    """
    lines = config_text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip() == first_line]
    if len(starts) != 1:
        raise BenchError(f"mkdocs.yml: expected one line {first_line.strip()!r}")
    start = starts[0]
    indent = len(first_line) - len(first_line.lstrip())
    if first_line.lstrip().startswith("- "):
        indent += 1  # a list item's own keys are indented past its dash
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        end += 1
    return "".join(lines[:start] + lines[end:])


def no_print_config(config_text: str) -> str:
    return without_block(config_text, "  - print-site:")


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


def href_from(src_uri: str) -> Callable[[str], str]:
    """Links relative to a page, as the MkDocs adapter makes them."""
    import posixpath

    here = posixpath.dirname(src_uri)
    return lambda target: posixpath.relpath(target, here or ".")


def make_plain(project: Path, plain: Path, edition: str) -> int:
    """A copy of `project` whose case pages and macro pages are already plain Markdown.

    Each case page, exercise page and assignment sheet is written as a file where the adapter
    would generate it; each page with `render_macros: true` is rendered once with the adapter's
    own macro functions; the hooks and the macros plugin are removed. Returns the page count
    written.
    """
    import jinja2

    from macros import mkdocs_adapter as adapter
    from macros import render

    copy_project(plain)
    cases = load_valid_cases([project / "cases"])
    docs = plain / "docs"
    written = 0

    def write(src_uri: str, markdown: str) -> None:
        nonlocal written
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
        written += 1

    for case in cases:
        src = render.page_path(case)
        if case.role == "worked-example":
            write(src, render.case_page(case))
        else:
            write(src, render.exercise_page(case, edition, href_from(src)))
            write(render.sheet_path(case), render.assignment_sheet(case))

    adapter._state.update(cases={c.id: c for c in cases}, edition=edition)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals.update(adapter.MACROS)
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        if not (text.startswith("---\n") and sep and "\nrender_macros: true" in head):
            continue
        src_uri = path.relative_to(docs).as_posix()
        adapter._env["page"] = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))
        head = head.replace("\nrender_macros: true", "")
        write(src_uri, head + sep + env.from_string(body).render())
    adapter._env.pop("page", None)

    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    config = without_block(config, "hooks:")
    config = without_block(config, "  - macros:")
    (plain / "mkdocs.yml").write_text(no_print_config(config), encoding="utf-8")
    shutil.rmtree(plain / "cases")  # nothing reads them: proof that the copy is plain
    (plain / "cases").mkdir()  # `watch:` in mkdocs.yml needs the folder
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
    if "macros" in parts:
        return "macros (this project)"
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
        if label is None and path.parts[-2:] == ("macros", "load.py") and name == "load_cases":
            label = "macros (this project): load.load_cases (reading and validating cases)"
        if label:
            rows[label] = rows.get(label, 0.0) + cumtime
    ranked = sorted(rows.items(), key=lambda kv: -kv[1])[:top]
    return [(label, seconds / whole) for label, seconds in ranked]


def profile_validation(files_dir: Path) -> pstats.Stats:
    profiler = cProfile.Profile()
    profiler.enable()
    load_cases([files_dir])
    profiler.disable()
    return pstats.Stats(profiler, stream=io.StringIO())


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


# ---------------------------------------------------------------------------------------------
# The run


@dataclass
class Results:
    quick: bool
    sizes: tuple[int, ...]
    real_worked: int = 0
    real_exercises: int = 0
    synthetic_exercises: int = 0
    validate_count: int = 0
    validate_s: float = 0.0
    builds: dict[tuple[str, int], float] = field(default_factory=dict)
    runs: dict[tuple[str, int], int] = field(default_factory=dict)
    page: dict[int, tuple[str, int]] = field(default_factory=dict)  # size -> (case id, bytes)
    overhead_size: int = 0
    normal_s: float = 0.0
    plain_s: float = 0.0
    pdf: tuple[float, int, int] | None = None  # seconds, bytes, pages
    pdf_note: str = ""
    profiles: list[tuple[str, str, pstats.Stats]] = field(default_factory=list)
    elapsed_s: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at the start and the end

    @property
    def overhead(self) -> float:
        return (self.normal_s - self.plain_s) / self.plain_s


def largest_worked_page(site: Path, worked_ids: Sequence[str]) -> tuple[str, int]:
    sizes = [
        (case_id, (site / "workbook" / "cases" / case_id / "index.html").stat().st_size)
        for case_id in worked_ids
    ]
    return max(sizes, key=lambda s: s[1])


def run(quick: bool = False, say: Say = print) -> Results:
    started = time.perf_counter()
    sizes = QUICK_SIZES if quick else SIZES
    runs = 1 if quick else 2
    results = Results(quick=quick, sizes=sizes)
    load_at_start = _load()
    sources = templates()
    worked_ids = [t.case.id for t in sources if t.case.role == "worked-example"]
    results.real_worked = len(worked_ids)
    results.real_exercises = len(sources) - len(worked_ids)

    with tempfile.TemporaryDirectory(prefix="dit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        count = max(VALIDATE_COUNT, *sizes)
        say(f"Writing {count} synthetic case files ...")
        pool = tmp / "pool"
        pool.mkdir()
        files = synthetic_cases(sources, count)
        for name, text in files:
            (pool / name).write_text(text, encoding="utf-8")
        results.synthetic_exercises = sum("\nrole: exercise" in text for _, text in files)

        say(f"Validating {count} case files with load_cases ...")
        timings = []
        for _ in range(runs):
            t0 = time.perf_counter()
            cases, problems = load_cases([pool])
            timings.append(time.perf_counter() - t0)
        if problems or len(cases) != count:
            shown = "\n".join(str(p) for p in problems[:10])
            raise BenchError(f"synthetic cases are not valid ({len(problems)} problems):\n{shown}")
        results.validate_count, results.validate_s = count, min(timings)
        say(f"    {', '.join(f'{t:.2f} s' for t in timings)}")
        if results.validate_s > VALIDATE_BUDGET_S * count / VALIDATE_COUNT:
            sample = tmp / "sample"
            sample.mkdir()
            for name, _ in files[:100]:
                shutil.copy2(pool / name, sample / name)
            say("Validation is over budget: profiling it on 100 files ...")
            results.profiles.append(
                ("Validating 100 case files", "load_cases", profile_validation(sample))
            )

        project = copy_project(tmp / "project")
        (project / "mkdocs-noprint.yml").write_text(
            no_print_config((project / "mkdocs.yml").read_text(encoding="utf-8")),
            encoding="utf-8",
        )
        overhead_size = OVERHEAD_SIZE if OVERHEAD_SIZE in sizes else max(sizes)
        results.overhead_size = overhead_size
        pdf_site = tmp / "site-trainee-0"
        in_project = 0
        for size in sizes:
            for name, _ in files[in_project:size]:
                shutil.copy2(pool / name, project / "cases" / name)
            in_project = size
            for edition in EDITIONS:
                site = pdf_site if (edition, size) == ("trainee", 0) else tmp / "site"
                say(f"Building the {edition} edition with {size} extra cases ...")
                seconds, done = best_of(runs, lambda e=edition, s=site: build(project, e, s), say)
                results.builds[edition, size] = seconds
                results.runs[edition, size] = done
                if edition == "trainee" and size in (0, max(sizes)):
                    results.page[size] = largest_worked_page(site, worked_ids)
            if size == overhead_size:
                plain = tmp / "plain"
                say(f"Writing the plain-Markdown copy with {size} extra cases ...")
                pages = make_plain(project, plain, "trainee")
                say(f"    {pages} pages pre-rendered")
                normal, plain_times = [], []
                for i in range(runs):
                    say(f"Macro overhead, run {i + 1}/{runs}: normal, then plain (no print page)")
                    normal.append(build(project, "trainee", tmp / "site", "mkdocs-noprint.yml"))
                    plain_times.append(build(plain, "trainee", tmp / "site"))
                    say(f"    normal {normal[-1]:.1f} s, plain {plain_times[-1]:.1f} s")
                results.normal_s, results.plain_s = min(normal), min(plain_times)
                if results.overhead >= OVERHEAD_BUDGET:
                    say("The macro overhead is over budget: profiling one normal build ...")
                    results.profiles.append(
                        (
                            f"Normal build, trainee, {size} extra cases, no print page",
                            "mkdocs build",
                            profile_build(project, "trainee", tmp / "site", "mkdocs-noprint.yml"),
                        )
                    )

        if not quick:
            for edition in EDITIONS:
                if not linear_ok(results, edition):
                    say(f"Linearity is over budget ({edition}): profiling one 1000-case build ...")
                    results.profiles.append(
                        (
                            f"Full build, {edition}, {max(sizes)} extra cases",
                            "mkdocs build",
                            profile_build(project, edition, tmp / "site", "mkdocs.yml"),
                        )
                    )
                    break
            measure_pdf(pdf_site, tmp / "handbook.pdf", results, say)
        else:
            results.pdf_note = "not measured (--quick)"
    results.elapsed_s = time.perf_counter() - started
    results.load = (load_at_start, _load())
    return results


def measure_pdf(site: Path, out: Path, results: Results, say: Say) -> None:
    from macros import browser, pdf

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


# ---------------------------------------------------------------------------------------------
# The report


def linear_limit(results: Results, edition: str) -> float:
    return LINEAR_FACTOR * results.builds[edition, 400] + LINEAR_SLACK_S


def linear_ok(results: Results, edition: str) -> bool:
    return results.builds[edition, 1000] <= linear_limit(results, edition)


def _verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def tables(results: Results) -> str:
    r = results
    total = r.real_worked + r.real_exercises
    rows = [
        "| Extra cases | Cases in all | trainee build | supervisor build |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for size in r.sizes:
        cells = [
            f"{r.builds[e, size]:.1f} s" + (" (1 run)" if r.runs[e, size] == 1 else "")
            for e in EDITIONS
        ]
        rows.append(f"| {size} | {total + size} | {cells[0]} | {cells[1]} |")
    builds = "\n".join(rows)

    per_s = r.validate_count / r.validate_s
    budget_s = VALIDATE_BUDGET_S * r.validate_count / VALIDATE_COUNT
    rows = [
        "| Measure | Result | Budget | Verdict |",
        "| --- | ---: | --- | --- |",
        f"| Validate {r.validate_count} case files | {r.validate_s:.2f} s ({per_s:.0f} cases/s) "
        f"| < {budget_s:g} s | {_verdict(r.validate_s < budget_s)} |",
    ]
    for edition in EDITIONS:
        if 400 in r.sizes and 1000 in r.sizes:
            limit = linear_limit(r, edition)
            rows.append(
                f"| Linearity, {edition}: time(1000) vs 3 × time(400) + 1 s "
                f"| {r.builds[edition, 1000]:.1f} s vs {limit:.1f} s "
                f"| time(1000) ≤ 3 × time(400) + 1 s | {_verdict(linear_ok(r, edition))} |"
            )
        else:
            rows.append(
                f"| Linearity, {edition} | not measured (--quick) "
                "| time(1000) ≤ 3 × time(400) + 1 s | – |"
            )
    for size, (case_id, size_bytes) in sorted(r.page.items()):
        rows.append(
            f"| Worked case page HTML, {size} extra cases (largest: {case_id}) "
            f"| {_kb(size_bytes)} | < {_kb(PAGE_BUDGET_BYTES)} "
            f"| {_verdict(size_bytes < PAGE_BUDGET_BYTES)} |"
        )
    rows.append(
        f"| mkdocs-macros layer overhead, {r.overhead_size} extra cases "
        f"(normal {r.normal_s:.1f} s, plain {r.plain_s:.1f} s) | {r.overhead * 100:+.1f} % "
        f"| < {OVERHEAD_BUDGET * 100:.0f} % | {_verdict(r.overhead < OVERHEAD_BUDGET)} |"
    )
    if r.pdf:
        seconds, size_bytes, pages = r.pdf
        rows.append(
            f"| PDF, trainee, 0 extra cases | {seconds:.1f} s, {size_bytes / 1e6:.1f} MB, "
            f"{pages} pages | – | – |"
        )
    else:
        rows.append(f"| PDF, trainee, 0 extra cases | {r.pdf_note} | – | – |")
    budgets = "\n".join(rows)
    return f"### Build time\n\n{builds}\n\n### Budgets\n\n{budgets}\n"


def failures(results: Results) -> list[str]:
    r = results
    out = []
    if r.validate_s >= VALIDATE_BUDGET_S * r.validate_count / VALIDATE_COUNT:
        out.append(
            f"validation: {r.validate_count} case files take {r.validate_s:.2f} s "
            f"(budget {VALIDATE_BUDGET_S:g} s per {VALIDATE_COUNT})"
        )
    if 400 in r.sizes and 1000 in r.sizes:
        for edition in EDITIONS:
            if not linear_ok(r, edition):
                out.append(
                    f"linearity ({edition}): {r.builds[edition, 1000]:.1f} s with 1000 extra "
                    f"cases, over 3 × {r.builds[edition, 400]:.1f} s + 1 s"
                )
    for size, (case_id, size_bytes) in sorted(r.page.items()):
        if size_bytes >= PAGE_BUDGET_BYTES:
            out.append(f"case page size: {case_id} is {_kb(size_bytes)} at {size} extra cases")
    if r.overhead >= OVERHEAD_BUDGET:
        out.append(f"mkdocs-macros layer overhead: {r.overhead * 100:+.1f} %")
    return out


def _profile_section(results: Results) -> str:
    if not results.profiles:
        return ""
    parts = ["## Where the time goes\n"]
    for title, what, stats in results.profiles:
        parts.append(f"**{title}** (cProfile of {what}, {stats.total_tt:.1f} s profiled).\n")
        packages = profile_summary(stats)
        parts.append(
            f"Most of the time is spent in **{packages[0][0]}** ({packages[0][1] * 100:.0f} % "
            "of the own time of all functions).\n"
        )
        parts.append("| Package | Share of own time |\n| --- | ---: |")
        parts += [f"| {name} | {share * 100:.0f} % |" for name, share in packages]
        parts.append("\n| Stage or event handler (cumulative, they nest) | Share |")
        parts.append("| --- | ---: |")
        parts += [f"| {name} | {share * 100:.0f} % |" for name, share in stage_costs(stats)]
        parts.append("")
    return "\n".join(parts) + "\n"


def _versions() -> str:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what `nproc` reports
    except AttributeError:
        return os.cpu_count() or 1


def report(results: Results, today: dt.date | None = None) -> str:
    r = results
    today = today or dt.date.today()
    failed = failures(r)
    summary = (
        "Every budget passes."
        if not failed
        else "**Budgets that fail:**\n\n"
        + "\n".join(f"- {f}" for f in failed)
        + "\n\nEach failing budget is profiled below."
    )
    total = r.real_worked + r.real_exercises
    quick_note = "; this run used `--quick`" if r.quick else ""
    return f"""# Build benchmarks

A generated report: do not edit it by hand, run the benchmark again.

- Date: {today.isoformat()}
- Machine: {_cores()} cores (`nproc`), {_cpu_model()}, {platform.system()}
- Python {platform.python_version()}; {_versions()}
- Reproduce: `make bench` (or `.venv/bin/ditbook bench`){quick_note}
- Whole run: {r.elapsed_s / 60:.1f} min; 1-minute load average {r.load[0]:.1f} at the start,
  {r.load[1]:.1f} at the end (other work on the machine slows every timing)

## Method

The benchmark copies `docs/`, `cases/`, `macros/`, `overrides/` and `mkdocs.yml` to a temporary
folder and adds synthetic cases to its `cases/`: copies of the {total} real cases with a new id,
file name, title, first name and age, round-robin over the real ones, so worked examples and
exercises keep the real proportion ({r.real_worked} : {r.real_exercises}); the synthetic
exercises have ids EX-{FIRST_EXERCISE} upwards ({r.synthetic_exercises} of the
{r.validate_count} files written).

- **Validation**: `macros.load.load_cases` on {r.validate_count} synthetic case files
  (best of {1 if r.quick else 2}).
- **Build time**: `python -m mkdocs build --strict` with `DIT_EDITION` and `DIT_SITE_DIR`, as
  `ditbook build` runs it, wall clock including start-up; best of {1 if r.quick else 2} runs
  ("1 run" where the first took over {REPEAT_BELOW_S:.0f} s, or with `--quick`).
- **Case page size**: the largest `workbook/cases/<id>/index.html` of the real worked examples,
  trainee edition.
- **mkdocs-macros layer overhead**: the trainee build with {r.overhead_size} extra cases against
  a copy whose case pages, exercise pages, assignment sheets and macro pages are already plain
  Markdown files, with the hooks and the macros plugin removed. The print page
  (mkdocs-print-site) is disabled in **both** builds for this measurement only, because the
  hooks also add every case page to it. Best of {1 if r.quick else 2} runs each, alternating
  normal and plain. Overhead = (normal − plain) / plain.
- **PDF**: the print page of the trainee edition with no extra cases, printed by Chromium
  (`macros.pdf.print_pages`){"" if r.pdf else f"; {r.pdf_note}"}.

## Results

{tables(r)}
{summary}

{_profile_section(r)}"""


def main(output: Path = REPORT, quick: bool = False, say: Say = print) -> int:
    try:
        results = run(quick=quick, say=say)
    except BenchError as err:
        print(f"ditbook bench: {err}", file=sys.stderr)
        return 1
    text = report(results)
    print()
    print(tables(results))
    for line in failures(results):
        print(f"FAILS: {line}")
    output.write_text(text.rstrip() + "\n", encoding="utf-8")
    print(f"Wrote {display_path(output)}.")
    return 0
