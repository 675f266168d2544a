"""An exercise: what the trainee is given when a case is set, its prompts and its graded rubric.

The prompts are fixed per kind of exercise, each with an id; a rubric's criteria name those ids
(the rules linking them are in `case_rules`). Everything a supervisor marks with is
SUPERVISOR_ONLY: absent from the trainee edition.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from ditbook.models.fields import (
    PATTERN_HINTS,
    SUPERVISOR_ONLY,
    UNIQUE,
    Label,
    Prose,
    Strict,
    rule_error,
)


class MarkingGuide(Strict):
    """For supervisors: what a good answer contains. Never shown in the trainee edition."""

    good_answer: Annotated[
        list[Prose(4)], Field(min_length=3, description="Points a good answer makes.")
    ]
    common_mistakes: Annotated[
        list[Prose(4)], Field(min_length=2, description="Mistakes trainees often make here.")
    ]
    discussion: Annotated[
        list[Prose(4)], Field(min_length=2, description="Questions to discuss in supervision.")
    ]


EXERCISE_ID_PATTERN = r"^EX-[0-9]{2,3}$"
PATTERN_HINTS[EXERCISE_ID_PATTERN] = (
    "must be EX- and two or three digits, e.g. 'EX-07' (found {found})"
)

IPAF_ELEMENTS = ("self_representation", "other_representation", "affect", "defensive_function")

ExerciseKind = Literal[
    "whole-case", "complete-the-ipaf", "spot-the-gap", "agree-the-wording", "suitability"
]

# The prompts a trainee answers, fixed per kind: (id, text in Markdown). A rubric's criteria name
# these ids, and every prompt must have at least one criterion (see `case_checks`).
PROMPTS: dict[str, tuple[tuple[str, str], ...]] = {
    "whole-case": (
        ("self", "Name the **self**: how does this patient experience themselves in the pattern?"),
        ("other", "Name the **other**: how are others experienced in relation to that self?"),
        ("affect", "Name the **affect** linking them: what is felt, and what is less conscious?"),
        (
            "defence",
            "Name the **defensive function**: what does the pattern protect the patient from "
            "feeling or knowing?",
        ),
        (
            "recurrence",
            "Show the pattern **recurring** across past and current relationships: at least one "
            "of each, with the moment in the vignette that shows it.",
        ),
        ("symptoms", "**Link** the pattern to the symptoms the patient came with."),
        ("wording", "Draft the IPAF in **words the patient could agree with**."),
        (
            "transference",
            "**Predict** how the pattern may appear in the relationship with you, the therapist.",
        ),
    ),
    "complete-the-ipaf": (
        (
            "missing",
            "Three elements of the IPAF are given above. Find the fourth, and say what in the "
            "vignette supports it.",
        ),
        ("symptoms", "**Link** the completed pattern to the patient's symptoms."),
        ("wording", "Draft the whole IPAF in **words the patient could agree with**."),
    ),
    "spot-the-gap": (
        (
            "gaps",
            "Read the trainee's draft formulation above. What is **missing**, and what is "
            "**wrong**?",
        ),
        (
            "rewrite",
            "Rewrite it as a complete IPAF: self, other, affect (felt and less conscious), "
            "defensive function, and the link to the symptoms.",
        ),
        ("wording", "Word it so that the **patient could agree** with it."),
    ),
    "agree-the-wording": (
        (
            "wording",
            "Turn the therapist's formulation above into **words the patient could agree "
            "with**: the patient's own words where you can, and no jargon.",
        ),
        (
            "corrections",
            "Say what the patient might **correct** in your wording, and how you would take the "
            "correction up.",
        ),
        (
            "focus-sentence",
            "Write **one sentence** that restates the focus, as it might open the goodbye letter.",
        ),
    ),
    "suitability": (
        ("choice", "Is DIT a **good choice** for this patient now? Say why, from the assessment."),
        (
            "alternatives",
            "What **else** could be offered (CBT, IPT, another therapy), and what does NICE "
            "guidance say for this presentation?",
        ),
        (
            "discussion",
            "How would you reach a **shared decision** with the patient? What would you tell them "
            "about each option?",
        ),
        (
            "risk-and-measures",
            "What would you **check and record** before starting: risk (including PHQ-9 item 9), "
            "and which measures?",
        ),
    ),
}
PromptId = Literal[
    "self", "other", "affect", "defence", "recurrence", "symptoms", "wording", "transference",
    "missing", "gaps", "rewrite", "corrections", "focus-sentence", "choice", "alternatives",
    "discussion", "risk-and-measures",
]  # fmt: skip
LEVELS = (("not_yet", 0, "Not yet"), ("partly", 1, "Partly"), ("meets", 2, "Meets"))


class Levels(Strict):
    """What an answer looks like at each level of one criterion."""

    not_yet: Annotated[Prose(6), Field(description="0, not yet: what such an answer looks like.")]
    partly: Annotated[Prose(6), Field(description="1, partly: what such an answer looks like.")]
    meets: Annotated[Prose(6), Field(description="2, meets: what such an answer looks like.")]


class Criterion(Strict):
    """One thing a marker looks for in the answer to one prompt, at three levels."""

    prompt: Annotated[PromptId, Field(description="The id of the prompt it marks.")]
    criterion: Annotated[Label, Field(description="What is looked for, in a few words.")]
    levels: Levels


class Exemplars(Strict):
    """Two whole answers to every prompt, for supervisors to calibrate their marking."""

    meets: Annotated[
        Prose(120), Field(description="An answer that meets every criterion, prompt by prompt.")
    ]
    not_yet: Annotated[
        Prose(60), Field(description="A plausible answer that does not yet meet them.")
    ]


class Exercise(Strict):
    """What the trainee is given when the case is set as an exercise.

    Five kinds: `whole-case` (formulate everything from the vignette), `complete-the-ipaf` (three
    elements are given, find the fourth), `spot-the-gap` (a flawed formulation to correct),
    `agree-the-wording` (turn a formulation into words the patient could agree with) and
    `suitability` (an assessment: is DIT a good choice here?).
    """

    id: Annotated[
        str,
        StringConstraints(pattern=EXERCISE_ID_PATTERN),
        Field(
            description="Stable exercise id used in assignments, e.g. EX-07.",
            json_schema_extra=UNIQUE,
        ),
    ]
    kind: Annotated[ExerciseKind, Field(description="What the trainee is asked to do.")]
    vignette: Annotated[
        Prose(120),
        Field(
            description=(
                "Only what a therapist would know by the end of the initial phase (session 4; "
                "for suitability, by the end of the assessment): no IPAF, no later sessions."
            )
        ),
    ]
    missing_element: Annotated[
        Literal["self_representation", "other_representation", "affect", "defensive_function"]
        | None,
        Field(
            default=None,
            validate_default=True,
            description="complete-the-ipaf only: the element the trainee must find.",
        ),
    ]
    flawed_formulation: Annotated[
        Prose(30) | None,
        Field(
            default=None,
            validate_default=True,
            description="spot-the-gap only: a plausible but flawed IPAF for the trainee to fix.",
        ),
    ]
    gaps: Annotated[
        list[Prose(6)] | None,
        Field(
            default=None,
            validate_default=True,
            description="spot-the-gap only (supervisor-only): what is missing or wrong in it.",
            json_schema_extra=SUPERVISOR_ONLY,
        ),
    ]
    therapist_formulation: Annotated[
        Prose(30) | None,
        Field(
            default=None,
            validate_default=True,
            description=(
                "agree-the-wording only: the IPAF in clinical words, as the therapist wrote it "
                "before sharing it; shown to the trainee."
            ),
        ),
    ]
    likely_corrections: Annotated[
        list[Prose(6)] | None,
        Field(
            default=None,
            validate_default=True,
            min_length=2,
            description="agree-the-wording only (supervisor-only): what the patient may correct.",
            json_schema_extra=SUPERVISOR_ONLY,
        ),
    ]
    decision: Annotated[
        Prose(40) | None,
        Field(
            default=None,
            validate_default=True,
            description="suitability only (supervisor-only): the recommended decision and why.",
            json_schema_extra=SUPERVISOR_ONLY,
        ),
    ]
    marking_guide: Annotated[
        MarkingGuide,
        Field(description="Supervisor-only marking guide.", json_schema_extra=SUPERVISOR_ONLY),
    ]
    rubric: Annotated[
        list[Criterion],
        Field(
            min_length=1,
            description=(
                "Supervisor-only: criteria for each prompt of the kind, at three levels. Every "
                "prompt has at least one; every criterion names a prompt of the kind."
            ),
            json_schema_extra=SUPERVISOR_ONLY,
        ),
    ]
    exemplars: Annotated[
        Exemplars,
        Field(
            description="Supervisor-only: a 'meets' and a 'not yet' answer.",
            json_schema_extra=SUPERVISOR_ONLY,
        ),
    ]

    @field_validator(
        "missing_element",
        "flawed_formulation",
        "gaps",
        "therapist_formulation",
        "likely_corrections",
        "decision",
    )
    @classmethod
    def _fits_kind(cls, value, info: ValidationInfo):
        needed_by = {
            "missing_element": "complete-the-ipaf",
            "flawed_formulation": "spot-the-gap",
            "gaps": "spot-the-gap",
            "therapist_formulation": "agree-the-wording",
            "likely_corrections": "agree-the-wording",
            "decision": "suitability",
        }[info.field_name]
        kind = info.data.get("kind")
        if kind == needed_by and value is None:
            raise rule_error("is required when kind is {kind}", {"kind": kind})
        if kind is not None and kind != needed_by and value is not None:
            raise rule_error("is only for exercises of kind {kind}", {"kind": needed_by})
        return value
