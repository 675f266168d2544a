"""The data the supervisor edition's marking page works from: every exercise's prompts, rubric
and model answer, as JSON for the page's script. Never rendered in the trainee edition."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ditbook.models.case import Case
from ditbook.models.exercise import LEVELS, PROMPTS
from ditbook.render.cases import json_script, plain_prompt


class SupervisorOnly(ValueError):
    """Rubric data asked for in an edition that must not hold it."""


def model_answer_by_prompt(case: Case) -> dict[str, str]:
    """The exemplar that meets the criteria, one paragraph per prompt when it is written so
    (paragraph n answers prompt n); otherwise nothing, and the page shows it whole."""
    ex = case.exercise
    assert ex is not None and ex.exemplars is not None
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", ex.exemplars.meets) if p.strip()]
    prompts = PROMPTS[ex.kind]
    if len(paragraphs) != len(prompts):
        return {}
    return {prompt_id: text for (prompt_id, _), text in zip(prompts, paragraphs, strict=True)}


def marking_data(cases: Sequence[Case], edition: str) -> str:
    """Every exercise's id, title, prompts, rubric and model answer, in a JSON script element."""
    if edition != "supervisor":
        raise SupervisorOnly(
            f"marking_data: the rubric and model answers are for the supervisor edition only "
            f"(this is the {edition} edition)"
        )
    data = {}
    for case in cases:
        ex = case.exercise
        if ex is None:
            continue
        if ex.rubric is None or ex.exemplars is None:
            raise SupervisorOnly(f"marking_data: {ex.id} has no rubric in this edition")
        data[ex.id] = {
            "title": case.title,
            "prompts": [[pid, plain_prompt(text)] for pid, text in PROMPTS[ex.kind]],
            "rubric": [
                {
                    "prompt": c.prompt,
                    "criterion": c.criterion,
                    "levels": [getattr(c.levels, key) for key, _, _ in LEVELS],
                }
                for c in ex.rubric
            ],
            "model_answer": ex.exemplars.meets,
            "model_answer_by_prompt": model_answer_by_prompt(case),
        }
    return json_script(data, "marking-data")
