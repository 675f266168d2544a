"""The case data model: the single source of truth for case files.

The JSON Schema for editors (`ditbook schema`), the field reference in the docs and the validator
(`ditbook validate`, and every build) all derive from the classes below. A field's description is
written for case authors: it is what they read in their editor and in the field reference.
"""

from __future__ import annotations

from collections.abc import Iterator
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
from ditbook.models.outcomes import RESULT_NAMES, Result, change

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


def case_checks(case: Case) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Rules across a case's fields, as (field, message): the outcome against the scores, the
    milestones against the outcome, what an anxiety-led case must say, and the rubric against
    the prompts of its kind. Run by the loader after the model has validated the file."""
    outcome, scores = case.outcome, case.scores
    found = change(scores)
    if found is None:
        yield ("scores",), "the first and the last score must both record phq9 and gad7"
    elif found.classify() != outcome.result:
        yield (
            ("outcome", "result"),
            f"says {outcome.result!r}, but the scores show {found.classify()!r} "
            f"({found.describe()}; see the outcome rules in the authors' checklist)",
        )
    last = scores[-1].session
    if outcome.last_session != last:
        yield (
            ("outcome", "last_session"),
            f"must be the session of the last score ({last}) (found {outcome.last_session})",
        )
    if outcome.ended == "completed" and outcome.last_session != MAX_SESSIONS:
        yield ("outcome", "ended"), "is 'completed', but the last session is not 16; use 'early'"
    if outcome.ended == "early" and outcome.last_session == MAX_SESSIONS:
        yield ("outcome", "ended"), "is 'early', but session 16 was attended; use 'completed'"
    if outcome.review is None and (outcome.result, outcome.ended) != ("recovered", "completed"):
        yield (
            ("outcome", "review"),
            "is required unless the patient recovered and completed: say what happened and "
            "what supervision made of it",
        )
    if case.goodbye_letter is None and outcome.ended != "early":
        yield ("goodbye_letter",), "is required unless the therapy ended early"
    read = case.milestones.letter_read
    if read is None and outcome.ended != "early":
        yield ("milestones", "letter_read"), "is required unless the therapy ended early"
    if read is not None and case.goodbye_letter is None:
        yield ("milestones", "letter_read"), "names a session, but there is no goodbye_letter"
    if read is not None and read > outcome.last_session:
        yield ("milestones", "letter_read"), f"is after the last session ({outcome.last_session})"
    if case.milestones.focus_agreed > outcome.last_session:
        yield (
            ("milestones", "focus_agreed"),
            f"is after the last session ({outcome.last_session})",
        )
    if case.presentation[0] == "anxiety":
        for name in ("treatment_choice", "anxiety_measure"):
            if getattr(case, name) is None:
                yield (name,), "is required when the presentation is anxiety-led (anxiety first)"
    if case.exercise is not None:
        yield from _rubric_checks(case.exercise)


def _rubric_checks(exercise: Exercise) -> Iterator[tuple[tuple[str | int, ...], str]]:
    ids = [prompt_id for prompt_id, _ in PROMPTS[exercise.kind]]
    for i, criterion in enumerate(exercise.rubric):
        if criterion.prompt not in ids:
            yield (
                ("exercise", "rubric", i, "prompt"),
                f"is not a prompt of {exercise.kind} exercises (they are: {', '.join(ids)})",
            )
    marked = {c.prompt for c in exercise.rubric}
    for prompt_id in ids:
        if prompt_id not in marked:
            yield ("exercise", "rubric"), f"has no criterion for the prompt {prompt_id!r}"


def result_name(case: Case) -> str:
    return RESULT_NAMES[case.outcome.result]


# An exercise's model answer: what its trainee-edition page must not hold. `ipaf` is kept for
# complete-the-ipaf, whose page gives three of the four elements; the missing one is removed.
EXERCISE_ANSWERS = (
    "summary",
    "treatment_choice",
    "anxiety_measure",
    "outcome",
    "milestones",
    "history",
    "recurrence",
    "symptom_link",
    "agreed_wording",
    "transference",
    "reversal",
    "phases",
    "goodbye_letter",
)
# An exercise shows the scores of the initial phase only; a suitability exercise, the assessment's.
SESSIONS_SHOWN_IN_EXERCISES = 4
SESSIONS_SHOWN_IN_SUITABILITY = 1


def trainee_view(case: Case) -> Case:
    """The case as the trainee edition may hold it (supervisor-only fields are already gone).

    A worked example is whole. An exercise keeps what its page shows: the vignette, the given
    elements and the first sessions' scores. Whatever is left out is None, so a render function
    that reached for an answer would fail the build instead of printing it.
    """
    if case.exercise is None:
        return case
    updates: dict = dict.fromkeys(EXERCISE_ANSWERS)
    shown = (
        SESSIONS_SHOWN_IN_SUITABILITY
        if case.exercise.kind == "suitability"
        else SESSIONS_SHOWN_IN_EXERCISES
    )
    updates["scores"] = [s for s in case.scores if s.session <= shown]
    missing = case.exercise.missing_element
    if case.exercise.kind == "complete-the-ipaf" and missing:
        updates["ipaf"] = case.ipaf.model_copy(update={missing: None})
    else:
        updates["ipaf"] = None
    return case.model_copy(update=updates)
