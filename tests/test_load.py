"""The validator's messages are what authors read: their exact wording is pinned here."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ditbook.content.problems import ContentErrors, Problem
from ditbook.paths import CASES_DIR

from .conftest import load_case, load_cases, load_valid_cases

INVALID = Path(__file__).parent / "fixtures" / "invalid"
INVALID_FILES = sorted(INVALID.glob("*.yaml"))


def _lines(problems: list[Problem]) -> list[str]:
    return [f"{p.line}: {p.field}: {p.message}" for p in problems]


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda p: p.stem)
def test_invalid_case_gives_exactly_its_messages(path: Path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    case, problems = load_case(path)
    assert case is None
    assert _lines(problems) == expected


def test_every_invalid_fixture_has_its_expected_messages():
    assert len(INVALID_FILES) >= 20
    for path in INVALID_FILES:
        assert path.with_suffix(".expected").exists(), path.name


EVERYTHING_WRONG = """\
id: not-this-name
title: TODO
fictional: no
role: worked
difficulty: easy
presentation: [depression, depression]
themes: [Bad Theme]
patient: {age: 12, gender: woman, background: "<b>Lives</b> at SW1A 1AA with her family"}
summary: Too short.
history: >-
  Born 12/03/1985, she can be reached at someone@example.org whenever anyone wants to ask her
  anything about anything at all in the world, which is a long sentence to get past the minimum
  number of words that a history needs to have before it can be taught from, so here it goes on.
ipaf:
  self_representation: small
  other_representatoin: cold and distant people
  affect: {conscious: "anger...", less_conscious: ""}
recurrence:
  - who: Her mother
    when: past
    example: Her mother would not speak to her for days on end after she cried.
reversal: 5
scores:
  - {session: 17, phq9: 30}
  - {session: 2}
"""


def test_a_case_with_everything_wrong_reports_every_problem(tmp_path: Path):
    path = tmp_path / "everything-wrong.yaml"
    path.write_text(EVERYTHING_WRONG, encoding="utf-8")
    _, problems = load_case(path)
    assert _lines(problems) == [
        "1: agreed_wording: is required",
        "1: goodbye_letter: is required",
        "1: id: must equal the file name 'everything-wrong' (found 'not-this-name')",
        "1: phases: is required",
        "1: symptom_link: is required",
        "1: transference: is required",
        "2: title: looks like placeholder text ('TODO'); write the real content",
        "3: fictional: must be true: every case is a fictional composite",
        "4: role: must be one of 'worked-example' or 'exercise' (found 'worked')",
        "5: difficulty: must be one of 'introductory', 'intermediate' or 'advanced' (found 'easy')",
        "6: presentation: lists 'depression' more than once",
        "7: themes[0]: must be lower-case letters, digits and single hyphens "
        "(e.g. 'maya-invisible')",
        "8: patient.age: must be at least 16 (found 12)",
        "8: patient.background: must not contain HTML ('<b>'); write plain text",
        "9: summary: is too thin to teach from (2 words; write at least 15)",
        "10: history: looks like an email address ('someone@example.org'); "
        "cases are fictional composites and must carry no real identifiers",
        "14: ipaf.defensive_function: is required",
        "14: ipaf.other_representation: is required",
        "15: ipaf.self_representation: is too thin to teach from (1 word; write at least 3)",
        "16: ipaf.other_representatoin: is not a known field; did you mean 'other_representation'?",
        "17: ipaf.affect.conscious: looks like placeholder text ('...'); write the real content",
        "17: ipaf.affect.less_conscious: must not be empty",
        "18: recurrence: needs at least one current relationship",
        "22: reversal: must be text (found int 5)",
        "24: scores[0].phq9: must be at most 27 (found 30)",
        "24: scores[0].session: must be at most 16 (found 17)",
        "25: scores[1]: needs a phq9 or a gad7 score (or both)",
    ]


def test_problem_reads_like_a_linter_line():
    problem = Problem(CASES_DIR / "x.yaml", 12, "ipaf.defensive_function", "must not be empty")
    assert str(problem).endswith("cases/x.yaml:12: ipaf.defensive_function: must not be empty")


def test_duplicate_ids_across_folders_are_reported(tmp_path: Path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(CASES_DIR / "ruth-unheard.yaml", tmp_path / folder)
    cases, problems = load_cases([tmp_path / "a", tmp_path / "b"])
    assert len(cases) == 2  # each file is valid on its own; the pair is not
    id_line = _ruth_lines().index("id: ruth-unheard") + 1
    first = tmp_path / "a" / "ruth-unheard.yaml"
    assert [p.message for p in problems] == [
        f"duplicates 'ruth-unheard', already used at {first}:{id_line}"
    ]


def test_duplicate_id_is_reported_at_the_id_line(tmp_path: Path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(CASES_DIR / "ruth-unheard.yaml", tmp_path / folder)
    _, problems = load_cases([tmp_path / "a", tmp_path / "b"])
    id_line = _ruth_lines().index("id: ruth-unheard") + 1
    assert [(p.line, p.field) for p in problems] == [(id_line, "id")]


def _ruth_lines() -> list[str]:
    return (CASES_DIR / "ruth-unheard.yaml").read_text(encoding="utf-8").splitlines()


def _ruth_with(tmp_path: Path, edit, name: str = "ruth-unheard") -> Path:
    """A copy of Ruth's case with `edit` applied to its list of lines."""
    lines = _ruth_lines()
    edit(lines)
    path = tmp_path / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _index_of(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(start))


