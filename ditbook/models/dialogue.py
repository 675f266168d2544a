"""The dialogue data model: an annotated exchange between a therapist and a worked-example patient.

A dialogue shows one moment of the sixteen sessions as it might sound in the room: a short
transcript whose therapist turns carry annotations naming the technique, the element of the IPAF
in play and the reasoning. Descriptions are written for authors: they become the JSON Schema and
the field reference.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from ditbook.models.case import MAX_SESSIONS
from ditbook.models.fields import (
    UNIQUE,
    FileId,
    Label,
    Prose,
    Strict,
    no_repeats,
    refers_to,
    rule_error,
)

SCHEMA_VERSION = 1
MIN_TURNS = 10
MAX_TURNS = 24
MIN_WEAKER_TURNS = 6

# The chapter sections a dialogue may practise: each is a heading that exists in the handbook
# (MkDocs' strict build checks every link to it), with the title a dialogue page shows.
SECTIONS: dict[str, str] = {
    "handbook/the-16-sessions.md#the-initial-phase-sessions-14": (
        "The 16 sessions: the initial phase (about sessions 1–4)"
    ),
    "handbook/the-16-sessions.md#the-middle-phase-sessions-512": (
        "The 16 sessions: the middle phase (sessions 5–12)"
    ),
    "handbook/the-16-sessions.md#the-ending-phase-sessions-1316": (
        "The 16 sessions: the ending phase (about sessions 13–16)"
    ),
    "handbook/the-16-sessions.md#when-the-focus-needs-revising": (
        "The 16 sessions: when the focus needs revising"
    ),
    "handbook/techniques.md#the-mentalizing-stance": "Techniques: the mentalizing stance",
    "handbook/techniques.md#focusing-on-affect": "Techniques: focusing on affect",
    "handbook/techniques.md#working-in-the-transference": "Techniques: working in the transference",
    "handbook/techniques.md#clarification-challenge-and-interpretation": (
        "Techniques: clarification, challenge and interpretation"
    ),
    "handbook/techniques.md#keeping-the-focus": "Techniques: keeping the focus",
    "handbook/the-ipaf.md#the-four-elements": "The IPAF: the four elements",
    "handbook/the-ipaf.md#a-template-in-plain-words": "The IPAF: a template in plain words",
    "handbook/goodbye-letter.md#when-and-how-it-is-given": (
        "The goodbye letter: when and how it is given"
    ),
    "handbook/tracking-progress.md#item-9-and-risk": "Tracking progress: item 9 and risk",
}
Section = Literal[
    "handbook/the-16-sessions.md#the-initial-phase-sessions-14",
    "handbook/the-16-sessions.md#the-middle-phase-sessions-512",
    "handbook/the-16-sessions.md#the-ending-phase-sessions-1316",
    "handbook/the-16-sessions.md#when-the-focus-needs-revising",
    "handbook/techniques.md#the-mentalizing-stance",
    "handbook/techniques.md#focusing-on-affect",
    "handbook/techniques.md#working-in-the-transference",
    "handbook/techniques.md#clarification-challenge-and-interpretation",
    "handbook/techniques.md#keeping-the-focus",
    "handbook/the-ipaf.md#the-four-elements",
    "handbook/the-ipaf.md#a-template-in-plain-words",
    "handbook/goodbye-letter.md#when-and-how-it-is-given",
    "handbook/tracking-progress.md#item-9-and-risk",
]

# The moments a dialogue can show: (title, first session, last session). A dialogue's session
# must fall in its moment's range: a goodbye letter is not read in session 5.
MOMENTS: dict[str, tuple[str, int, int]] = {
    "opening-session-1": ("Opening the first session", 1, 1),
    "inviting-an-episode": ("Inviting a specific relational episode", 1, 12),
    "agreeing-the-focus": ("Sharing and negotiating the IPAF", 2, 6),
    "middle-episode": ("An episode linked to the focus", 5, 12),
    "transference-taken-up": ("A transference link the patient takes up", 5, 16),
    "transference-rejected": ("A transference link the patient rejects", 5, 16),
    "raising-the-ending": ("Raising the ending", 9, 16),
    "reading-the-letter": ("Reading the goodbye letter", 13, 16),
    "responding-to-item-9": ("Responding to a score above 0 on PHQ-9 item 9", 1, 16),
}
Moment = Literal[
    "opening-session-1",
    "inviting-an-episode",
    "agreeing-the-focus",
    "middle-episode",
    "transference-taken-up",
    "transference-rejected",
    "raising-the-ending",
    "reading-the-letter",
    "responding-to-item-9",
]

# The techniques an annotation can name: (label, what the sources say of the name). The names
# follow the handbook's chapter on techniques and the fact sheet behind it; the second part is
# shown to readers, so that a name the sources only partly confirm is never presented as the
# manual's own.
TECHNIQUES: dict[str, tuple[str, str]] = {
    "mentalizing-stance": (
        "Mentalizing stance",
        "Named in DIT sources: a curious, not-knowing interest in the patient's and others' "
        "states of mind.",
    ),
    "focusing-on-affect": (
        "Focusing on affect",
        "Named in DIT training: noticing and naming feeling as it happens in the session.",
    ),
    "clarification": (
        "Clarification",
        "General psychodynamic term; whether the DIT manual groups its techniques this way is "
        "not confirmed.",
    ),
    "challenge": (
        "Challenge",
        "General psychodynamic term; whether the DIT manual groups its techniques this way is "
        "not confirmed.",
    ),
    "interpretation": (
        "Interpretation",
        "Very probably part of DIT practice, following from its analytic attitude; the manual's "
        "own wording was not seen.",
    ),
    "transference-link": (
        "Transference link",
        "Working in the transference is named in DIT sources: the pattern seen live with the "
        "therapist.",
    ),
    "linking-to-the-ipaf": (
        "Linking to the IPAF",
        "Named in DIT sources as a middle-phase task: tracing the agreed pattern in new episodes "
        "and in the symptoms.",
    ),
    "sharing-the-formulation": (
        "Sharing and negotiating the IPAF",
        "Named in DIT sources: the formulation is shared explicitly and negotiated as the focus.",
    ),
    "keeping-the-focus": (
        "Keeping the focus",
        "Named in DIT sources: DIT is focal, and the therapist keeps to the agreed problem area.",
    ),
    "inviting-a-specific-episode": (
        "Inviting a specific episode",
        "This handbook's name for asking about one concrete interaction; a common psychodynamic "
        "practice, not a term we have seen in the DIT manual.",
    ),
    "explaining-the-frame": (
        "Explaining the time limit and the measures",
        "Common practice: services describe talking about the fixed number of sessions and "
        "collecting outcome measures; formal psychoeducation as a DIT task is not confirmed.",
    ),
    "asking-about-risk": (
        "Asking about risk",
        "Generic competence, and NICE guidance: ask directly about thoughts of suicide and "
        "self-harm, whatever the questionnaire shows.",
    ),
    "safety-planning": (
        "Safety planning",
        "General guidance on risk, not specific to DIT: a plan made together, kept by the "
        "patient and reviewed.",
    ),
    "monitoring-countertransference": (
        "Monitoring the countertransference",
        "Named in DIT sources: the therapist's own reactions read as information about the "
        "patient's state of mind.",
    ),
    "working-with-the-ending": (
        "Working with the ending",
        "The final sessions are given to the ending; how DIT works with it in detail is "
        "described by secondary sources.",
    ),
    "reading-the-goodbye-letter": (
        "Reading the goodbye letter",
        "The letter is part of DIT; when it is read, and how, is this handbook's practice "
        "guidance, not a confirmed rule.",
    ),
}
Technique = Literal[
    "mentalizing-stance",
    "focusing-on-affect",
    "clarification",
    "challenge",
    "interpretation",
    "transference-link",
    "linking-to-the-ipaf",
    "sharing-the-formulation",
    "keeping-the-focus",
    "inviting-a-specific-episode",
    "explaining-the-frame",
    "asking-about-risk",
    "safety-planning",
    "monitoring-countertransference",
    "working-with-the-ending",
    "reading-the-goodbye-letter",
]

ELEMENTS: dict[str, str] = {
    "self": "Self",
    "other": "Other",
    "affect": "Affect",
    "defensive-function": "Defensive function",
    "whole-pattern": "The whole pattern",
    "none": "Not in play",
}
Element = Literal["self", "other", "affect", "defensive-function", "whole-pattern", "none"]


class Annotation(Strict):
    """What a therapist's turn teaches: the technique, the IPAF element in play and why."""

    technique: Annotated[
        Technique,
        Field(description="The technique the turn shows, by its name in this handbook."),
    ]
    element: Annotated[
        Element,
        Field(
            description=(
                "The element of the IPAF in play: self, other, affect, defensive-function, "
                "whole-pattern, or none (before there is a focus, or when the turn is about the "
                "frame or safety)."
            )
        ),
    ]
    note: Annotated[
        Prose(6, max_chars=700),
        Field(description="The reasoning, in a sentence or two: why this, and why now."),
    ]


