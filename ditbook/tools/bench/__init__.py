"""`ditbook bench`: how validation, the build, page size and the PDF scale with the case count.

Everything runs on a temporary copy of the project (docs/, cases/, macros/, overrides/,
mkdocs.yml) into whose cases/ folder synthetic cases are written: copies of the real cases with
a new id, file name, title, first name and age, worked examples and exercises in the same
proportion as the real ones. The real project is never touched, except for the report.

Budgets are reported as pass or fail, never asserted: a failing budget is a finding to act on.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from ditbook.content import load
from ditbook.content.problems import display_path
from ditbook.paths import ROOT
from ditbook.registry import CASES, load_all
from ditbook.tools.bench.budgets import (
    EDITIONS,
    OVERHEAD_BUDGET,
    OVERHEAD_SIZE,
    QUICK_SIZES,
    QUICK_VALIDATE_COUNT,
    REPORT,
    SIZES,
    VALIDATE_COUNT,
    BenchError,
    Results,
    Say,
    largest_worked_page,
)
from ditbook.tools.bench.measure import best_of, build, make_plain, measure_pdf, profile_build
from ditbook.tools.bench.report import failures, linear_ok, load_average, report, tables
from ditbook.tools.bench.synthetic import copy_project, no_print_config, synthetic_cases, templates


def run(quick: bool = False, say: Say = print) -> Results:
    started = time.perf_counter()
    sizes = QUICK_SIZES if quick else SIZES
    runs = 1 if quick else 2
    results = Results(quick=quick, sizes=sizes)
    load_at_start = load_average()
    sources = templates()
    worked_ids = [t.case.id for t in sources if t.case.role == "worked-example"]
    results.real_worked = len(worked_ids)
    results.real_exercises = len(sources) - len(worked_ids)

    with tempfile.TemporaryDirectory(prefix="dit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        count = max(QUICK_VALIDATE_COUNT if quick else VALIDATE_COUNT, *sizes)
        say(f"Writing {count} synthetic case files ...")
        pool = tmp / "pool"
        pool.mkdir()
        files = synthetic_cases(sources, count)
        for name, text in files:
            (pool / name).write_text(text, encoding="utf-8")
        results.synthetic_exercises = sum("\nrole: exercise" in text for _, text in files)

        say("Validating the real bank ...")
        bank_timings = []
        for _ in range(5):
            t0 = time.perf_counter()
            items, problems = load_all(ROOT)
            bank_timings.append(time.perf_counter() - t0)
        if problems:
            raise BenchError(f"the real bank is not valid ({len(problems)} problems)")
        results.bank_s = min(bank_timings)
        results.bank_files = sum(len(v) for v in items.values())
        say(f"    {results.bank_s:.3f} s for {results.bank_files} files")

        say(f"Validating {count} synthetic case files ...")
        timings = []
        for _ in range(runs):
            t0 = time.perf_counter()
            cases, problems = load.load(CASES, [pool])
            timings.append(time.perf_counter() - t0)
        if problems or len(cases) != count:
            shown = "\n".join(str(p) for p in problems[:10])
            raise BenchError(f"synthetic cases are not valid ({len(problems)} problems):\n{shown}")
        results.validate_count, results.validate_s = count, min(timings)
        say(f"    {', '.join(f'{t:.2f} s' for t in timings)}")

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
            for edition in EDITIONS[:1] if quick else EDITIONS:
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
                # The budget is set at OVERHEAD_SIZE cases: a quick run measures fewer, and a
                # profile of so small a build would point at fixed costs, not the layer's.
                if results.overhead >= OVERHEAD_BUDGET and not quick:
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
    results.load = (load_at_start, load_average())
    return results


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
