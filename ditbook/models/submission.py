"""The two files of the supervision loop: a trainee's submission and a supervisor's feedback.

Both are JSON, pretty-printed so that they read as text, and each is ONE model with a `format`
name and a `version`. The JSON Schema of each (`ditbook/formats/*.schema.json`) is generated from
these models; the browser checks a file against that same schema (`docs/javascripts/
dit-files.js`) before it uses anything in it, so a file is either accepted by both sides or
refused by both.

A file is refused before parsing when it is larger than `MAX_FILE_BYTES`. Every text is plain
text: it may not contain anything that looks like markup (`<` followed by a letter, `/` or `!`)
or control characters other than tab and line breaks, so a file cannot carry a script to the
page that opens it (the pages show text as text in any case).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ditbook.models.exercise import EXERCISE_ID_PATTERN, PromptId
from ditbook.models.fields import rule_error

MAX_FILE_BYTES = 1_000_000
SUBMISSION_FORMAT = "dit-submission"
FEEDBACK_FORMAT = "dit-feedback"
VERSION = 1

# Plain text: no tag-like "<x", "</", "<!", and no control characters but tab, LF and CR. One
# regular expression that Python and JavaScript read the same way.
PLAIN_TEXT_PATTERN = r"^(?![\s\S]*<[A-Za-z/!?])[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
SAVED_AT_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$"


def Text(max_chars: int, min_chars: int = 0):
    """Plain text of at most `max_chars` characters (see PLAIN_TEXT_PATTERN)."""
    return Annotated[
        str,
        StringConstraints(min_length=min_chars, max_length=max_chars, pattern=PLAIN_TEXT_PATTERN),
        Field(json_schema_extra={"x-plain-text": True}),
    ]


ExerciseId = Annotated[str, StringConstraints(pattern=EXERCISE_ID_PATTERN)]
SavedAt = Annotated[
    str,
    StringConstraints(pattern=SAVED_AT_PATTERN),
    Field(description="When it was saved: UTC, ISO 8601, e.g. 2026-03-01T14:05:00Z."),
]
Answer = Text(20_000)
Name = Text(120)
WorksheetField = Literal[
    "self", "other", "affect_felt", "affect_less_conscious", "defensive_function",
    "recurrence", "symptoms", "wording", "notes",
]  # fmt: skip


class FileModel(BaseModel):
    # The same strictness as the content models: no unknown key, no number where text belongs.
    # python-re: the plain-text pattern needs a look-ahead.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, regex_engine="python-re")


class Submission(FileModel):
    """A trainee's answers to one exercise, saved from the worksheet to send to a supervisor."""

    format: Annotated[Literal["dit-submission"], Field(description="Always `dit-submission`.")]
    version: Annotated[Literal[1], Field(description="The format's version: 1.")]
    exercise_id: Annotated[ExerciseId, Field(description="The exercise answered, e.g. EX-01.")]
    exercise_title: Annotated[
        Text(200, 1), Field(description="The exercise's title, as the trainee saw it.")
    ]
    trainee: Annotated[
        Name | None, Field(default=None, description="The trainee's name, if they gave one.")
    ]
    saved_at: SavedAt
    answers: Annotated[
        dict[PromptId, Answer],
        Field(
            max_length=20,
            description="The answer to each prompt of the exercise, by prompt id (plain text).",
        ),
    ]
    worksheet: Annotated[
        dict[WorksheetField, Answer] | None,
        Field(
            default=None,
            description="The IPAF worksheet's fields, if the trainee filled them in.",
        ),
    ]


class CriterionMark(FileModel):
    """The level given for one criterion of the rubric, with a comment."""

    prompt: Annotated[PromptId, Field(description="The prompt the criterion marks.")]
    criterion: Annotated[Text(120, 1), Field(description="The criterion, as the rubric words it.")]
    level: Annotated[
        int,
        Field(ge=0, le=2, description="0 not yet, 1 partly, 2 meets."),
    ]
    comment: Annotated[Text(4000), Field(default="", description="The supervisor's comment.")]