class Turn(Strict):
    """One turn of the conversation."""

    speaker: Annotated[
        Literal["therapist", "patient"], Field(description="Who speaks: therapist or patient.")
    ]
    text: Annotated[
        Prose(1, max_chars=1200),
        Field(description="What is said, as plain prose (no stage directions in brackets)."),
    ]
    annotation: Annotated[
        Annotation | None,
        Field(
            default=None,
            validate_default=True,
            description="Therapist turns only, and only where the turn teaches something.",
        ),
    ]

    @field_validator("annotation")
    @classmethod
    def _therapist_only(cls, value: Annotation | None, info: ValidationInfo):
        if value is not None and info.data.get("speaker") == "patient":
            raise rule_error(
                "only a therapist's turn carries an annotation: annotate the therapist's reply"
            )
        return value


def _both_speak(turns: list[Turn]) -> list[Turn]:
    speakers = {t.speaker for t in turns}
    if speakers != {"therapist", "patient"}:
        raise rule_error("needs turns by both the therapist and the patient")
    if not any(t.annotation for t in turns):
        raise rule_error("needs at least one annotated therapist turn")
    return turns


class Weaker(Strict):
    """A weaker version of the same moment, shown before the dialogue's own (stronger) turns."""

    turns: Annotated[
        list[Turn],
        AfterValidator(_both_speak),
        Field(
            min_length=MIN_WEAKER_TURNS,
            max_length=MAX_TURNS,
            description="The weaker exchange; its annotations say what each turn misses.",
        ),
    ]
    why_weaker: Annotated[
        list[Prose(6, max_chars=700)],
        Field(min_length=2, description="Why the stronger version is stronger, point by point."),
    ]