def test_a_repeated_key_is_reported_with_every_other_problem(tmp_path: Path):
    def edit(lines):
        at = _index_of(lines, "difficulty:")
        lines.insert(at + 1, "difficulty: advanced")
        lines[_index_of(lines, "role:")] = "role: bogus"

    path = _ruth_with(tmp_path, edit)
    lines = path.read_text(encoding="utf-8").splitlines()
    first = _index_of(lines, "difficulty:") + 1
    role = _index_of(lines, "role:") + 1
    _, problems = load_case(path)
    assert _lines(problems) == sorted(
        [
            f"{first + 1}: difficulty: is given twice (first at line {first})",
            f"{role}: role: must be one of 'worked-example' or 'exercise' (found 'bogus')",
        ],
        key=lambda line: int(line.split(":")[0]),
    )


def test_a_wrong_id_is_reported_with_every_other_problem(tmp_path: Path):
    def edit(lines):
        lines[_index_of(lines, "fictional:")] = "fictional: false"

    path = _ruth_with(tmp_path, edit, name="ruth-renamed")
    lines = path.read_text(encoding="utf-8").splitlines()
    _, problems = load_case(path)
    assert _lines(problems) == [
        f"{_index_of(lines, 'id:') + 1}: id: must equal the file name 'ruth-renamed' "
        "(found 'ruth-unheard')",
        f"{_index_of(lines, 'fictional:') + 1}: fictional: must be true: every case is a "
        "fictional composite",
    ]


def test_a_misspelt_key_is_named_as_typed_at_its_own_line(tmp_path: Path):
    def edit(lines):
        at = _index_of(lines, "goodbye_letter:")
        lines[at] = lines[at].replace("goodbye_letter:", "goodbye-letter:")
        at = _index_of(lines, "  self_representation:")
        lines[at] = lines[at].replace("self_representation:", "self representation:")

    path = _ruth_with(tmp_path, edit)
    lines = path.read_text(encoding="utf-8").splitlines()
    letter = _index_of(lines, "goodbye-letter:") + 1
    self_line = _index_of(lines, "  self representation:") + 1
    ipaf = _index_of(lines, "ipaf:") + 1
    document = next(i for i, line in enumerate(lines) if line and line[0] != "#") + 1
    _, problems = load_case(path)
    assert _lines(problems) == [
        f"{document}: goodbye_letter: is required",  # a missing field: where the mapping starts
        f"{ipaf}: ipaf.self_representation: is required",
        f"{self_line}: ipaf.self representation: is not a known field; "
        "did you mean 'self_representation'?",
        f"{letter}: goodbye-letter: is not a known field; did you mean 'goodbye_letter'?",
    ]


def test_a_field_left_blank_must_not_be_empty(tmp_path: Path):
    def edit(lines):
        at = _index_of(lines, "  self_representation:")
        lines[at] = "  self_representation:"
        while lines[at + 1].startswith("    "):  # its folded text
            del lines[at + 1]

    path = _ruth_with(tmp_path, edit)
    lines = path.read_text(encoding="utf-8").splitlines()
    _, problems = load_case(path)
    assert _lines(problems) == [
        f"{_index_of(lines, '  self_representation:') + 1}: ipaf.self_representation: "
        "must not be empty"
    ]


def test_yml_files_in_a_cases_folder_are_flagged(tmp_path: Path):
    (tmp_path / "stray.yml").write_text("id: stray\n", encoding="utf-8")
    _, problems = load_cases([tmp_path])
    assert [p.message for p in problems] == ["content files must end in .yaml"]


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    path.write_text("summary: " + "word " * 1_100_000, encoding="utf-8")
    _, problems = load_case(path)
    assert _lines(problems) == [
        "1: (file): is too large (5.5 MB); a content file must be under 256 KB"
    ]


def test_deep_nesting_is_refused(tmp_path: Path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    _, problems = load_case(path)
    assert _lines(problems) == ["1: (file): is not valid YAML: nesting is deeper than 12 levels"]


def test_binary_junk_is_refused_with_a_line(tmp_path: Path):
    path = tmp_path / "junk.yaml"
    path.write_bytes(b"id: junk\ntitle: \x00\x01\x02\n")
    _, problems = load_case(path)
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].message.startswith("is not valid YAML: ")


def test_load_valid_cases_raises_with_every_problem():
    with pytest.raises(ContentErrors) as caught:
        load_valid_cases([INVALID / "too-thin.yaml", INVALID / "not-fictional.yaml"])
    message = str(caught.value)
    assert message.startswith("2 problems in case files:\n")
    assert "too-thin.yaml:50: ipaf.defensive_function: is too thin" in message
    assert "not-fictional.yaml:10: fictional: must be true" in message


def test_a_folder_or_a_pipe_named_like_a_case_is_reported_not_read(tmp_path: Path):
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would wait for ever
    cases, problems = load_cases([tmp_path])
    assert cases == []
    assert [(p.path.name, str(p.line), p.field, p.message) for p in problems] == [
        ("folder.yaml", "1", "(file)", "is not a regular file"),
        ("pipe.yaml", "1", "(file)", "is not a regular file"),
    ]


def test_an_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "locked.yaml"
    shutil.copy(CASES_DIR / "ruth-unheard.yaml", path)

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    _, problems = load_case(path)
    assert _lines(problems) == ["1: (file): cannot be read (Permission denied)"]
