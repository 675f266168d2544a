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
    ValidationInfo,
    field_validator,
    model_validator,
)

from ditbook.models.exercise import Exercise
from ditbook.models.fields import (
    UNIQUE,
    FileId,
    Label,
    Prose,
    Slug,
    Strict,
    no_repeats,
    rule_error,
)
from ditbook.models.outcomes import Result

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


def _must_be_true(value: bool) -> bool:
    if value is not True:
        raise rule_error("must be true: every case is a fictional composite")
    return value


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


class Outcome(Strict):
    """How the therapy ended, checked against the scores (see `ditbook.models.outcomes`)."""

    result: Annotated[
        Result,
        Field(
            description=(
                "From the first and the last scores: recovered (reliable recovery), "
                "reliable-improvement (without recovery), no-reliable-change or "
                "reliable-deterioration. ditbook validate checks it against the scores."
            )
        ),
    ]
    ended: Annotated[
        Literal["completed", "early"],
        Field(description="completed: session 16 was attended. early: therapy stopped before."),
    ]
    last_session: Annotated[
        int,
        Field(ge=1, le=MAX_SESSIONS, description="The last session attended: the last score's."),
    ]
    review: Annotated[
        Prose(60) | None,
        Field(
            default=None,
            description=(
                "What happened, and what supervision made of it. Required unless the patient "
                "recovered and completed; for a deterioration, how care was stepped up."
            ),
        ),
    ]


class Milestones(Strict):
    """When the pivot acts happened: they vary from case to case."""

    focus_agreed: Annotated[
        int, Field(ge=2, le=8, description="The session in which the IPAF was agreed.")
    ]
    letter_read: Annotated[
        int | None,
        Field(
            default=None,
            ge=12,
            le=MAX_SESSIONS,
            description=(
                "The session in which the goodbye letter was read. Omitted only when the "
                "therapy ended early and no letter was read together."
            ),
        ),
    ]


class AnxietyMeasure(Strict):
    """The anxiety-disorder-specific measure a service would add for this presentation."""

    name: Annotated[
        Literal["SPIN", "PDSS", "MI", "OCI", "IES-R", "PCL-5", "HAI", "GAD-7"],
        Field(description="The measure (GAD-7 where the problem is GAD or mixed)."),
    ]
    reason: Annotated[
        Prose(15),
        Field(description="Why this measure, and on which pair the outcome is computed."),
    ]


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
        AfterValidator(no_repeats),
        Field(min_length=1, max_length=2, description="The presenting problem(s)."),
    ]
    themes: Annotated[
        list[Slug],
        AfterValidator(no_repeats),
        Field(min_length=1, max_length=8, description="Lower-case tags, e.g. neglect, marriage."),
    ]
    patient: Patient
    summary: Annotated[Prose(15, max_chars=600), Field(description="Two or three sentences.")]
    history: Annotated[Prose(60), Field(description="The history as the therapist learns it.")]
    treatment_choice: Annotated[
        Prose(30) | None,
        Field(
            default=None,
            description=(
                "Why DIT rather than CBT, IPT or another option: what was discussed, the "
                "patient's preference, NICE's position. Required when the presentation is "
                "anxiety-led (anxiety first)."
            ),
        ),
    ]
    anxiety_measure: Annotated[
        AnxietyMeasure | None,
        Field(default=None, description="Required when the presentation is anxiety-led."),
    ]
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
        Prose(120) | None,
        Field(
            default=None,
            description=(
                "The therapist's goodbye letter (ending phase), in full. Required unless the "
                "therapy ended early."
            ),
        ),
    ]
    scores: Annotated[
        list[Score],
        AfterValidator(_sessions_in_order),
        Field(
            min_length=2,
            max_length=MAX_SESSIONS,
            description=(
                "PHQ-9/GAD-7 at the start of each session attended; the first and the last "
                "record both."
            ),
        ),
    ]
    outcome: Outcome
    milestones: Milestones
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
