"""The outcome rules at their edges, as the handbook teaches them (tracking-progress chapter).

The numbers and the expected results are written here from the definitions, not read from the
module, so that a changed threshold or a changed order of the rules fails:

- caseness: a PHQ-9 of 10 or more, or a GAD-7 of 8 or more;
- reliable change: 6 or more on the PHQ-9, 4 or more on the GAD-7;
- reliable deterioration: a reliable rise on either measure (the handbook's convention), which
  comes first, so that it also cancels a reliable improvement on the other measure;
- recovered (reliable recovery): a reliable improvement, a case at the start and not at the end;
- reliable improvement: a reliable fall without recovery; otherwise no reliable change.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ditbook.models.outcomes import Change, change

EDGES = [
    # A fall of exactly 6 on the PHQ-9 is reliable; 5 is not, even out of caseness at the end.
    pytest.param((15, 5), (9, 5), "recovered", id="phq9-fall-of-6"),
    pytest.param((14, 5), (9, 5), "no-reliable-change", id="phq9-fall-of-5"),
    # A fall of exactly 4 on the GAD-7 is reliable; 3 is not.
    pytest.param((5, 11), (5, 7), "recovered", id="gad7-fall-of-4"),
    pytest.param((5, 10), (5, 7), "no-reliable-change", id="gad7-fall-of-3"),
    # Ending on the caseness line is still a case: a reliable improvement, not a recovery.
    pytest.param((18, 5), (10, 5), "reliable-improvement", id="phq9-ends-at-10"),
    pytest.param((18, 5), (9, 5), "recovered", id="phq9-ends-at-9"),
    pytest.param((5, 14), (5, 8), "reliable-improvement", id="gad7-ends-at-8"),
    pytest.param((5, 14), (5, 7), "recovered", id="gad7-ends-at-7"),
    # Out of caseness on the PHQ-9 but still a case on the GAD-7.
    pytest.param((18, 8), (9, 8), "reliable-improvement", id="phq9-out-gad7-still-a-case"),
    # Starting on the caseness line is a case; starting just below it is not, so a reliable
    # fall from there is an improvement and never a recovery.
    pytest.param((10, 7), (4, 3), "recovered", id="starts-at-phq9-10"),
    pytest.param((9, 8), (3, 4), "recovered", id="starts-at-gad7-8"),
    pytest.param((9, 7), (3, 3), "reliable-improvement", id="never-a-case"),
    # A reliable fall on one measure with a reliable rise on the other is a deterioration.
    pytest.param((16, 6), (9, 10), "reliable-deterioration", id="phq9-falls-gad7-rises-4"),
    pytest.param((4, 12), (10, 6), "reliable-deterioration", id="gad7-falls-phq9-rises-6"),
    # A rise on the other measure short of reliable does not cancel the improvement.
    pytest.param((16, 6), (9, 9), "reliable-improvement", id="phq9-falls-gad7-rises-3-a-case"),
    pytest.param((16, 4), (9, 7), "recovered", id="phq9-falls-gad7-rises-3-not-a-case"),
    # Reliable deterioration is a rise of 6 on the PHQ-9 or 4 on the GAD-7, whatever caseness.
    pytest.param((8, 5), (14, 5), "reliable-deterioration", id="phq9-rise-of-6"),
    pytest.param((8, 5), (13, 5), "no-reliable-change", id="phq9-rise-of-5"),
    pytest.param((8, 4), (8, 8), "reliable-deterioration", id="gad7-rise-of-4"),
    pytest.param((8, 4), (8, 7), "no-reliable-change", id="gad7-rise-of-3"),
    pytest.param((0, 0), (6, 0), "reliable-deterioration", id="rise-of-6-below-caseness"),
]


@pytest.mark.parametrize(("first", "last", "expected"), EDGES)
def test_outcome_at_the_edges_of_the_definitions(first, last, expected):
    assert Change(first, last).classify() == expected


def _scores(*rows):
    return [SimpleNamespace(session=s, phq9=p, gad7=g) for s, p, g in rows]


def test_only_the_first_and_the_last_scores_count():
    # A rise of 10 in the middle of therapy is not the outcome: 16 to 9 is a recovery.
    found = change(_scores((1, 16, 6), (8, 26, 6), (16, 9, 6)))
    assert found == Change((16, 6), (9, 6))
    assert found.classify() == "recovered"


def test_no_outcome_without_both_measures_at_both_ends():
    assert change(_scores((1, 16, 6))) is None
    assert change(_scores((1, 16, None), (16, 9, 6))) is None
    assert change(_scores((1, 16, 6), (16, None, 6))) is None
