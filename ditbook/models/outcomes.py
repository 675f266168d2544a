"""Outcome definitions, as NHS Talking Therapies uses them and the handbook teaches them.

Caseness and the reliable-change values are the service's ([C] in the outcomes fact sheet:
NHS Digital, as tabled by Saunders et al. 2021). Three points are this handbook's convention,
stated as such on the tracking-progress chapter and in the authors' checklist:

- reliable deterioration is a reliable rise on either measure (the exact national rule was not
  seen in the sources);
- a reliable improvement does not count when the other measure reliably deteriorated (widely
  taught, not confirmed in a national source);
- a case's outcome is named by the first rule that fits, in the order of `classify`, and
  "recovered" means *reliable recovery*: reliable improvement and out of caseness.

Outcomes compare the first and the last scores, as the service does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

PHQ9_CASENESS = 10  # a PHQ-9 of 10 or more is a case
GAD7_CASENESS = 8  # a GAD-7 of 8 or more is a case (not the developers' 10)
PHQ9_RELIABLE = 6  # a change of 6 or more on the PHQ-9 is reliable
GAD7_RELIABLE = 4  # a change of 4 or more on the GAD-7 is reliable

Result = Literal[
    "recovered", "reliable-improvement", "no-reliable-change", "reliable-deterioration"
]
RESULTS: tuple[Result, ...] = (
    "recovered",
    "reliable-improvement",
    "no-reliable-change",
    "reliable-deterioration",
)
RESULT_NAMES = {
    "recovered": "Recovered (reliable recovery)",
    "reliable-improvement": "Reliable improvement without recovery",
    "no-reliable-change": "No reliable change",
    "reliable-deterioration": "Reliable deterioration",
}


class Scored(Protocol):
    session: int
    phq9: int | None
    gad7: int | None


def is_case(phq9: int, gad7: int) -> bool:
    return phq9 >= PHQ9_CASENESS or gad7 >= GAD7_CASENESS


@dataclass(frozen=True)
class Change:
    """First and last scores, and what the change between them means."""

    first: tuple[int, int]  # (PHQ-9, GAD-7) at the first score
    last: tuple[int, int]

    @property
    def improved(self) -> bool:
        return self.first[0] - self.last[0] >= PHQ9_RELIABLE or (
            self.first[1] - self.last[1] >= GAD7_RELIABLE
        )

    @property
    def deteriorated(self) -> bool:
        return self.last[0] - self.first[0] >= PHQ9_RELIABLE or (
            self.last[1] - self.first[1] >= GAD7_RELIABLE
        )

    @property
    def case_at_start(self) -> bool:
        return is_case(*self.first)

    @property
    def case_at_end(self) -> bool:
        return is_case(*self.last)

    def classify(self) -> Result:
        if self.deteriorated:
            return "reliable-deterioration"
        if self.improved and self.case_at_start and not self.case_at_end:
            return "recovered"
        if self.improved:
            return "reliable-improvement"
        return "no-reliable-change"

    def describe(self) -> str:
        (p1, g1), (p2, g2) = self.first, self.last
        return f"PHQ-9 {p1} to {p2}, GAD-7 {g1} to {g2}"


def change(scores: Sequence[Scored]) -> Change | None:
    """The change from the first to the last score; None unless both record both measures."""
    if len(scores) < 2:
        return None
    first, last = scores[0], scores[-1]
    if None in (first.phq9, first.gad7, last.phq9, last.gad7):
        return None
    return Change((first.phq9, first.gad7), (last.phq9, last.gad7))
