"""The validator's messages are what authors read: their exact wording is pinned here."""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import pytest

from ditbook.content.problems import ContentErrors, Problem
from ditbook.models import case as model
from ditbook.models import case_rules, exercise, fields, text_rules
from ditbook.paths import CASES_DIR

from .conftest import load_case, load_cases, load_valid_cases
from .invalid_cases import ROWS
from .mutations import BASE, MutationError, Row, after, key_line, sub, write_row

BASE_TEXT = BASE.read_text(encoding="utf-8")
ROW = {row.name: row for row in ROWS}


def _lines(problems: list[Problem]) -> list[str]:
    return [f"{p.line}: {p.field}: {p.message}" for p in problems]


# ---------------------------------------------------------------------------------------------
# The invalid-case corpus: a valid base, and a table of rows that each break it one way
# (tests/invalid_cases.py). Each row's file is written as <name>.yaml into an empty folder that
# is the working directory, so `str(problem)` starts with the file name, as `ditbook validate`
# prints it.


def test_the_base_of_the_corpus_is_a_valid_case():
    case, problems = load_case(BASE)
    assert problems == [], "\n".join(map(str, problems))
    assert case is not None and case.id == "base"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_invalid_case_gives_exactly_its_messages(
    row: Row, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    path, expected = write_row(row, Path(), BASE_TEXT)
    case, problems = load_case(path)
    assert case is None
    assert [str(p) for p in problems] == expected


def test_the_corpus_keeps_every_case():
    # The 53 cases of the fixture folder it replaced, and three raw files that had tests of
    # their own (a huge file, deep nesting, binary junk).
    assert len(ROWS) >= 56
    assert len(ROW) == len(ROWS), "two rows share a name"
    for row in ROWS:
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", row.name), row.name
        assert row.expected, row.name
        assert (row.whole is None) == bool(row.edits), row.name


def _template(parts: list[ast.expr]) -> str:
    """A regex for a message written as a string or an f-string: each {...} matches anything."""
    out = ""
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            out += re.sub(r"\\\{\w+\\\}", ".+", re.escape(part.value))
        else:
            out += ".+"
    return out


def _messages_in_source(module, wanted) -> set[str]:
    """Regexes for the message strings that `wanted(node)` picks out of a module's source."""
    found = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
        message = wanted(node)
        if isinstance(message, ast.Constant) and isinstance(message.value, str):
            found.add(_template([message]))
        elif isinstance(message, ast.JoinedStr):
            found.add(_template(message.values))
    return found


def _custom_error(node):
    """The message of `rule_error(message, ...)`, or of a `yield (field, message)` in the case
    checks: a rule of the model's own."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "rule_error":
        return node.args[0]
    if isinstance(node, ast.Yield) and isinstance(node.value, ast.Tuple):
        return node.value.elts[1] if len(node.value.elts) == 2 else None
    return None


def _returned(node):
    """A message returned by a prose check."""
    return node.value if isinstance(node, ast.Return) else None


# What a row must say for each kind of constraint in the model's JSON Schema. A keyword found in
# the schema and not here is a new kind of rule: add a row for it, then its message here.
SCHEMA_MESSAGES = {
    "required": r"is required$",
    "additionalProperties": r"is not a known field",
    "minimum": r"must be at least -?\d+ \(found",
    "maximum": r"must be at most -?\d+ \(found",
    "minItems": r"needs at least \d+ items? \(found \d+\)",
    "maxItems": r"allows at most \d+ items? \(found \d+\)",
    "minLength": r"must not be empty$",
    "maxLength": r"is too long \(at most \d+ characters; found \d+\)",
    "x-min-words": r"is too thin to teach from",
    "const": r"^must be true: ",
    ("type", "string"): r"must be text \(found",
    ("type", "integer"): r"must be a whole number \(found",
    ("type", "boolean"): r"must be true or false \(found",
    ("type", "array"): r"must be a list \(found",
    ("type", "object"): r"must be a mapping of fields \(found",
    ("pattern", "^EX-[0-9]{2,3}$"): r"must be EX- and two or three digits",
    ("pattern", "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"): r"must be lower-case letters, digits",
}
# Not a rule of one file: x-supervisor-only steers the editions; x-unique is a rule across files,
# tested by test_every_unique_field_is_checked_across_files.
NOT_RULES = {
    "title",
    "description",
    "default",
    "$ref",
    ("type", "null"),
    "x-supervisor-only",
    "x-unique",
}


def _schema_rules(node: dict, found: set) -> set:
    """Every constraint in a JSON Schema: its keyword, with its value where the message
    depends on it (a type, a pattern, a list of choices)."""
    for keyword, value in node.items():
        if keyword in ("properties", "$defs"):
            for child in value.values():
                _schema_rules(child, found)
        elif keyword == "items":
            _schema_rules(value, found)
        elif keyword == "anyOf":
            for child in value:
                _schema_rules(child, found)
        elif keyword in ("type", "pattern"):
            found.add((keyword, value))
        elif keyword == "enum":
            found.add((keyword, tuple(value)))
        else:
            found.add(keyword)
    return found - NOT_RULES


def test_every_model_rule_has_a_row():
    messages = []
    for row in ROWS:
        for line in row.expected:
            found = re.fullmatch(r"(\{/.+?/\}|\{[^{}]+\}|\d+): (.+?): (.*)", line)
            assert found, line
            messages.append(found.group(3))

    rules: dict[str, str] = {}
    unmapped = []
    for rule in _schema_rules(model.Case.model_json_schema(), set()):
        if isinstance(rule, tuple) and rule[0] == "enum":
            *first, last = (repr(choice) for choice in rule[1])
            rules[str(rule)] = (
                rf"^must be one of {re.escape(', '.join(first))} or {re.escape(last)} "
            )
        elif rule in SCHEMA_MESSAGES:
            rules[str(rule)] = SCHEMA_MESSAGES[rule]
        else:
            unmapped.append(rule)
    assert unmapped == [], "a new kind of rule: give it a row and a message in SCHEMA_MESSAGES"
    custom = set().union(
        *(_messages_in_source(m, _custom_error) for m in (model, exercise, case_rules, fields))
    )
    prose = _messages_in_source(text_rules, _returned)
    assert len(custom) >= 6 and len(prose) >= 5, (custom, prose)
    rules.update({template: f"^{template}$" for template in custom | prose})
    # Each kind of real identifier the prose rules know.
    for *_, what in text_rules._IDENTIFIERS:
        rules[what] = rf"^looks like {re.escape(what)} \("

    uncovered = [
        name for name, rule in rules.items() if not any(re.search(rule, m) for m in messages)
    ]
    assert uncovered == []


def test_a_row_that_does_not_apply_fails_loudly(tmp_path: Path):
    def write(*edits, expected=("{document}: id: x",), whole=None):
        return write_row(Row("broken", expected, edits, whole), tmp_path, BASE_TEXT)

    with pytest.raises(MutationError, match="matches 0 times"):
        write(sub(r"^no such line$", "x"))
    with pytest.raises(MutationError, match="matches 4 times"):
        write(sub(r"^    when: ", "    when: never"))
    with pytest.raises(MutationError, match="'nowhere' is found 0 times"):
        write(sub(r"^fictional: true$", "fictional: false"), expected=("{ipaf.nowhere}: x: y",))
    with pytest.raises(MutationError, match="only 4 items"):
        write(sub(r"^fictional: true$", "fictional: false"), expected=("{recurrence[4]}: x: y",))
    edits = (sub(r"^fictional: true$", "fictional: false"), after(r"^role:", "x: y"))
    with pytest.raises(MutationError, match="exactly one edit"):
        write(*edits, expected=("{@}: x: y",))
    with pytest.raises(MutationError, match="does not start with a line"):
        write(sub(r"^fictional: true$", "fictional: false"), expected=("10: fictional: y",))


def test_key_lines_are_found_by_indentation_alone():
    lines = BASE_TEXT.split("\n")

    def nth(prefix: str, n: int = 0) -> int:
        return [i for i, line in enumerate(lines) if line.startswith(prefix)][n] + 1

    assert key_line(BASE_TEXT, "id") == nth("id:")
    assert key_line(BASE_TEXT, "exercise.id") == nth("  id:")
    assert key_line(BASE_TEXT, "ipaf.affect.conscious") == nth("    conscious:")
    assert key_line(BASE_TEXT, "recurrence[1]") == nth("  - who:", 1)
    assert key_line(BASE_TEXT, "recurrence[1].when") == nth("    when:", 1)
    assert key_line(BASE_TEXT, "recurrence[3].example") == nth("    example:", 3)
    assert key_line(BASE_TEXT, "scores[2]") == nth("  - {session: 3,")
    discussion = nth("    discussion:")
    items = [i + 1 for i in range(discussion, len(lines)) if lines[i].startswith("      - ")]
    assert key_line(BASE_TEXT, "exercise.marking_guide.discussion[1]") == items[1]


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
        "1: id: must equal the file name 'everything-wrong' (found 'not-this-name')",
        "1: milestones: is required",
        "1: outcome: is required",
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
    _, problems = load_case(path)
    assert _lines(problems) == [
        f"{ipaf}: ipaf.self_representation: is required",  # a missing field: its mapping's line
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


def test_load_valid_cases_raises_with_every_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    paths, expected = [], []
    for name in ("too-thin", "not-fictional"):
        path, lines = write_row(ROW[name], Path(), BASE_TEXT)
        paths.append(path)
        expected += lines
    with pytest.raises(ContentErrors) as caught:
        load_valid_cases(paths)
    assert str(caught.value) == "2 problems in case files:\n" + "\n".join(expected)


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


def test_every_unique_field_is_checked_across_files(tmp_path: Path, monkeypatch):
    """Two files that share an id or an exercise id: each error names both files and lines."""
    from ditbook.content.load import unique_fields

    assert sorted(unique_fields(model.Case)) == [("exercise", "id"), ("id",)]
    monkeypatch.chdir(tmp_path)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    first = Path("a") / "base.yaml"
    first.write_text(BASE_TEXT, encoding="utf-8")
    second = Path("b") / "other.yaml"
    second.write_text(BASE_TEXT.replace("id: base", "id: other", 1), encoding="utf-8")
    _, problems = load_cases([Path("a"), Path("b")])
    id_line = key_line(BASE_TEXT, "id")
    exercise_line = key_line(BASE_TEXT, "exercise.id")
    assert [str(p) for p in problems] == [
        f"b/other.yaml:{exercise_line}: exercise.id: duplicates 'EX-99', "
        f"already used at a/base.yaml:{exercise_line}",
    ]
    (Path("b") / "base.yaml").write_text(BASE_TEXT, encoding="utf-8")
    second.unlink()
    _, problems = load_cases([Path("a"), Path("b")])
    assert [str(p) for p in problems] == [
        f"b/base.yaml:{id_line}: id: duplicates 'base', already used at a/base.yaml:{id_line}",
        f"b/base.yaml:{exercise_line}: exercise.id: duplicates 'EX-99', "
        f"already used at a/base.yaml:{exercise_line}",
    ]
