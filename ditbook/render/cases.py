"""Cases in the site: their pages grouped for the print page, the case index, links to a case,
excerpts for chapters, and the exercises' data for the worksheet. Pure functions: no MkDocs."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ditbook.models.case import Case
from ditbook.models.exercise import PROMPTS
from ditbook.render.case_page import case_page, page_path, sheet_path
from ditbook.render.exercises import KIND_NAMES, assignment_sheet, exercise_page
from ditbook.render.markdown import cell, inline, paragraphs
from ditbook.render.pages import Href, Page, PageGroup, href_from

# ---------------------------------------------------------------------------------------------
# Pages and indexes


def link(case: Case) -> tuple[str, str]:
    """Where a case's page is, and its title: for links to it from other content."""
    return page_path(case), case.title


def pages(bank) -> list[PageGroup]:
    """Every case's page, and every exercise's assignment sheet, grouped as the print page
    orders them. The bank's cases are already as its edition may hold them."""
    edition = bank.edition
    ordered = sorted(bank.cases, key=reading_order)
    worked = [c for c in ordered if c.role == "worked-example"]
    exercises = [c for c in ordered if c.role == "exercise"]
    return [
        PageGroup(
            "Worked cases",
            [
                Page(page_path(c), case_page(c) + _referring(bank, c, href_from(page_path(c))))
                for c in worked
            ],
        ),
        PageGroup(
            "Exercises",
            [
                Page(page_path(c), exercise_page(c, edition, href_from(page_path(c))))
                for c in exercises
            ],
        ),
        PageGroup(
            "Assignment sheets", [Page(sheet_path(c), assignment_sheet(c)) for c in exercises]
        ),
    ]


def _referring(bank, case: Case, href: Href) -> str:
    """Links to the dialogues and drills that work with this patient, if there are any."""
    links = bank.referring_to("case", case.id)
    if not links:
        return ""
    first_name = inline(case.title.split(":")[0])
    items = "\n".join(f"- [{inline(title)}]({href(src)})" for src, title in links)
    return f"\n## Practise with {first_name} {{#practise}}\n\n{items}\n"


def reading_order(case: Case) -> tuple[int, int, str]:
    """Worked examples first by id, then exercises by the number of their exercise id (EX-01,
    EX-02, ..., EX-99, EX-100): compared as text, EX-100 would come before EX-99."""
    if case.exercise:
        return (1, int(case.exercise.id.removeprefix("EX-")), case.exercise.id)
    return (0, 0, case.id)


def case_index(cases: Sequence[Case], href: Href) -> str:
    """All cases and exercises in one table; complete without JavaScript."""
    if not cases:
        raise ValueError("there are no cases to list")
    rows = [
        "| Case | Role | Presentation | Difficulty | Outcome | Themes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for case in sorted(cases, key=reading_order):
        label = inline(case.title)
        if case.exercise:
            label = f"{case.exercise.id}: {label}"
            role = KIND_NAMES[case.exercise.kind]
        else:
            role = "Worked example"
        cells = [
            f"[{label}]({href(page_path(case))})",
            role,
            inline(" and ".join(case.presentation)),
            inline(case.difficulty),
            inline(_index_outcome(case)),
            inline(", ".join(case.themes)),
        ]
        rows.append("| " + " | ".join(map(cell, cells)) + " |")
    return '<div class="case-index" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"


def _index_outcome(case: Case) -> str:
    """The outcome for the index (and its filter, which splits a cell on " and ")."""
    if case.outcome is None:
        return "not shown for exercises"  # the trainee edition: it is part of the answer
    words = case.outcome.result.replace("-", " ")
    return words + (" and ended early" if case.outcome.ended == "early" else "")


def case_link(case: Case, href: Href) -> str:
    return f"[{inline(case.title)}]({href(page_path(case))})"


EXCERPTS = {
    "summary",
    "symptom_link",
    "agreed_wording",
    "transference",
    "reversal",
    "goodbye_letter",
    "phases.initial",
    "phases.middle",
    "phases.ending",
}


def case_excerpt(case: Case, field: str) -> str:
    """One field of a worked example, for a chapter to quote without copying it by hand."""
    if field not in EXCERPTS:
        raise ValueError(f"case_excerpt: {field!r} is not one of {sorted(EXCERPTS)}")
    if case.role != "worked-example":
        raise ValueError(f"case_excerpt: {case.id} is an exercise; quote a worked example")
    value = case
    for part in field.split("."):
        value = getattr(value, part)
    if not value:
        raise ValueError(f"case_excerpt: {case.id} has no {field}")
    css = "goodbye-letter" if field == "goodbye_letter" else "case-excerpt"
    return f'<div class="{css}" markdown>\n\n{paragraphs(value)}\n\n</div>\n'


def exercise_data(cases: Sequence[Case]) -> str:
    """The vignettes of every exercise as JSON in a script tag, for the worksheet to pre-fill.

    Only what the trainee edition shows anyway: id, title, kind and vignette.
    """
    data = {
        c.exercise.id: {
            "case": c.id,
            "title": c.title,
            "kind": KIND_NAMES[c.exercise.kind],
            "vignette": c.exercise.vignette,
            "prompts": [[pid, plain_prompt(text)] for pid, text in PROMPTS[c.exercise.kind]],
        }
        for c in cases
        if c.exercise is not None
    }
    return json_script(data, "exercise-data")


def plain_prompt(text: str) -> str:
    """A prompt's Markdown as the plain text a form shows (prompts use only **bold**)."""
    return text.replace("**", "")


def json_script(data, element_id: str) -> str:
    """`data` as JSON in a `<script type="application/json">` with the given id."""
    # With no "<" at all, nothing in the text can close the script element ("</script") or put
    # the parser in a state where "</script>" no longer closes it ("<!--" then "<script").
    # json.dumps leaves "<" alone; JSON.parse reads the escape back as "<".
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{payload}</script>\n'
