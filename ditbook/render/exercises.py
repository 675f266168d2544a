"""An exercise's page (the brief, and in the supervisor edition the model answer, rubric and
exemplars) and its assignment sheet. Pure functions: no MkDocs, no files."""

from __future__ import annotations

from collections.abc import Iterable

from ditbook.content.editions import EDITIONS
from ditbook.models.case import Case
from ditbook.models.case_rules import SESSIONS_SHOWN_IN_EXERCISES, SESSIONS_SHOWN_IN_SUITABILITY
from ditbook.models.exercise import LEVELS, PROMPTS
from ditbook.render import diagrams
from ditbook.render.case_page import (
    choice_sections,
    facts,
    ipaf_card,
    ipaf_sections,
    later_sections,
    outcome_section,
    scores_section,
    sheet_path,
)
from ditbook.render.markdown import cell, inline, paragraphs
from ditbook.render.pages import Href

# ---------------------------------------------------------------------------------------------
# Exercises

KIND_NAMES = {
    "whole-case": "Whole-case formulation",
    "complete-the-ipaf": "Complete the IPAF",
    "spot-the-gap": "Spot the gap",
    "agree-the-wording": "Agree the wording",
    "suitability": "Suitability",
}


def _prompts(case: Case) -> str:
    assert case.exercise is not None
    lines = [f"{i}. {text}" for i, (_, text) in enumerate(PROMPTS[case.exercise.kind], 1)]
    return "\n".join(lines)


def scores_shown(case: Case) -> int:
    """The last session whose scores an exercise shows the trainee."""
    assert case.exercise is not None
    if case.exercise.kind == "suitability":
        return SESSIONS_SHOWN_IN_SUITABILITY
    return SESSIONS_SHOWN_IN_EXERCISES


def _sheet_prompts(case: Case) -> str:
    """Each prompt with its own space to answer in, kept together on one printed page."""
    assert case.exercise is not None
    blocks = [
        f'<div class="sheet-prompt" markdown>\n\n{i}\\. {text}\n\n'
        '<div class="answer-space" aria-hidden="true"></div>\n\n</div>\n'
        for i, (_, text) in enumerate(PROMPTS[case.exercise.kind], 1)
    ]
    return "\n".join(blocks)


def _exercise_brief(case: Case, answer_spaces: bool = False) -> str:
    """What the trainee gets: vignette, the given material, prompts. Shared with the sheet,
    where each prompt has its own answer space."""
    ex = case.exercise
    assert ex is not None
    parts = ["## Vignette {#vignette}\n", paragraphs(ex.vignette) + "\n"]
    if ex.kind == "complete-the-ipaf":
        parts += ["## Three elements, given {#given}\n", ipaf_card(case, hide=ex.missing_element)]
    if ex.kind == "spot-the-gap":
        assert ex.flawed_formulation is not None
        parts += [
            "## A trainee's draft {#draft}\n",
            paragraphs(ex.flawed_formulation, indent="> ").replace("\n\n", "\n>\n") + "\n",
        ]
    if ex.kind == "agree-the-wording":
        assert ex.therapist_formulation is not None
        parts += [
            "## The therapist's formulation {#formulation}\n",
            paragraphs(ex.therapist_formulation, indent="> ").replace("\n\n", "\n>\n") + "\n",
        ]
    prompts = _sheet_prompts(case) if answer_spaces else _prompts(case) + "\n"
    parts += ["## Your task {#task}\n", prompts]
    return "\n".join(parts)


def _marking_guide(case: Case) -> str:
    ex = case.exercise
    assert ex is not None
    guide = ex.marking_guide

    def bullets(items: Iterable[str]) -> str:
        return "\n".join(f"- {inline(i)}" for i in items)

    parts = ["## Marking guide {#marking-guide}\n"]
    if ex.decision:
        parts += ["### The recommended decision {#decision}\n", paragraphs(ex.decision) + "\n"]
    if ex.gaps:
        parts += ["### What the draft misses {#gaps}\n", bullets(ex.gaps) + "\n"]
    if ex.likely_corrections:
        parts += [
            "### What the patient may correct {#likely-corrections}\n",
            bullets(ex.likely_corrections) + "\n",
        ]
    parts += [rubric_table(case), _exemplars(case)]
    parts += [
        "### A good answer {#good-answer}\n",
        bullets(guide.good_answer) + "\n",
        "### Common mistakes {#common-mistakes}\n",
        bullets(guide.common_mistakes) + "\n",
        "### For discussion in supervision {#discussion}\n",
        bullets(guide.discussion) + "\n",
    ]
    return "\n".join(parts)


