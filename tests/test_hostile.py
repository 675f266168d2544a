"""Hostile input: every kind of bad case file is refused with a clear message, or made inert,
and nothing is written anywhere by validating it, nor by a build that meets it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from ditbook.content import load
from ditbook.content.problems import field_path
from ditbook.paths import CASES_DIR, ROOT
from ditbook.registry import DRILLS

from .conftest import load_case, load_cases, run_mkdocs_build

RUTH = CASES_DIR / "ruth-unheard.yaml"
SCRIPT = "<script>alert(document.cookie)</script>"


def text_fields(data, path=()):
    """Paths of every text value in a case mapping."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from text_fields(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from text_fields(value, (*path, i))
    elif isinstance(data, str):
        yield path


def set_at(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def hostile_corpus(tmp: Path) -> dict[str, Path]:
    corpus = {}

    def add(name: str, content: bytes):
        path = tmp / f"{name}.yaml"
        path.write_bytes(content)
        corpus[name] = path

    add("five-megabytes", b"summary: " + b"x" * 5_000_000)
    add("billion-laughs", b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n')
    add("deep-nesting", b"a: " + b"{b: " * 500 + b"1" + b"}" * 500)
    add("binary-junk", bytes(range(256)) * 40)
    add("path-like-id", RUTH.read_bytes().replace(b"id: ruth-unheard", b"id: ../x"))
    add("python-tag", b"id: !!python/object/apply:os.system ['touch /tmp/owned']\n")
    data = yaml.safe_load(RUTH.read_text(encoding="utf-8"))
    data["id"] = "script-everywhere"
    fields = [p for p in text_fields(data) if p not in (("id",), ("role",), ("difficulty",))]
    fixed = ("when", "result", "ended")  # fields that take only set words
    fields = [p for p in fields if p[0] not in ("presentation", "themes") and p[-1] not in fixed]
    for path in fields:
        set_at(data, path, SCRIPT + " " + str(_get(data, path)))
    add("script-everywhere", yaml.safe_dump(data, sort_keys=False).encode())
    return corpus


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def tree_state(root: Path) -> dict[str, float]:
    skip = {".venv", "site", "dist", ".pytest_cache", ".ruff_cache", ".git", "__pycache__"}
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.startswith("site-")]
        for name in filenames:
            path = Path(dirpath) / name
            state[str(path.relative_to(root))] = path.stat().st_mtime
    return state


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return hostile_corpus(tmp_path_factory.mktemp("hostile"))


def test_every_hostile_file_is_refused_with_a_message(corpus):
    # No time limit: tests check behaviour; speed belongs in the benchmarks (BENCHMARKS.md).
    before = tree_state(ROOT)
    for name, path in corpus.items():
        case, problems = load_case(path)
        assert case is None, name
        assert problems, name
        for problem in problems:
            assert problem.path == path and problem.line >= 1 and problem.message, name
    assert tree_state(ROOT) == before, "validating hostile files wrote into the project"
    assert not Path("/tmp/owned").exists()


def test_the_expected_reason_for_each(corpus):
    def messages(name):
        return [f"{p.field}: {p.message}" for p in load_case(corpus[name])[1]]

    assert messages("five-megabytes") == [
        "(file): is too large (5.0 MB); a content file must be under 256 KB"
    ]
    assert messages("billion-laughs") == [
        "(file): is not valid YAML: anchors and aliases (& and *) are not allowed; "
        "write the text out"
    ]
    assert messages("deep-nesting") == [
        "(file): is not valid YAML: nesting is deeper than 12 levels"
    ]
    assert messages("binary-junk")[0].startswith("(file): is not valid")
    assert (
        "id: must be lower-case letters, digits and single hyphens" in messages("path-like-id")[0]
    )
    assert messages("python-tag")[0].startswith("(file): is not valid YAML: could not determine")


def test_html_in_every_text_field_is_rejected_field_by_field(corpus):
    problems = load_case(corpus["script-everywhere"])[1]
    rejected = {p.field for p in problems if p.message.startswith("must not contain HTML")}
    data = yaml.safe_load(corpus["script-everywhere"].read_text(encoding="utf-8"))
    expected = {field_path(path) for path in text_fields(data) if SCRIPT in _get(data, path)}
    assert len(expected) > 20
    assert rejected == expected


def test_a_folder_of_hostile_files_reports_them_all(corpus, tmp_path):
    cases, problems = load_cases([corpus["billion-laughs"].parent])
    assert cases == []
    assert {p.path.stem for p in problems} == set(corpus)


# ---------------------------------------------------------------------------------------------
# A real build meets hostile files: it stops with the validator's messages and writes nothing.

PROJECT_PARTS = ("docs", "drills", "selfchecks", "macros", "overrides", "mkdocs.yml")
REAL_CASES = ("ruth-unheard", "priya-night-shifts", "kwame-wedding-plans")
HOSTILE_IN_BUILD = ("billion-laughs", "python-tag", "script-everywhere")


def copy_of_project(dest: Path, corpus: dict[str, Path]) -> Path:
    """The project's docs, drills, macros, theme overrides and mkdocs.yml, with a cases/ folder
    of a few real cases and a few hostile files; returns its mkdocs.yml."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, dest / part, ignore=ignore)
        else:
            shutil.copy2(source, dest / part)
    (dest / "cases").mkdir()
    (dest / "dialogues").mkdir()  # watched by mkdocs.yml; no dialogue: they name other cases
    # The worked examples the drills speak through come too, so that the only problems in the
    # build are the hostile files'.
    drills = load.load_valid(DRILLS, [ROOT / DRILLS.folder])
    patients = {s.patient for drill in drills for s in drill.statements}
    for case_id in sorted(set(REAL_CASES) | patients):
        shutil.copy2(CASES_DIR / f"{case_id}.yaml", dest / "cases")
    for name in HOSTILE_IN_BUILD:
        shutil.copy2(corpus[name], dest / "cases")
    return dest / "mkdocs.yml"


def test_a_strict_build_with_hostile_cases_fails_with_their_messages_and_writes_nothing(
    corpus, tmp_path
):
    config = copy_of_project(tmp_path / "project", corpus)
    site = tmp_path / "site"
    expected = []
    for name in HOSTILE_IN_BUILD:
        problems = load_case(config.parent / "cases" / f"{name}.yaml")[1]
        assert problems, name
        expected += [f"cases/{name}.yaml:{p.line}: {p.field}: {p.message}" for p in problems]
    before = tree_state(ROOT)

    result = run_mkdocs_build(config, site)

    assert result.returncode != 0
    assert f"{len(expected)} problems in content files:" in result.stderr
    missing = [line for line in expected if line not in result.stderr]
    assert missing == [], result.stderr[-4000:]
    written = sorted(site.rglob("*")) if site.exists() else []
    assert not (site / "workbook" / "cases").exists()
    assert [path for path in written if path.suffix == ".html"] == []
    assert tree_state(ROOT) == before, "a build with hostile cases wrote into the project"
    assert not Path("/tmp/owned").exists()
