"""The case data model: the single source of truth for case files.

The JSON Schema for editors (`ditbook schema`), the field reference in the docs and the validator
(`ditbook validate`, and every build) all derive from the classes below. A field's description is
written for case authors: it is what they read in their editor and in the field reference.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ditbook.models.fields import (
    PATTERN_HINTS,
    SUPERVISOR_ONLY,
    UNIQUE,
    FileId,
    Label,
    Prose,
    Slug,
    Strict,
    rule_error,
)

SCHEMA_VERSION = 1
MAX_SESSIONS = 16
PHQ9_MAX = 27
GAD7_MAX = 21

# Sessions of each phase, fixed by the DIT protocol (16 weekly sessions).
PHASES: dict[str, tuple[int, int]] = {"initial": (1, 4), "middle": (5, 12), "ending": (13, 16)}


class Patient(Strict):
    """Who the (fictional) patient is, in broad strokes."""

    age: Annotated[int, Field(ge=16, le=100, description="Age in years at the start of therapy.")]
    gender: Annotated[Label, Field(description="Gender as the patient describes it.")]
    background: Annotated[
        Prose(8),
        Field(description="Family structure, culture, work: the context a therapist would know."),
    ]


class Affect(Strict):
    """The feelings that link the self and the other when the pattern is active."""

    conscious: Annotated[
        Prose(3),
        Field(description="What the patient feels and can name (e.g. anger, frustration)."),
    ]
    less_conscious: Annotated[
        Prose(3),
        Field(
            description="The feeling underneath, harder to bear or to know (e.g. terror, shame)."
        ),
    ]


class IPAF(Strict):
    """The four elements of the Interpersonal Affective Focus."""

    self_representation: Annotated[
        Prose(3), Field(description="How the patient experiences themselves in the pattern.")
    ]
    other_representation: Annotated[
        Prose(3), Field(description="How others are experienced in relation to that self.")
    ]
    affect: Annotated[Affect, Field(description="The affect linking self and other.")]
    defensive_function: Annotated[
        Prose(10),
        Field(
            description=(
                "What the pattern protects the patient from feeling or knowing. "
                "Not a list of defence mechanisms."
            )
        ),
    ]


class Relationship(Strict):
    """One relationship in which the pattern recurs."""

    who: Annotated[Label, Field(description="The relationship, e.g. 'Her mother', 'Her manager'.")]
    when: Annotated[
        Literal["past", "current"],
        Field(description="Whether this relationship is past or current."),
    ]
    example: Annotated[
        Prose(12), Field(description="A concrete moment in which the pattern showed itself.")
    ]


class Phases(Strict):
    """Notes on the work in each of the three phases of the 16 sessions."""

    initial: Annotated[Prose(25), Field(description="Sessions 1-4: engagement, history, the IPAF.")]
    middle: Annotated[Prose(25), Field(description="Sessions 5-12: working the focus.")]
    ending: Annotated[Prose(25), Field(description="Sessions 13-16: the ending and the letter.")]


class Score(Strict):
    """Outcome measures recorded at one session."""

    session: Annotated[int, Field(ge=1, le=MAX_SESSIONS, description="Session number, 1-16.")]
    phq9: Annotated[
        int | None, Field(default=None, ge=0, le=PHQ9_MAX, description="PHQ-9 total, 0-27.")
    ]
    gad7: Annotated[
        int | None, Field(default=None, ge=0, le=GAD7_MAX, description="GAD-7 total, 0-21.")
    ]
    phq9_item9: Annotated[
        int | None,
        Field(default=None, ge=0, le=3, description="PHQ-9 item 9 (thoughts of self-harm), 0-3."),
    ]

    @model_validator(mode="after")
    def _has_a_measure(self) -> Score:
        if self.phq9 is None and self.gad7 is None:
            raise rule_error("needs a phq9 or a gad7 score (or both)")
        return self


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


class Exercise(Strict):
    """What the trainee is given when the case is set as an exercise.

    Three kinds: `whole-case` (formulate everything from the vignette), `complete-the-ipaf` (three
    elements are given, find the fourth) and `spot-the-gap` (a flawed formulation to correct).
    """

    id: Annotated[
        str,
        StringConstraints(pattern=EXERCISE_ID_PATTERN),
        Field(
            description="Stable exercise id used in assignments, e.g. EX-07.",
            json_schema_extra=UNIQUE,
        ),
    ]
    kind: Annotated[
        Literal["whole-case", "complete-the-ipaf", "spot-the-gap"],
        Field(description="What the trainee is asked to do."),
    ]
    vignette: Annotated[
        Prose(120),
        Field(
            description=(
                "Only what a therapist would know by the end of the initial phase (session 4): "
                "no IPAF, no later sessions."
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
    marking_guide: Annotated[
        MarkingGuide,
        Field(description="Supervisor-only marking guide.", json_schema_extra=SUPERVISOR_ONLY),
    ]

    @field_validator("missing_element", "flawed_formulation", "gaps")
    @classmethod
    def _fits_kind(cls, value, info: ValidationInfo):
        needed_by = {
            "missing_element": "complete-the-ipaf",
            "flawed_formulation": "spot-the-gap",
            "gaps": "spot-the-gap",
        }[info.field_name]
        kind = info.data.get("kind")
        if kind == needed_by and value is None:
            raise rule_error("is required when kind is {kind}", {"kind": kind})
        if kind is not None and kind != needed_by and value is not None:
            raise rule_error("is only for exercises of kind {kind}", {"kind": needed_by})
        return value


def _must_be_true(value: bool) -> bool:
    if value is not True:
        raise rule_error("must be true: every case is a fictional composite")
    return value


def _no_repeats(values: list) -> list:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise rule_error("lists '{item}' more than once", {"item": repeated[0]})
    return values


def _past_and_current(relationships: list[Relationship]) -> list[Relationship]:
    for when in ("past", "current"):
        if not any(r.when == when for r in relationships):
            raise rule_error("needs at least one {when} relationship", {"when": when})
    return relationships


def _sessions_in_order(scores: list[Score]) -> list[Score]:
    sessions = [s.session for s in scores]
    if sessions != sorted(set(sessions)):
        raise rule_error("sessions must be in order, each at most once")
    return scores


class Case(Strict):
    """One fictional case: a worked IPAF example, or an exercise whose IPAF is the model answer."""

    id: Annotated[
        FileId,
        Field(
            description="Stable id, equal to the file name without .yaml; used in URLs.",
            json_schema_extra=UNIQUE,
        ),
    ]
    title: Annotated[Label, Field(description="A short title for the index and the page.")]
    fictional: Annotated[
        bool,
        AfterValidator(_must_be_true),
        Field(
            description="Must be true: every case is a fictional composite.",
            json_schema_extra={"const": True},  # so editors flag `false` too
        ),
    ]
    role: Annotated[
        Literal["worked-example", "exercise"],
        Field(
            description=(
                "worked-example: the IPAF is shown in full. exercise: the vignette is shown and "
                "the IPAF is the model answer."
            )
        ),
    ]
    difficulty: Annotated[
        Literal["introductory", "intermediate", "advanced"],
        Field(description="How hard the formulation is for a trainee."),
    ]
    presentation: Annotated[
        list[Literal["depression", "anxiety"]],
        AfterValidator(_no_repeats),
        Field(min_length=1, max_length=2, description="The presenting problem(s)."),
    ]
    themes: Annotated[
        list[Slug],
        AfterValidator(_no_repeats),
        Field(min_length=1, max_length=8, description="Lower-case tags, e.g. neglect, marriage."),
    ]
    patient: Patient
    summary: Annotated[Prose(15, max_chars=600), Field(description="Two or three sentences.")]
    history: Annotated[Prose(60), Field(description="The history as the therapist learns it.")]
    ipaf: IPAF
    recurrence: Annotated[
        list[Relationship],
        AfterValidator(_past_and_current),
        Field(
            min_length=2,
            description="Relationships where the pattern recurs: at least one past, one current.",
        ),
    ]
    symptom_link: Annotated[
        Prose(20),
        Field(description="How the pattern is linked to the depression and/or anxiety."),
    ]
    agreed_wording: Annotated[
        Prose(20),
        Field(description="The IPAF as agreed with the patient, in words the patient could use."),
    ]
    transference: Annotated[
        Prose(25),
        Field(description="How the pattern showed up with the therapist (middle phase)."),
    ]
    reversal: Annotated[
        Prose(15) | None,
        Field(default=None, description="Optional: the patient taking up the 'other' role."),
    ]
    phases: Phases
    goodbye_letter: Annotated[
        Prose(120),
        Field(description="The therapist's goodbye letter (ending phase), in full."),
    ]
    scores: Annotated[
        list[Score],
        AfterValidator(_sessions_in_order),
        Field(default_factory=list, max_length=MAX_SESSIONS, description="PHQ-9/GAD-7 by session."),
    ]
    exercise: Annotated[
        Exercise | None,
        Field(
            default=None,
            validate_default=True,
            description="Required when role is exercise; absent otherwise.",
        ),
    ]

    @field_validator("exercise")
    @classmethod
    def _exercise_matches_role(cls, value: Exercise | None, info: ValidationInfo):
        role = info.data.get("role")
        if role == "exercise" and value is None:
            raise rule_error("is required when role is exercise")
        if role == "worked-example" and value is not None:
            raise rule_error("is only for cases whose role is exercise")
        return value


# An exercise's model answer: what its trainee-edition page must not hold. `ipaf` is kept for
# complete-the-ipaf, whose page gives three of the four elements; the missing one is removed.
EXERCISE_ANSWERS = (
    "summary",
    "history",
    "recurrence",
    "symptom_link",
    "agreed_wording",
    "transference",
    "reversal",
    "phases",
    "goodbye_letter",
)
SESSIONS_SHOWN_IN_EXERCISES = 4  # an exercise shows the scores of the initial phase only


def trainee_view(case: Case) -> Case:
    """The case as the trainee edition may hold it (supervisor-only fields are already gone).

    A worked example is whole. An exercise keeps what its page shows: the vignette, the given
    elements and the first sessions' scores. Whatever is left out is None, so a render function
    that reached for an answer would fail the build instead of printing it.
    """
    if case.exercise is None:
        return case
    updates: dict = dict.fromkeys(EXERCISE_ANSWERS)
    updates["scores"] = [s for s in case.scores if s.session <= SESSIONS_SHOWN_IN_EXERCISES]
    missing = case.exercise.missing_element
    if case.exercise.kind == "complete-the-ipaf" and missing:
        updates["ipaf"] = case.ipaf.model_copy(update={missing: None})
    else:
        updates["ipaf"] = None
    return case.model_copy(update=updates)
