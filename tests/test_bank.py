"""The make-up of the bank as a whole: enough cases and exercises, every exercise kind set more
than once, and the outcomes trainees will really meet, not only recoveries. Data only: the cases
are loaded with the engine's loader and no site is built.

The numbers are the workbook's standard, written out here rather than read from the code, so
that removing a case that the spread depends on fails here and not only in review.
"""

from __future__ import annotations

from collections import Counter

from ditbook.models.exercise import PROMPTS
from ditbook.render.case_page import outcome_section

MIN_CASES = 18
MIN_EXERCISES = 12
KINDS = ("whole-case", "complete-the-ipaf", "spot-the-gap", "agree-the-wording", "suitability")
MIN_PER_KIND = 2


def _names(cases) -> str:
    return ", ".join(c.id for c in cases) or "none"


def test_the_bank_has_enough_cases_and_exercises(cases):
    exercises = [c for c in cases if c.exercise is not None]
    assert len(cases) >= MIN_CASES, f"{len(cases)} cases; the bank needs {MIN_CASES}"
    assert len(exercises) >= MIN_EXERCISES, (
        f"{len(exercises)} exercises; the bank needs {MIN_EXERCISES}"
    )


def test_the_kinds_counted_are_the_kinds_the_model_has():
    # A kind added to the model must be added here too, and so set twice.
    assert set(KINDS) == set(PROMPTS)


def test_every_exercise_kind_is_set_at_least_twice(cases):
    kinds = Counter(c.exercise.kind for c in cases if c.exercise is not None)
    short = {kind: kinds[kind] for kind in KINDS if kinds[kind] < MIN_PER_KIND}
    assert not short, f"kinds set fewer than {MIN_PER_KIND} times: {short}"


def test_the_bank_has_partial_responders(cases):
    partial = [c for c in cases if c.outcome.result == "reliable-improvement"]
    assert len(partial) >= 2, f"reliable improvement without recovery: {_names(partial)}"


def test_the_bank_has_no_reliable_change_cases_ended_early_and_completed(cases):
    unchanged = [c for c in cases if c.outcome.result == "no-reliable-change"]
    early = [c for c in unchanged if c.outcome.ended == "early"]
    completed = [c for c in unchanged if c.outcome.ended == "completed"]
    assert early, f"no case without reliable improvement ended early ({_names(unchanged)})"
    assert completed, f"no case without reliable improvement completed ({_names(unchanged)})"
    assert all(c.outcome.last_session == 16 for c in completed)


def test_the_bank_has_a_reliable_deterioration(cases):
    worse = [c for c in cases if c.outcome.result == "reliable-deterioration"]
    assert worse, "no case shows a reliable deterioration"


def test_every_case_that_did_not_recover_and_complete_has_its_review_section(cases):
    reviewed = [
        c for c in cases if (c.outcome.result, c.outcome.ended) != ("recovered", "completed")
    ]
    assert reviewed, "every case recovered and completed"
    missing = [
        c.id for c in reviewed if not c.outcome.review or "{#review}" not in outcome_section(c)
    ]
    assert not missing, f"no review section on what happened: {', '.join(missing)}"
