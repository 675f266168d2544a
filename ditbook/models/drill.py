"""The drill data model: deliberate-practice drills, one file per skill.

A drill rehearses one skill on short patient statements at two levels of difficulty, each with
a line of context and at least one example response, against criteria for a good response. The
statements are spoken by the patients of worked examples only: an exercise's patient material is
its model answer. The JSON Schema, the field reference and the validator derive from the classes
below; a field's description is written for drill authors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from ditbook.models.fields import (
    PATTERN_HINTS,
    UNIQUE,
    FileId,
    Prose,
    Strict,
    no_repeats,
    refers_to,
    rule_error,
)

SCHEMA_VERSION = 1
LEVELS = ("easier", "harder")
MIN_STATEMENTS = 6

SECTION_PATTERN = r"^handbook/[a-z0-9]+(-[a-z0-9]+)*\.md#[a-z0-9]+(-[a-z0-9]+)*$"
PATTERN_HINTS[SECTION_PATTERN] = (
    "must be a chapter section written 'handbook/<page>.md#<anchor>', "
    "e.g. 'handbook/techniques.md#focusing-on-affect' (found {found})"
)
Section = Annotated[str, StringConstraints(pattern=SECTION_PATTERN, max_length=120)]

WORKED_EXAMPLES_ONLY = refers_to(
    "case",
    where={"role": "worked-example"},
    why="only the patients of worked examples speak in drills, because an exercise's patient "
    "material is its model answer",
)


def _has_a_response(responses: list[str]) -> list[str]:
    if not responses:
        raise rule_error("needs at least one example response")
    return responses


class Statement(Strict):
    """One thing a patient says, for the trainee in the therapist's chair to respond to."""

    patient: Annotated[
        FileId,
        Field(
            description=(
                "The id of the worked example whose patient says this (e.g. 'ruth-unheard'). "
                "Exercise patients may not speak in drills."
            ),
            json_schema_extra=WORKED_EXAMPLES_ONLY,
        ),
    ]
    level: Annotated[
        Literal["easier", "harder"],
        Field(
            description=(
                "easier: the feeling or the pattern is near the surface and the patient is "
                "open to it. harder: the patient deflects, is hostile or ashamed, or the moment "
                "asks for more than one thing at once."
            )
        ),
    ]
    context: Annotated[
        Prose(5, max_chars=240),
        Field(
            description=(
                "One line of context: the session and what has just happened. It must agree with "
                "the patient's case file."
            )
        ),
    ]
    says: Annotated[
        Prose(8, max_chars=900),
        Field(
            description=(
                "What the patient says, in the patient's own voice: plain text, read aloud by "
                "the trainee playing the patient. Never copied from a published practice book."
            )
        ),
    ]
    example_responses: Annotated[
        list[Prose(6, max_chars=900)],
        AfterValidator(_has_a_response),
        Field(
            description=(
                "One or more responses that meet the criteria. Each is shown as one possible "
                "response, never as the answer."
            )
        ),
    ]


class Rehearsal(Strict):
    """What is particular to this skill when it is rehearsed in threes."""

    observer_listens_for: Annotated[
        Prose(8, max_chars=600),
        Field(description="What the observer listens for, beyond the criteria."),
    ]
    easier: Annotated[
        Prose(8, max_chars=600),
        Field(description="How to make a round easier when it felt too hard."),
    ]
    harder: Annotated[
        Prose(8, max_chars=600),
        Field(description="How to make a round harder when it felt too easy."),
    ]


def _both_levels(statements: list[Statement]) -> list[Statement]:
    if len(statements) < MIN_STATEMENTS:
        raise rule_error(
            "needs at least {least} statements (found {found})",
            {"least": MIN_STATEMENTS, "found": len(statements)},
        )
    for level in LEVELS:
        if not any(s.level == level for s in statements):
            raise rule_error("needs statements at both levels; none is '{level}'", {"level": level})
    return statements


class Drill(Strict):
    """A deliberate-practice drill: one skill, rehearsed on patient statements at two levels."""

    id: Annotated[
        FileId,
        Field(
            description="Stable id, equal to the file name without .yaml; used in URLs.",
            json_schema_extra=UNIQUE,
        ),
    ]
    order: Annotated[
        int,
        Field(
            ge=1,
            le=99,
            description="The drill's place in the sequence of drills (1 first); no two share it.",
            json_schema_extra=UNIQUE,
        ),
    ]
    skill: Annotated[
        Prose(1, max_chars=44),
        Field(
            description=(
                "The skill, named as the handbook names it (e.g. 'Focusing on affect'), in at "
                "most 44 characters, so that it fits one line of the printed contents."
            ),
            json_schema_extra=UNIQUE,
        ),
    ]
    purpose: Annotated[
        Prose(25, max_chars=1200),
        Field(description="What the skill is for in DIT, and when in the sixteen sessions."),
    ]
    sections: Annotated[
        list[Section],
        AfterValidator(no_repeats),
        Field(
            min_length=1,
            description=(
                "The chapter sections the drill practises, as 'handbook/<page>.md#<anchor>'. "
                "Each chapter section lists the drills that name it."
            ),
        ),
    ]
    criteria: Annotated[
        list[Prose(5, max_chars=300)],
        Field(
            min_length=3,
            max_length=6,
            description="What a good response does: what the observer checks, one per item.",
        ),
    ]
    rehearsal: Rehearsal
    statements: Annotated[
        list[Statement],
        AfterValidator(_both_levels),
        Field(
            description=(
                f"At least {MIN_STATEMENTS} statements, with both levels (easier and harder)."
            )
        ),
    ]
