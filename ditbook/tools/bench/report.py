"""BENCHMARKS.md: the tables, the verdicts and the profiles of a run."""

import datetime as dt
import os
import platform
from importlib import metadata
from pathlib import Path

from ditbook.tools.bench.budgets import (
    BANK_SHARE_BUDGET,
    EDITIONS,
    FIRST_EXERCISE,
    LINEAR_FACTOR,
    LINEAR_SLACK_S,
    OVERHEAD_BUDGET,
    PACKAGES,
    PAGE_BUDGET_BYTES,
    REPEAT_BELOW_S,
    Results,
)
from ditbook.tools.bench.measure import profile_summary, stage_costs

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
            if (e, size) in r.builds
            else "not measured (--quick)"
            for e in EDITIONS
        ]
        rows.append(f"| {size} | {total + size} | {cells[0]} | {cells[1]} |")
    builds = "\n".join(rows)

    per_s = r.validate_count / r.validate_s
    build_s = r.builds["trainee", 0]
    rows = [
        "| Measure | Result | Budget | Verdict |",
        "| --- | ---: | --- | --- |",
        f"| Validate the bank ({r.bank_files} files) against one trainee build ({build_s:.1f} s) "
        f"| {r.bank_s:.3f} s ({r.bank_share * 100:.1f} %) | < {BANK_SHARE_BUDGET * 100:.0f} % "
        f"| {_verdict(r.bank_share < BANK_SHARE_BUDGET)} |",
        f"| Validate {r.validate_count} synthetic case files | {r.validate_s:.2f} s "
        f"({per_s:.0f} cases/s) | – | – |",
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
    if r.bank_share >= BANK_SHARE_BUDGET:
        out.append(
            f"validation: the bank takes {r.bank_s:.3f} s, {r.bank_share * 100:.1f} % of one "
            f"trainee build (budget {BANK_SHARE_BUDGET * 100:.0f} %)"
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


def load_average() -> float:
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

- **Validation**: every content file of the real bank loaded and validated as a build does
  (`ditbook.registry.load_all`, best of 5), against one trainee build with no extra cases; and,
  for scale, `ditbook.content.load.load` on {r.validate_count} synthetic case files (best of
  {1 if r.quick else 2}).
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
  (`ditbook.tools.pdf.print_pages`){"" if r.pdf else f"; {r.pdf_note}"}.

## Results

{tables(r)}
{summary}

{_profile_section(r)}"""
