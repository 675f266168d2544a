"""The case data model: the single source of truth for case files.

The JSON Schema for editors (`ditbook schema`), the field reference in the docs and the validator
(`ditbook validate`, and every build) all derive from the classes below. A field's description is
written for case authors: it is what they read in their editor and in the field reference.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from macros import text_rules

SCHEMA_VERSION = 1
MAX_SESSIONS = 16
PHQ9_MAX = 27
GAD7_MAX = 21

# Sessions of each phase, fixed by the DIT protocol (16 weekly sessions).
PHASES: dict[str, tuple[int, int]] = {"initial": (1, 4), "middle": (5, 12), "ending": (13, 16)}


def _prose_checker(min_words: int):
    def check(value: str) -> str:
        message = text_rules.problem_with(value, min_words)
        if message:
            raise PydanticCustomError("prose", message)
        return value

    return check


def Prose(min_words: int, max_chars: int = 6000):
    """Plain text of at least `min_words` words: no HTML, no placeholders, no real identifiers.

    Blank lines separate paragraphs. Markdown is not interpreted: every character is shown as typed.
    """
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_chars),
        AfterValidator(_prose_checker(min_words)),
        Field(json_schema_extra={"minLength": 1, "x-min-words": min_words}),
    ]


Label = Prose(1, max_chars=120)
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=40)]
CaseId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=60)]


class Strict(BaseModel):
    # strict: a number or a date where text belongs (YAML reads `12` or `2020-01-01` as one) is
    # an error, not silently turned into text; nor is text turned into a number.
    # extra=forbid: a misspelt key is an error, not a field quietly ignored.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


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
            raise PydanticCustomError("score", "needs a phq9 or a gad7 score (or both)")
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


IPAF_ELEMENTS = ("self_representation", "other_representation", "affect", "defensive_function")


class Exercise(Strict):
    """What the trainee is given when the case is set as an exercise.

    Three kinds: `whole-case` (formulate everything from the vignette), `complete-the-ipaf` (three
    elements are given, find the fourth) and `spot-the-gap` (a flawed formulation to correct).
    """

    id: Annotated[
        str,
        StringConstraints(pattern=r"^EX-[0-9]{2,3}$"),
        Field(description="Stable exercise id used in assignments, e.g. EX-07."),
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
        ),
    ]
    marking_guide: Annotated[MarkingGuide, Field(description="Supervisor-only marking guide.")]

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
            raise PydanticCustomError(
                "case_rule", "is required when kind is {kind}", {"kind": kind}
            )
        if kind is not None and kind != needed_by and value is not None:
            raise PydanticCustomError(
                "case_rule", "is only for exercises of kind {kind}", {"kind": needed_by}
            )
        return value


def _must_be_true(value: bool) -> bool:
    if value is not True:
        raise PydanticCustomError("case_rule", "must be true: every case is a fictional composite")
    return value


def _no_repeats(values: list) -> list:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise PydanticCustomError(
            "case_rule", "lists '{item}' more than once", {"item": repeated[0]}
        )
    return values


def _past_and_current(relationships: list[Relationship]) -> list[Relationship]:
    for when in ("past", "current"):
        if not any(r.when == when for r in relationships):
            raise PydanticCustomError(
                "case_rule", "needs at least one {when} relationship", {"when": when}
            )
    return relationships


def _sessions_in_order(scores: list[Score]) -> list[Score]:
    sessions = [s.session for s in scores]
    if sessions != sorted(set(sessions)):
        raise PydanticCustomError("case_rule", "sessions must be in order, each at most once")
    return scores


class Case(Strict):
    """One fictional case: a worked IPAF example, or an exercise whose IPAF is the model answer."""

    id: Annotated[
        CaseId,
        Field(description="Stable id, equal to the file name without .yaml; used in URLs."),
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
            raise PydanticCustomError("case_rule", "is required when role is exercise")
        if role == "worked-example" and value is not None:
            raise PydanticCustomError("case_rule", "is only for cases whose role is exercise")
        return value
