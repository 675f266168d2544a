"""`ditbook bench --quick`: the report has every row, each with a number. No timing is asserted."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from ditbook.tools.bench import budgets
from ditbook.tools.bench import synthetic as synthetic_files

from .conftest import load_cases

NUMBER = r"\d+(\.\d+)?"


def test_synthetic_cases_are_valid_and_keep_the_proportion(tmp_path):
    sources = synthetic_files.templates()
    files = synthetic_files.synthetic_cases(sources, 40)
    for name, text in files:
        (tmp_path / name).write_text(text, encoding="utf-8")
    cases, problems = load_cases([tmp_path])
    assert problems == []
    assert len(cases) == 40
    real = sum(t.case.role == "exercise" for t in sources) / len(sources)
    synthetic = sum(c.role == "exercise" for c in cases) / len(cases)
    assert abs(real - synthetic) < 0.1
    exercise_ids = [c.exercise.id for c in cases if c.exercise]
    assert len(set(exercise_ids)) == len(exercise_ids)
    assert all(re.fullmatch(r"EX-[1-9]\d\d", i) for i in exercise_ids)


def test_exercise_ids_run_out_at_999_and_the_rest_are_worked_examples():
    sources = synthetic_files.templates()
    files = synthetic_files.synthetic_cases(sources, 2000)
    ids = re.findall(r"^\s+id: (EX-\d+)$", "\n".join(text for _, text in files), flags=re.M)
    assert len(ids) == len(set(ids)) == budgets.LAST_EXERCISE - budgets.FIRST_EXERCISE + 1
    assert max(ids) == "EX-999"


def test_config_blocks_are_removed_whole():
    config = "a: 1\nhooks:\n  - x.py\nplugins:\n  - search\n  - macros:\n      on: true\n  - b\n"
    assert synthetic_files.without_block(config, "hooks:") == (
        "a: 1\nplugins:\n  - search\n  - macros:\n      on: true\n  - b\n"
    )
    assert synthetic_files.without_block(config, "  - macros:") == (
        "a: 1\nhooks:\n  - x.py\nplugins:\n  - search\n  - b\n"
    )


@pytest.mark.slow
def test_quick_bench_writes_every_row(tmp_path):
    output = tmp_path / "BENCH.md"
    result = subprocess.run(
        [sys.executable, "-m", "ditbook.tools.cli", "bench", "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = output.read_text(encoding="utf-8")
    assert report.startswith("# Build benchmarks")
    assert re.search(r"- Machine: \d+ cores", report)
    small, large = budgets.QUICK_SIZES
    validated = budgets.QUICK_VALIDATE_COUNT
    rows = {
        "bank": rf"\| Validate the bank \(\d+ files\) against one trainee build \({NUMBER} s\) "
        rf"\| {NUMBER} s \({NUMBER} %\) \| < 10 % \| (pass|\*\*FAIL\*\*) \|",
        "validate": rf"\| Validate {validated} synthetic case files "
        rf"\| {NUMBER} s \({NUMBER} cases/s\) \|",
        # --quick builds the trainee edition only.
        f"build {small}": rf"\| {small} \| \d+ \| {NUMBER} s[^|]* \| not measured \(--quick\) \|",
        f"build {large}": rf"\| {large} \| \d+ \| {NUMBER} s[^|]* \| not measured \(--quick\) \|",
        f"page {small}": rf"\| Worked case page HTML, {small} extra cases [^|]*\| {NUMBER} KB \|",
        f"page {large}": rf"\| Worked case page HTML, {large} extra cases [^|]*\| {NUMBER} KB \|",
        "macros": rf"\| mkdocs-macros layer overhead, {large} extra cases "
        rf"[^|]*\| [+-]{NUMBER} % \|",
        "pdf": r"\| PDF, trainee, 0 extra cases \| not measured",
    }
    for what, pattern in rows.items():
        assert re.search(pattern, report), f"no {what} row in:\n{report}"
    verdicts = re.findall(r"\| (pass|\*\*FAIL\*\*) \|$", report, flags=re.M)
    assert len(verdicts) == 4  # the bank's validation, two page sizes, macro overhead
    # The same tables go to standard output.
    assert f"| Validate {validated} synthetic case files |" in result.stdout
