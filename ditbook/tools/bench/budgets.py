"""What the benchmark measures, its budgets, and the results of a run."""

import pstats
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ditbook.paths import ROOT

REPORT = ROOT / "BENCHMARKS.md"

PROJECT_PARTS = (
    "docs",
    "cases",
    "dialogues",
    "drills",
    "selfchecks",
    "macros",
    "overrides",
    "mkdocs.yml",
)
SIZES = (0, 100, 400, 1000)
EDITIONS = ("trainee", "supervisor")
VALIDATE_COUNT = 1000
# `--quick` checks that every measurement runs and is reported (the test suite runs it), not
# the budgets: small sizes, and the trainee edition's builds only, keep it short.
QUICK_SIZES = (0, 20)
QUICK_VALIDATE_COUNT = 200
OVERHEAD_SIZE = 400  # extra cases for the mkdocs-macros overhead measurement

# Budgets
# Validating the real bank costs less than this share of one trainee build (no extra cases).
BANK_SHARE_BUDGET = 0.10
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


@dataclass
class Results:
    quick: bool
    sizes: tuple[int, ...]
    real_worked: int = 0
    real_exercises: int = 0
    synthetic_exercises: int = 0
    validate_count: int = 0
    validate_s: float = 0.0
    bank_files: int = 0
    bank_s: float = 0.0
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
    def bank_share(self) -> float:
        return self.bank_s / self.builds["trainee", 0]

    @property
    def overhead(self) -> float:
        return (self.normal_s - self.plain_s) / self.plain_s


def largest_worked_page(site: Path, worked_ids: Sequence[str]) -> tuple[str, int]:
    sizes = [
        (case_id, (site / "workbook" / "cases" / case_id / "index.html").stat().st_size)
        for case_id in worked_ids
    ]
    return max(sizes, key=lambda s: s[1])