class Dialogue(Strict):
    """One annotated dialogue: a moment of the therapy with a worked-example patient."""

    id: Annotated[
        FileId,
        Field(
            description="Stable id, equal to the file name without .yaml; used in URLs.",
            json_schema_extra=UNIQUE,
        ),
    ]
    title: Annotated[Label, Field(description="A short title for the index and the page.")]
    patient: Annotated[
        FileId,
        Field(
            description=(
                "The id of the patient's case. Worked examples only: an exercise's material is "
                "a model answer."
            ),
            json_schema_extra=refers_to(
                "case",
                where={"role": "worked-example"},
                why="an exercise's material is a model answer",
            ),
        ),
    ]
    moment: Annotated[
        Moment,
        Field(
            description=(
                "The moment of the therapy the dialogue shows; its session must fit the moment: "
                + "; ".join(
                    f"{name}, session{'' if a == b else 's'} {a}{'' if a == b else f'-{b}'}"
                    for name, (_title, a, b) in MOMENTS.items()
                )
                + "."
            )
        ),
    ]
    session: Annotated[
        int,
        Field(
            ge=1,
            le=MAX_SESSIONS,
            description="The session number, 1-16, as the patient's case has it.",
        ),
    ]
    shows: Annotated[
        Prose(15, max_chars=1200),
        Field(description="A short introduction: where we are in the therapy, what it shows."),
    ]
    sections: Annotated[
        list[Section],
        AfterValidator(no_repeats),
        Field(
            min_length=1,
            max_length=6,
            description="The chapter sections it practises, as 'handbook/page.md#anchor'.",
        ),
    ]
    weaker: Annotated[
        Weaker | None,
        Field(
            default=None,
            description=(
                "Optional: a weaker version of the same moment, shown first, with why the "
                "dialogue's own turns are stronger."
            ),
        ),
    ]
    turns: Annotated[
        list[Turn],
        AfterValidator(_both_speak),
        Field(
            min_length=MIN_TURNS,
            max_length=MAX_TURNS,
            description="The conversation, 10-24 turns.",
        ),
    ]
    what_to_notice: Annotated[
        list[Prose(4, max_chars=700)],
        Field(min_length=2, max_length=8, description="A closing list: what to notice."),
    ]

    @field_validator("session")
    @classmethod
    def _fits_moment(cls, value: int, info: ValidationInfo) -> int:
        moment = info.data.get("moment")
        if moment in MOMENTS:
            _title, first, last = MOMENTS[moment]
            if not first <= value <= last:
                span = f"session {first}" if first == last else f"sessions {first}-{last}"
                raise rule_error(
                    "session {session} does not fit the moment {moment}, which belongs to {span}",
                    {"session": value, "moment": moment, "span": span},
                )
        return value
