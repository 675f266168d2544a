"""`ditbook`: exit codes and the exact lines authors read."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ditbook.models import submission
from ditbook.paths import CASES_DIR, ROOT
from ditbook.registry import CONTENT_TYPES
from ditbook.tools import cli

from .invalid_cases import ROWS
from .mutations import BASE, write_row


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The installed console script, as an author runs it."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("ditbook")), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_validate_the_real_content_succeeds():
    result = run("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    counts = [
        f"{len(list((ROOT / kind.folder).glob('*.yaml')))} {kind.name} file(s)"
        for kind in CONTENT_TYPES
    ]
    assert result.stderr == ", ".join(counts) + " valid.\n"


def test_validate_a_broken_copy_prints_file_line_field_and_exits_1(tmp_path: Path):
    broken = tmp_path / "ruth-unheard.yaml"
    text = (CASES_DIR / "ruth-unheard.yaml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace("fictional: true", "fictional: true\nfictionl: true").replace(
            "  self_representation: >-", "  self_representation: TODO\n  old_self: >-"
        ),
        encoding="utf-8",
    )
    result = run("validate", "ruth-unheard.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "ruth-unheard.yaml:11: fictionl: is not a known field; did you mean 'fictional'?",
        "ruth-unheard.yaml:39: ipaf.self_representation: looks like placeholder text ('TODO'); "
        "write the real content",
        "ruth-unheard.yaml:40: ipaf.old_self: is not a known field",
    ]
    assert result.stderr == "3 problems; 0 valid case file(s).\n"


def test_validate_reports_every_file(tmp_path: Path):
    for name in ("ok-one", "ok-two"):
        text = (CASES_DIR / "ruth-unheard.yaml").read_text(encoding="utf-8")
        (tmp_path / f"{name}.yaml").write_text(
            text.replace("id: ruth-unheard", f"id: {name}").replace(
                "role: worked-example", "role: x"
            ),
            encoding="utf-8",
        )
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    role_line = text.splitlines().index("role: worked-example") + 1
    message = "role: must be one of 'worked-example' or 'exercise' (found 'x')"
    assert result.stdout.splitlines() == [
        f"{tmp_path / name}.yaml:{role_line}: {message}" for name in ("ok-one", "ok-two")
    ]
    assert result.stderr == "2 problems; 0 valid case file(s).\n"


def test_validate_prints_every_line_of_the_invalid_corpus(tmp_path: Path):
    base = BASE.read_text(encoding="utf-8")
    written = [write_row(row, tmp_path, base) for row in ROWS]
    expected = [line for _, lines in sorted(written) for line in lines]
    result = run("validate", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected
    assert result.stderr == f"{len(expected)} problems; 0 valid case file(s).\n"


def test_validate_catches_an_exercise_id_used_by_two_files(tmp_path: Path):
    """Each file is valid on its own; the pair would give the worksheet two EX-01s."""
    cases = tmp_path / "cases"
    cases.mkdir()
    exercises = sorted(p for p in CASES_DIR.glob("*.yaml") if "\nrole: exercise" in p.read_text())
    first, second = exercises[:2]
    shutil.copy(first, cases / first.name)
    first_id = re.search(r"^  id: (EX-\d+)$", first.read_text(), re.M).group(1)
    text = second.read_text(encoding="utf-8")
    second_id = re.search(r"^  id: (EX-\d+)$", text, re.M).group(1)
    (cases / second.name).write_text(text.replace(f"id: {second_id}", f"id: {first_id}"))
    line_of = {
        p.name: p.read_text().splitlines().index(f"  id: {first_id}") + 1
        for p in (cases / first.name, cases / second.name)
    }
    result = run("validate", "cases", cwd=tmp_path)
    assert result.returncode == 1
    later, earlier = sorted([first.name, second.name], reverse=True)
    assert result.stdout == (
        f"cases/{later}:{line_of[later]}: exercise.id: duplicates {first_id!r}, "
        f"already used at cases/{earlier}:{line_of[earlier]}\n"
    )


def test_new_case_writes_a_scaffold_that_validation_flags(tmp_path: Path):
    result = run("new-case", "maya-invisible", "--dir", str(tmp_path))
    assert result.returncode == 0
    written = tmp_path / "maya-invisible.yaml"
    assert written.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=case.schema.json\n"
    )
    check = run("validate", str(written))
    assert check.returncode == 1
    assert "title: looks like placeholder text ('TODO')" in check.stdout


def test_new_case_never_overwrites(tmp_path: Path):
    target = tmp_path / "maya-invisible.yaml"
    target.write_text("an author's work\n", encoding="utf-8")
    result = run("new-case", "maya-invisible", "--dir", str(tmp_path))
    assert result.returncode == 1
    assert "already exists; not overwritten" in result.stderr
    assert target.read_text(encoding="utf-8") == "an author's work\n"


def test_new_case_into_a_missing_folder_says_so(tmp_path: Path):
    result = run("new-case", "maya-invisible", "--dir", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr == f"ditbook new-case: {tmp_path / 'nowhere'} is not a folder\n"
    assert list(tmp_path.iterdir()) == []


def test_validate_an_empty_folder_fails(tmp_path: Path):
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == f"ditbook validate: no case files (*.yaml) in {tmp_path}\n"


@pytest.mark.parametrize("bad", ["Maya", "../escape", "a--b", "x" * 61])
def test_new_case_refuses_bad_ids(tmp_path: Path, bad: str):
    result = run("new-case", bad, "--dir", str(tmp_path))
    assert result.returncode == 2
    assert "is not a valid id" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_exercise_scaffold_has_an_exercise_block(tmp_path: Path):
    assert cli.main(["new-case", "quiz-one", "--role", "exercise", "--dir", str(tmp_path)]) == 0
    assert "exercise:\n  id: EX-00" in (tmp_path / "quiz-one.yaml").read_text(encoding="utf-8")


def test_schema_check_fails_when_stale_and_write_fixes_it(tmp_path: Path):
    for kind in CONTENT_TYPES:
        shutil.copy(cli.schema_path(kind), tmp_path / kind.schema_file)
    for filename in submission.SCHEMA_FILES.values():
        shutil.copy(ROOT / submission.SCHEMA_DIR / filename, tmp_path / filename)
    target = tmp_path / "case.schema.json"
    assert run("schema", "--check", "--dir", str(tmp_path)).returncode == 0
    target.write_text("{}\n", encoding="utf-8")
    stale = run("schema", "--check", "--dir", str(tmp_path))
    assert stale.returncode == 1
    assert "is stale; run: ditbook schema" in stale.stderr
    assert run("schema", "--dir", str(tmp_path)).returncode == 0
    assert run("schema", "--check", "--dir", str(tmp_path)).returncode == 0
    (tmp_path / "feedback.schema.json").write_text("{}\n", encoding="utf-8")
    assert run("schema", "--check", "--dir", str(tmp_path)).returncode == 1
    assert run("schema", "--dir", str(tmp_path)).returncode == 0
    assert run("schema", "--check", "--dir", str(tmp_path)).returncode == 0


def test_supervisor_build_warns_never_to_publish(tmp_path: Path):
    result = run("build", "--edition", "supervisor", "--site-dir", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert cli.SUPERVISOR_WARNING in result.stderr
    assert (tmp_path / "s" / "index.html").exists()