class Feedback(FileModel):
    """A supervisor's marking of one submission, saved to return to the trainee."""

    format: Annotated[Literal["dit-feedback"], Field(description="Always `dit-feedback`.")]
    version: Annotated[Literal[1], Field(description="The format's version: 1.")]
    exercise_id: Annotated[ExerciseId, Field(description="The exercise marked, e.g. EX-01.")]
    submission_saved_at: Annotated[
        str,
        StringConstraints(pattern=SAVED_AT_PATTERN),
        Field(description="The `saved_at` of the submission marked, to tell drafts apart."),
    ]
    supervisor: Annotated[
        Name | None, Field(default=None, description="The supervisor's name, if given.")
    ]
    saved_at: SavedAt
    criteria: Annotated[
        list[CriterionMark],
        Field(min_length=1, max_length=60, description="One mark per criterion of the rubric."),
    ]
    prompt_comments: Annotated[
        dict[PromptId, Text(4000)],
        Field(max_length=20, description="A comment on the answer to each prompt, by prompt id."),
    ]
    total: Annotated[
        int, Field(ge=0, le=120, description="The sum of the levels; must equal that sum.")
    ]
    maximum: Annotated[
        int,
        Field(ge=2, le=120, description="Two per criterion; must equal twice their number."),
    ]
    overall: Annotated[Text(8000), Field(default="", description="An overall comment.")]
    model_answer: Annotated[
        Text(30_000) | None,
        Field(
            default=None,
            description=(
                "The model answer (the exercise's exemplar that meets the criteria), as plain "
                "text: present only if the supervisor chose to include it."
            ),
        ),
    ]

    @model_validator(mode="after")
    def _totals_add_up(self) -> Feedback:
        if self.total != sum(c.level for c in self.criteria):
            raise rule_error("total is {total}, but the levels add up to {sum}", {
                "total": self.total, "sum": sum(c.level for c in self.criteria)})  # fmt: skip
        if self.maximum != 2 * len(self.criteria):
            raise rule_error("maximum is {maximum}, but {n} criteria make {want}", {
                "maximum": self.maximum, "n": len(self.criteria),
                "want": 2 * len(self.criteria)})  # fmt: skip
        return self


FORMATS: dict[str, type[FileModel]] = {SUBMISSION_FORMAT: Submission, FEEDBACK_FORMAT: Feedback}


class FileRefused(ValueError):
    """A submission or feedback file that cannot be used; the message says why, for a person."""


def _line_of(text: str, path: tuple[Any, ...]) -> int | None:
    """The line where the last key of `path` appears in the JSON text (best effort)."""
    for part in reversed(path):
        if isinstance(part, str):
            match = re.search(r'"' + re.escape(part) + r'"\s*:', text)
            if match:
                return text.count("\n", 0, match.start()) + 1
    return None


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def read_file(
    data: bytes, expected: str, name: str = "<file>", exercise_id: str | None = None
) -> FileModel:
    """Check a submission or feedback file as the pages do, and return the model.

    `expected` is the format wanted (`dit-submission` or `dit-feedback`); with `exercise_id`,
    a file for another exercise is refused too. Raises `FileRefused` naming the file, the line
    and the field.
    """
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(
            f"{name}: the file is {len(data):,} bytes; at most {MAX_FILE_BYTES:,} are accepted"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileRefused(f"{name}: not UTF-8 text (byte {err.start})") from None
    try:
        # JSON Schema (and the browser) count 1.0 as the integer 1; so does this.
        raw = json.loads(text, parse_float=_number)
    except json.JSONDecodeError as err:
        raise FileRefused(f"{name}, line {err.lineno}: not JSON ({err.msg})") from None
    if not isinstance(raw, dict):
        raise FileRefused(f"{name}, line 1: not a {expected} file (not a JSON object)")
    if raw.get("format") != expected:
        raise FileRefused(
            f"{name}, line {_line_of(text, ('format',)) or 1}, field format: this is not a "
            f"{expected} file (format is {json.dumps(raw.get('format'))})"
        )
    if raw.get("version") != VERSION:
        raise FileRefused(
            f"{name}, line {_line_of(text, ('version',)) or 1}, field version: version "
            f"{json.dumps(raw.get('version'))} is not supported; this handbook reads version "
            f"{VERSION}"
        )
    try:
        model = FORMATS[expected].model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(p for p in first["loc"] if p != "[key]")
        message = first["msg"]
        if first["type"] == "string_pattern_mismatch" and "x00" in str(first.get("ctx")):
            message = "plain text only: no markup such as <script>, no control characters"
        if not loc and first["type"] == "content_rule":
            loc = (message.split()[0],)  # the totals rule names its field first
        where = ".".join(str(p) for p in loc) or "(file)"
        line = _line_of(text, loc) or 1
        raise FileRefused(f"{name}, line {line}, field {where}: {message}") from None
    if exercise_id is not None and model.exercise_id != exercise_id:
        raise FileRefused(
            f"{name}, line {_line_of(text, ('exercise_id',)) or 1}, field exercise_id: this file "
            f"is for {model.exercise_id}, not {exercise_id}"
        )
    return model


def file_text(model: FileModel) -> str:
    """The JSON text of a file, pretty-printed, as the pages write it."""
    return json.dumps(model.model_dump(exclude_none=True), indent=2, ensure_ascii=False) + "\n"


SCHEMA_DIR = "formats"
SCHEMA_FILES = {
    SUBMISSION_FORMAT: "submission.schema.json",
    FEEDBACK_FORMAT: "feedback.schema.json",
}
