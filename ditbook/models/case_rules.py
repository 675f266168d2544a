"""Rules across a case's fields, and what of a case the trainee edition may hold.

The loader runs `case_checks` once the model has validated a file (each problem points at its
field's line); the registry uses `trainee_view` for the trainee edition.
"""

from __future__ import annotations

from collections.abc import Iterator

from ditbook.models.case import MAX_SESSIONS, Case
from ditbook.models.exercise import PROMPTS, Exercise
from ditbook.models.outcomes import change


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
