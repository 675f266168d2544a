"""The self-check model: a chapter's learning objectives and its questions.

One file per chapter, `selfchecks/<chapter>.yaml`. The chapter shows the objectives at its top
and the questions at its end (the page macros `objectives()` and `self_check()`); the answers
and explanations are also gathered on the answer key page, which the print page puts at the back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from ditbook.content import chapters
from ditbook.models.fields import (
    PATTERN_HINTS,
    UNIQUE,
    FileId,
    Prose,
    Slug,
    Strict,
    rule_error,
)

MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MIN_QUESTIONS = 4
MIN_OPTIONS, MAX_OPTIONS = 2, 6

CHAPTER_PATTERN = r"^handbook/[a-z0-9]+(-[a-z0-9]+)*\.md$"
SECTION_PATTERN = r"^handbook/[a-z0-9]+(-[a-z0-9]+)*\.md#[\w-]+$"
PATTERN_HINTS[CHAPTER_PATTERN] = (
    "must be a chapter's path under docs/, e.g. 'handbook/the-ipaf.md' (found {found})"
)
PATTERN_HINTS[SECTION_PATTERN] = (
    "must be a chapter section as 'handbook/<page>.md#<anchor>', e.g. "
    "'handbook/the-ipaf.md#the-four-elements' (found {found})"
)
ChapterPath = Annotated[str, StringConstraints(pattern=CHAPTER_PATTERN)]
SectionPath = Annotated[str, StringConstraints(pattern=SECTION_PATTERN)]


class Option(Strict):
    """One answer a reader can choose."""

    text: Annotated[
        Prose(1, max_chars=400), Field(description="The option, as the reader sees it.")
    ]
    correct: Annotated[
        bool,
        Field(default=False, description="true for a right answer; leave it out for a wrong one."),
    ]
    feedback: Annotated[
        Prose(6),
        Field(description="Why this option is right or wrong, shown when a reader chooses it."),
    ]


class Question(Strict):
    """One self-check question: understanding or application, not trivia."""

    id: Annotated[Slug, Field(description="A slug, unique within the file: 'four-elements'.")]
    question: Annotated[
        Prose(5, max_chars=1200),
        Field(description="The question, with a short vignette where it helps. Plain text."),
    ]
    kind: Annotated[
        Literal["single", "multiple"],
        Field(description="single: exactly one right option. multiple: choose all that apply."),
    ]
    options: Annotated[
        list[Option],
        Field(
            min_length=MIN_OPTIONS,
            max_length=MAX_OPTIONS,
            description="2 to 6 options; single has exactly one correct, multiple at least one.",
        ),
    ]
    explanation: Annotated[
        Prose(12),
        Field(description="The answer explained, shown after an attempt and in the answer key."),
    ]
    section: Annotated[
        SectionPath,
        Field(
            description=(
                "The section to reread, as 'handbook/<page>.md#<anchor>': in this chapter or "
                "another; the anchor must exist."
            )
        ),
    ]

    @field_validator("options")
    @classmethod
    def _right_number_correct(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        kind = info.data.get("kind")
        correct = sum(1 for o in options if o.correct)
        if kind == "single" and correct != 1:
            raise rule_error(
                "a single question needs exactly one correct option (found {n})", {"n": correct}
            )
        if kind == "multiple" and correct == 0:
            raise rule_error("a multiple question needs at least one correct option (found none)")
        return options


class SelfCheck(Strict):
    """A chapter's objectives and self-check questions."""

    id: Annotated[
        FileId,
        Field(
            description="The chapter's file name without .md; equal to this file's name.",
            json_schema_extra=UNIQUE,
        ),
    ]
    chapter: Annotated[
        ChapterPath,
        Field(description="The chapter it belongs to: 'handbook/<id>.md', which must exist."),
    ]
    objectives: Annotated[
        list[Prose(3, max_chars=300)],
        Field(
            min_length=MIN_OBJECTIVES,
            max_length=MAX_OBJECTIVES,
            description=(
                "3 to 5; each completes 'By the end of this chapter you will be able to ...'."
            ),
        ),
    ]
    questions: Annotated[
        list[Question],
        Field(min_length=MIN_QUESTIONS, description="At least 4 questions."),
    ]


def selfcheck_checks(item: SelfCheck) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Rules across a file's fields, as (field, message): the chapter exists and is the one the
    file is named after, question ids are unique, no option is listed twice, and every section
    to reread exists (a chapter file and a heading anchor in it)."""
    if not chapters.exists(item.chapter):
        yield ("chapter",), f"names no chapter: docs/{item.chapter} does not exist"
    elif item.chapter != f"handbook/{item.id}.md":
        yield (
            ("chapter",),
            f"must be 'handbook/{item.id}.md': a self-check file is named after its chapter",
        )
    seen: dict[str, int] = {}
    for i, question in enumerate(item.questions):
        if question.id in seen:
            yield (
                ("questions", i, "id"),
                f"repeats the question id {question.id!r} (already questions[{seen[question.id]}])",
            )
        else:
            seen[question.id] = i
        texts: set[str] = set()
        for j, option in enumerate(question.options):
            if option.text in texts:
                yield ("questions", i, "options", j, "text"), "repeats an option of this question"
            texts.add(option.text)
        chapter, _, anchor = question.section.partition("#")
        if not chapters.exists(chapter):
            yield (
                ("questions", i, "section"),
                f"names no chapter: docs/{chapter} does not exist",
            )
        elif anchor not in chapters.anchors(chapter):
            yield (
                ("questions", i, "section"),
                f"names no section #{anchor} in {chapter}",
            )
