"""The submission and feedback formats: their schemas, and the same verdict on hostile files from
the Python model and from the browser's checker (docs/javascripts/dit-files.js, run in Node)."""

from __future__ import annotations

import base64
import copy
import json
import shutil
import subprocess

import jsonschema
import pytest

from ditbook.content.schema import format_schema, format_schema_text
from ditbook.models import submission as fmt
from ditbook.paths import ROOT

SUBMISSION = {
    "format": "dit-submission",
    "version": 1,
    "exercise_id": "EX-01",
    "exercise_title": "Maya: invisible at work",
    "trainee": "Alex Trainee",
    "saved_at": "2026-03-01T14:05:00Z",
    "answers": {
        "self": "She sees herself as someone who must not ask for anything.",
        "other": "Others as busy, and irritated if she needs them.",
    },
    "worksheet": {"self": "Unwanted.", "notes": "Ask about the sister.\nAnd the move."},
}
FEEDBACK = {
    "format": "dit-feedback",
    "version": 1,
    "exercise_id": "EX-01",
    "submission_saved_at": "2026-03-01T14:05:00Z",
    "supervisor": "Dr Sam Supervisor",
    "saved_at": "2026-03-02T09:00:00Z",
    "criteria": [
        {"prompt": "self", "criterion": "Names the self", "level": 2, "comment": "Clear."},
        {"prompt": "other", "criterion": "Names the other", "level": 1, "comment": ""},
    ],
    "prompt_comments": {"self": "Good use of her words."},
    "total": 3,
    "maximum": 4,
    "overall": "A sound start. Look again at the affect.",
}


def _with(base: dict, **changes) -> bytes:
    data = copy.deepcopy(base)
    for key, value in changes.items():
        if value is _DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return json.dumps(data, indent=2).encode()


_DROP = object()


def _answers(**extra):
    return {**SUBMISSION["answers"], **extra}


def _criteria(level=2, **extra):
    return [{**FEEDBACK["criteria"][0], "level": level, **extra}, FEEDBACK["criteria"][1]]


# (id, file bytes, format expected, exercise expected, accepted?)
CASES = [
    ("submission-ok", _with(SUBMISSION), "dit-submission", "EX-01", True),
    ("submission-minimal", _with(SUBMISSION, trainee=_DROP, worksheet=_DROP, answers={}),
     "dit-submission", None, True),
    ("feedback-ok", _with(FEEDBACK), "dit-feedback", "EX-01", True),
    ("feedback-with-model-answer", _with(FEEDBACK, model_answer="Self: unwanted.\n\nOther: busy."),
     "dit-feedback", "EX-01", True),
    ("level-written-1.0", _with(FEEDBACK, criteria=_criteria(2.0)), "dit-feedback", None, True),
    ("a-less-than-sign-in-prose", _with(SUBMISSION, answers=_answers(affect="fear < anger")),
     "dit-submission", None, True),
    ("feedback-opened-as-submission", _with(FEEDBACK), "dit-submission", None, False),
    ("wrong-format", _with(SUBMISSION, format="dit-submision"), "dit-submission", None, False),
    ("no-format", _with(SUBMISSION, format=_DROP), "dit-submission", None, False),
    ("version-2", _with(SUBMISSION, version=2), "dit-submission", None, False),
    ("version-as-text", _with(SUBMISSION, version="1"), "dit-submission", None, False),
    ("other-exercise", _with(SUBMISSION, exercise_id="EX-04"), "dit-submission", "EX-01", False),
    ("bad-exercise-id", _with(SUBMISSION, exercise_id="EX-1"), "dit-submission", None, False),
    ("latin-1", _with(SUBMISSION, trainee="Zoë").replace(b"\\u00eb", "ë".encode("latin-1")),
     "dit-submission", None, False),
    ("not-json", b"format: dit-submission\n", "dit-submission", None, False),
    ("json-array", b"[1, 2]", "dit-submission", None, False),
    ("empty-file", b"", "dit-submission", None, False),
    ("script-in-answer", _with(SUBMISSION, answers=_answers(affect="<script>alert(1)</script>")),
     "dit-submission", None, False),
    ("img-in-name", _with(SUBMISSION, trainee='<img src=x onerror="alert(1)">'),
     "dit-submission", None, False),
    ("closing-tag-in-title", _with(SUBMISSION, exercise_title="x</script>"),
     "dit-submission", None, False),
    ("script-in-comment", _with(FEEDBACK, overall="<script>alert(1)</script>"),
     "dit-feedback", None, False),
    ("script-in-model-answer", _with(FEEDBACK, model_answer="Self: <svg onload=alert(1)>"),
     "dit-feedback", None, False),
    ("control-character", _with(SUBMISSION, trainee="Al\u0007ex"), "dit-submission", None, False),
    ("unknown-field", _with(SUBMISSION, grade="A"), "dit-submission", None, False),
    ("unknown-prompt", _with(SUBMISSION, answers=_answers(secret="x")),
     "dit-submission", None, False),
    ("answer-not-text", _with(SUBMISSION, answers=_answers(self=12)),
     "dit-submission", None, False),
    ("answer-too-long", _with(SUBMISSION, answers=_answers(self="word " * 4001)),
     "dit-submission", None, False),
    ("bad-saved-at", _with(SUBMISSION, saved_at="yesterday"), "dit-submission", None, False),
    ("missing-saved-at", _with(SUBMISSION, saved_at=_DROP), "dit-submission", None, False),
    ("level-3", _with(FEEDBACK, criteria=_criteria(3), total=4), "dit-feedback", None, False),
    ("level-1.5", _with(FEEDBACK, criteria=_criteria(1.5), total=2.5), "dit-feedback", None,
     False),
    ("level-true", _with(FEEDBACK, criteria=_criteria(True), total=2), "dit-feedback", None,
     False),
    ("total-wrong", _with(FEEDBACK, total=4), "dit-feedback", None, False),
    ("maximum-wrong", _with(FEEDBACK, maximum=6), "dit-feedback", None, False),
    ("no-criteria", _with(FEEDBACK, criteria=[], total=0, maximum=0), "dit-feedback", None,
     False),
    ("ten-megabytes", _with(SUBMISSION, answers=_answers(self="a" * 10_000_000)),
     "dit-submission", None, False),
    ("just-over-the-limit", b" " * (fmt.MAX_FILE_BYTES - len(_with(SUBMISSION)) + 1)
     + _with(SUBMISSION), "dit-submission", None, False),
]  # fmt: skip
IDS = [case[0] for case in CASES]