def rubric_table(case: Case) -> str:
    """The graded rubric: for each prompt, its criteria at three levels (0, 1, 2)."""
    ex = case.exercise
    assert ex is not None and ex.rubric is not None
    head = "| Prompt | Criterion | " + " | ".join(f"{n} {name}" for _, n, name in LEVELS) + " |"
    rows = [head, "| --- | --- | --- | --- | --- |"]
    number = {prompt_id: i for i, (prompt_id, _) in enumerate(PROMPTS[ex.kind], 1)}
    for criterion in sorted(ex.rubric, key=lambda c: number[c.prompt]):
        cells = [
            f"{number[criterion.prompt]} ({criterion.prompt})",
            inline(criterion.criterion),
            *(inline(getattr(criterion.levels, key)) for key, _, _ in LEVELS),
        ]
        rows.append("| " + " | ".join(map(cell, cells)) + " |")
    most = 2 * len(ex.rubric)
    return (
        "### Rubric {#rubric}\n\n"
        f"Each criterion scores 0 (not yet), 1 (partly) or 2 (meets); {most} marks in all.\n\n"
        '<div class="rubric" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"
    )


def _exemplars(case: Case) -> str:
    ex = case.exercise
    assert ex is not None and ex.exemplars is not None
    return (
        "### Exemplar answers {#exemplars}\n\n"
        '!!! success "An answer that meets the criteria"\n\n'
        + paragraphs(ex.exemplars.meets, indent="    ")
        + '\n\n!!! failure "An answer that does not yet meet them"\n\n'
        + paragraphs(ex.exemplars.not_yet, indent="    ")
        + "\n"
    )


def exercise_page(case: Case, edition: str, href: Href) -> str:
    """Trainee edition: vignette and prompts only. Supervisor edition: plus the answers."""
    ex = case.exercise
    if ex is None:
        raise ValueError(f"{case.id} is a worked example; render it with case_page")
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {EDITIONS}")
    head = [
        f"# {ex.id}: {inline(case.title)}\n",
        f'<p class="case-kind">Exercise {ex.id} · {KIND_NAMES[ex.kind]} · '
        "fictional composite</p>\n",
        facts(case) + "\n",
        f"[Print the assignment sheet]({href(sheet_path(case))}) · "
        f"[Open the IPAF worksheet]({href('workbook/worksheet.md')}?exercise={ex.id})\n",
        _exercise_brief(case),
        scores_section(case, up_to_session=scores_shown(case)),
    ]
    if edition == "trainee":
        return "\n".join(head)
    answer = [
        '<div class="model-answer" markdown>\n',
        "## Model answer {#model-answer}\n",
        '<p class="supervisor-only">Supervisor edition: not for trainees.</p>\n',
        "### History {#history}\n",
        paragraphs(case.history) + "\n",
        choice_sections(case, level=3),
        ipaf_sections(case, level=3),
        later_sections(case, level=3),
        outcome_section(case, level=3),
        _marking_guide(case),
        "</div>\n",
    ]
    return "\n".join(head + answer)


def assignment_sheet(case: Case) -> str:
    """A page a supervisor hands out: never any answer, in either edition. A blank IPAF diagram
    to fill in by hand ends every sheet but a suitability one, whose prompts ask for none."""
    ex = case.exercise
    if ex is None:
        raise ValueError(f"{case.id} is a worked example and has no assignment sheet")
    diagram = [] if ex.kind == "suitability" else [diagrams.blank_ipaf_diagram() + "\n"]
    return "\n".join(
        [
            f"# Assignment {ex.id}: {inline(case.title)}\n",
            '<div class="sheet-fields" markdown>\n',
            '**Trainee:** <span class="write-line" data-sheet-field="name"></span>\n',
            '**Supervisor:** <span class="write-line"></span>\n',
            '**Date set:** <span class="write-line"></span>\n',
            '**Due:** <span class="write-line" data-sheet-field="due"></span>\n',
            "</div>\n",
            f"*{KIND_NAMES[ex.kind]} · difficulty: {case.difficulty} · fictional composite*\n",
            _exercise_brief(case, answer_spaces=True),
            *diagram,
        ]
    )
