"""Synthetic cases, and the temporary copies of the project they are written into."""

import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ditbook.content import load
from ditbook.models.case import Case
from ditbook.paths import CASES_DIR, ROOT
from ditbook.registry import CASES
from ditbook.tools.bench.budgets import (
    FIRST_EXERCISE,
    LAST_EXERCISE,
    NAMES,
    PROJECT_PARTS,
    BenchError,
)

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
    cases = sorted(load.load_valid(CASES, [cases_dir]), key=lambda c: c.id)
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