def _python_verdict(data: bytes, expected: str, exercise: str | None) -> str | None:
    try:
        fmt.read_file(data, expected, name="answers.json", exercise_id=exercise)
    except fmt.FileRefused as err:
        return str(err)
    return None


@pytest.mark.parametrize(("case", "data", "expected", "exercise", "accepted"), CASES, ids=IDS)
def test_python_reads_or_refuses(case, data, expected, exercise, accepted):
    verdict = _python_verdict(data, expected, exercise)
    if accepted:
        assert verdict is None, verdict
    else:
        assert verdict is not None and verdict.startswith("answers.json"), verdict


def test_refusals_name_the_file_the_line_and_the_field():
    data = _with(SUBMISSION, answers=_answers(affect="<script>alert(1)</script>"))
    message = _python_verdict(data, "dit-submission", None)
    line = data.decode().splitlines().index('    "affect": "<script>alert(1)</script>"') + 1
    assert message.startswith(f"answers.json, line {line}, field answers.affect: ")
    assert "version 2 is not supported" in _python_verdict(
        _with(SUBMISSION, version=2), "dit-submission", None
    )
    assert "is for EX-04, not EX-01" in _python_verdict(
        _with(SUBMISSION, exercise_id="EX-04"), "dit-submission", "EX-01"
    )
    assert "at most 1,000,000" in _python_verdict(
        _with(SUBMISSION, answers=_answers(self="a" * 10_000_000)), "dit-submission", None
    )


def test_a_file_written_by_the_model_reads_back_as_text():
    model = fmt.read_file(_with(FEEDBACK), "dit-feedback")
    text = fmt.file_text(model)
    assert text.startswith('{\n  "format": "dit-feedback",\n  "version": 1,\n')
    assert fmt.read_file(text.encode(), "dit-feedback") == model


@pytest.fixture(scope="module")
def js_verdicts():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (make checkers installs it)")
    job = {
        "schemas": {name: format_schema(name) for name in fmt.FORMATS},
        "files": [
            {"bytes": base64.b64encode(data).decode(), "expected": expected, "exercise": exercise}
            for _, data, expected, exercise, _ in CASES
        ],
    }
    result = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "check_files.js")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return dict(zip(IDS, json.loads(result.stdout), strict=True))


@pytest.mark.parametrize(("case", "data", "expected", "exercise", "accepted"), CASES, ids=IDS)
def test_the_browser_checker_agrees_with_the_model(
    js_verdicts, case, data, expected, exercise, accepted
):
    js = js_verdicts[case]
    python = _python_verdict(data, expected, exercise)
    assert (js is None) == (python is None), f"browser: {js!r}; python: {python!r}"
    assert (js is None) == accepted


def test_the_browser_checker_knows_every_keyword_the_schemas_use():
    known = set(
        json.loads(
            (ROOT / "docs/javascripts/dit-files.js")
            .read_text(encoding="utf-8")
            .split("var KNOWN = ")[1]
            .split("];")[0]
            .replace("\n", "")
            .rstrip(", ")
            + "]"
        )
    )
    used: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                used.add(key)
                if key in ("properties", "$defs"):
                    for sub in value.values():
                        walk(sub)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in fmt.FORMATS:
        walk(format_schema(name))
    assert used <= known, f"dit-files.js does not check {sorted(used - known)}"


@pytest.mark.parametrize("name", sorted(fmt.FORMATS))
def test_committed_format_schema_is_fresh(name):
    path = ROOT / fmt.SCHEMA_DIR / fmt.SCHEMA_FILES[name]
    assert path.read_text(encoding="utf-8") == format_schema_text(name), (
        f"{fmt.SCHEMA_DIR}/{fmt.SCHEMA_FILES[name]} is stale: run `ditbook schema`"
    )


# What a schema cannot say: the size, the totals, and which exercise is expected.
SCHEMA_CASES = [
    c
    for c in CASES
    if len(c[1]) <= fmt.MAX_FILE_BYTES
    and c[0] not in ("total-wrong", "maximum-wrong", "other-exercise")
]


@pytest.mark.parametrize(
    ("case", "data", "expected", "exercise", "accepted"),
    SCHEMA_CASES,
    ids=[c[0] for c in SCHEMA_CASES],
)
def test_the_committed_schema_agrees_with_the_model(case, data, expected, exercise, accepted):
    """Editors and other tools use the schema file: it says what the model says."""
    schema = json.loads((ROOT / fmt.SCHEMA_DIR / fmt.SCHEMA_FILES[expected]).read_text())
    try:
        document = json.loads(data.decode("utf-8"), parse_float=fmt._number)
        jsonschema.validate(document, schema)
    except (UnicodeDecodeError, json.JSONDecodeError, jsonschema.ValidationError):
        valid = False
    else:
        valid = True
    assert valid == accepted
