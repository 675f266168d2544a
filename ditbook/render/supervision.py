"""What the supervisor edition's tools work from: for the marking page, every exercise's
prompts, rubric and model answer, as JSON for the page's script (never rendered in the trainee
edition); for the assignment pack page, the exercises to choose from, each with the address of
its sheet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from ditbook.models.case import Case
from ditbook.models.exercise import LEVELS, PROMPTS
from ditbook.render.case_page import sheet_path
from ditbook.render.cases import json_script, plain_prompt, reading_order
from ditbook.render.exercises import KIND_NAMES
from ditbook.render.pages import Href


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


def pack_choices(cases: Sequence[Case], url: Href) -> str:
    """The assignment pack page's list of exercises: a checkbox for each, in reading order,
    labelled with its id, title, kind and difficulty, whose data-sheet attribute is the address
    of its assignment sheet (`url` makes it relative to the page). HTML, on lines with no blank
    line between them, so that Markdown leaves it as it is inside the page's form."""
    exercises = sorted((c for c in cases if c.exercise), key=reading_order)
    if not exercises:
        raise ValueError("pack_choices: there are no exercises to choose from")
    items = []
    for case in exercises:
        ex = case.exercise
        assert ex is not None
        box = f"pack-{ex.id.lower()}"
        items.append(
            f'<li class="pack-choice"><input type="checkbox" id="{box}" name="exercise" '
            f'value="{ex.id}" data-sheet="{escape(url(sheet_path(case)))}">'
            f'<label for="{box}"><strong>{ex.id}</strong> {escape(case.title)} '
            f'<span class="pack-about">{KIND_NAMES[ex.kind]} · {case.difficulty}</span>'
            "</label></li>"
        )
    return "\n".join(
        [
            '<fieldset class="pack-exercises">',
            "<legend>Exercises (printed in this order)</legend>",
            '<ul class="pack-list">',
            *items,
            "</ul>",
            "</fieldset>",
        ]
    )
