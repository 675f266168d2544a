"""Cases as pages: worked examples, exercises, assignment sheets and the case index.

Pure functions: no MkDocs, no files. Case text goes through `render.markdown`, so it is shown as
typed and can never inject markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from html import escape

from ditbook.content.editions import EDITIONS
from ditbook.models.case import PHASES, Case
from ditbook.models.case_rules import SESSIONS_SHOWN_IN_EXERCISES, SESSIONS_SHOWN_IN_SUITABILITY
from ditbook.models.exercise import IPAF_ELEMENTS, LEVELS, PROMPTS
from ditbook.models.outcomes import RESULT_NAMES, change
from ditbook.render import charts, diagrams
from ditbook.render.markdown import cell, definition, inline, paragraph_list, paragraphs
from ditbook.render.pages import Href, Page, PageGroup, href_from

# ---------------------------------------------------------------------------------------------
# The IPAF card and the sections of a case page

ELEMENT_TITLES = {
    "self_representation": "Self",
    "other_representation": "Other",
    "affect": "Affect",
    "defensive_function": "Defensive function",
}


def _affect_text(case: Case) -> tuple[str, str]:
    return case.ipaf.affect.conscious, case.ipaf.affect.less_conscious


def ipaf_card(case: Case, hide: str | None = None) -> str:
    """The four elements as a card. `hide` replaces one element with a prompt (exercises)."""
    rows = []
    for element in IPAF_ELEMENTS:
        title = ELEMENT_TITLES[element]
        if element == hide:
            body = ["*For you to find.*"]
        elif element == "affect":
            conscious, less = _affect_text(case)
            body = [f"**Felt:** {inline(conscious)}", f"**Less conscious:** {inline(less)}"]
        else:
            body = paragraph_list(getattr(case.ipaf, element))
        rows.append(definition(title, body))
    body = "\n\n".join(rows)
    return (
        f'<div class="ipaf-card" markdown>\n\n'
        f'<p class="ipaf-card__title">IPAF: {escape(case.title)}</p>\n\n'
        f"{body}\n\n</div>\n"
    )


# (anchor, heading, text getter) in page order: tests check each appears under its heading.
def worked_sections(case: Case) -> list[tuple[str, str, str]]:
    conscious, less = _affect_text(case)
    sections = [
        ("self-representation", "Self representation", case.ipaf.self_representation),
        ("other-representation", "Other representation", case.ipaf.other_representation),
        ("affect", "Affect", f"Felt: {conscious}\nLess conscious: {less}"),
        ("defensive-function", "Defensive function", case.ipaf.defensive_function),
        ("symptom-link", "Link to the symptoms", case.symptom_link),
        ("agreed-wording", "The IPAF as agreed with the patient", case.agreed_wording),
        ("transference", "In the relationship with the therapist", case.transference),
    ]
    if case.reversal:
        sections.append(("reversal", "Reversal", case.reversal))
    if case.goodbye_letter:
        sections.append(("goodbye-letter", "The goodbye letter", case.goodbye_letter))
    return sections


def _facts(case: Case) -> str:
    items = [
        ("Presentation", " and ".join(case.presentation)),
        ("Patient", f"{case.patient.age}, {case.patient.gender}"),
        ("Difficulty", case.difficulty),
        ("Themes", ", ".join(case.themes)),
    ]
    if case.outcome is not None:  # an exercise's outcome is part of its model answer
        items.append(("Outcome", _outcome_line(case)))
    return "\n".join(f"- **{k}:** {inline(v)}" for k, v in items)


def _outcome_line(case: Case) -> str:
    outcome = case.outcome
    ended = (
        "all 16 sessions"
        if outcome.ended == "completed"
        else f"ended early, after session {outcome.last_session}"
    )
    return f"{RESULT_NAMES[outcome.result].lower()}; {ended}"


def _outcome_section(case: Case, level: int = 2) -> str:
    """How the therapy ended, what the scores show, and what supervision made of it."""
    outcome, milestones = case.outcome, case.milestones
    found = change(case.scores)
    assert found is not None  # the loader refuses a case without first and last scores
    letter = (
        f"the goodbye letter was read in session {milestones.letter_read}"
        if milestones.letter_read
        else "no goodbye letter was read together"
    )
    lines = [
        f"**{RESULT_NAMES[outcome.result]}**, {_outcome_line(case).split('; ', 1)[1]}: "
        f"{found.describe()} from the first score to the last.",
        f"The focus was agreed in session {milestones.focus_agreed}; {letter}.",
    ]
    text = "## Outcome {#outcome}\n\n" + "\n\n".join(lines) + "\n"
    if outcome.review:
        text += "\n### What happened, and what supervision made of it {#review}\n\n"
        text += paragraphs(outcome.review) + "\n"
    return _shift_headings(text, level - 2)


def _choice_sections(case: Case, level: int = 2) -> str:
    """Why DIT was chosen, and the anxiety measure, where the case says."""
    parts = []
    if case.treatment_choice:
        parts.append("## Why DIT {#treatment-choice}\n\n" + paragraphs(case.treatment_choice))
    if case.anxiety_measure:
        measure = case.anxiety_measure
        parts.append(
            f"## Anxiety measure: {inline(measure.name)} {{#anxiety-measure}}\n\n"
            + paragraphs(measure.reason)
        )
    return _shift_headings("\n\n".join(parts) + "\n", level - 2) if parts else ""


def _recurrence(case: Case) -> str:
    out = []
    for rel in case.recurrence:
        out.append(definition(f"**{inline(rel.who)}** ({rel.when})", paragraph_list(rel.example)))
    return "\n\n".join(out)


def _phase_notes(case: Case) -> str:
    out = []
    for phase, (first, last) in PHASES.items():
        out.append(
            f"### {phase.capitalize()} phase, sessions {first}–{last} {{#{phase}-phase}}\n\n"
            f"{paragraphs(getattr(case.phases, phase))}"
        )
    return "\n\n".join(out)


def _scores(case: Case, up_to_session: int = 16) -> str:
    scores = [s for s in case.scores if s.session <= up_to_session]
    if not scores:
        return ""
    return (
        "## Scores {#scores}\n\n"
        + charts.score_chart(case.id, case.title, scores)
        + "\n\n"
        + charts.score_table(scores)
        + "\n"
    )


def _ipaf_sections(case: Case, level: int = 2) -> str:
    """The IPAF as a card whose four elements are headed sections, then what completes it."""
    conscious, less = _affect_text(case)
    text = (
        "## The IPAF {#ipaf}\n\n" + diagrams.ipaf_diagram(case.ipaf, case.title) + "\n\n"
        '<div class="ipaf-card ipaf-card--full" markdown>\n\n'
        "### Self representation {#self-representation}\n\n"
        + paragraphs(case.ipaf.self_representation)
        + "\n\n### Other representation {#other-representation}\n\n"
        + paragraphs(case.ipaf.other_representation)
        + "\n\n### Affect {#affect}\n\n"
        + f"**Felt:** {inline(conscious)}\n\n**Less conscious:** {inline(less)}"
        + "\n\n### Defensive function {#defensive-function}\n\n"
        + paragraphs(case.ipaf.defensive_function)
        + "\n\n</div>\n\n### Recurrence across relationships {#recurrence}\n\n"
        + _recurrence(case)
        + "\n\n### Link to the symptoms {#symptom-link}\n\n"
        + paragraphs(case.symptom_link)
        + "\n\n### The IPAF as agreed with the patient {#agreed-wording}\n\n"
        + paragraphs(case.agreed_wording, indent="> ").replace("\n\n", "\n>\n")
        + "\n"
    )
    return _shift_headings(text, level - 2)


def _shift_headings(markdown: str, by: int) -> str:
    if by == 0:
        return markdown
    return re.sub(r"^(#{2,4}) ", lambda m: "#" * (len(m.group(1)) + by) + " ", markdown, flags=re.M)


def _later_sections(case: Case, level: int = 2) -> str:
    parts = [
        "## The sessions {#sessions}\n\n" + _phase_notes(case),
        "## In the relationship with the therapist {#transference}\n\n"
        + paragraphs(case.transference),
    ]
    if case.reversal:
        parts.append("## Reversal {#reversal}\n\n" + paragraphs(case.reversal))
    if case.goodbye_letter:
        parts.append(
            "## The goodbye letter {#goodbye-letter}\n\n"
            + '<div class="goodbye-letter" markdown>\n\n'
            + paragraphs(case.goodbye_letter)
            + "\n\n</div>"
        )
    return _shift_headings("\n\n".join(parts) + "\n", level - 2)


def case_page(case: Case) -> str:
    """A worked example in full: the same in both editions."""
    if case.role != "worked-example":
        raise ValueError(f"{case.id} is an exercise; render it with exercise_page")
    return "\n".join(
        [
            f"# {inline(case.title)}\n",
            '<p class="case-kind">Worked example · fictional composite</p>\n',
            paragraphs(case.summary) + "\n",
            _facts(case) + "\n",
            "## History {#history}\n",
            paragraphs(case.history) + "\n",
            _choice_sections(case),
            _ipaf_sections(case),
            _later_sections(case),
            _outcome_section(case),
            _scores(case),
        ]
    )


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


def _exercise_brief(case: Case) -> str:
    """What the trainee gets: vignette, the given material, prompts. Shared with the sheet."""
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
    parts += ["## Your task {#task}\n", _prompts(case) + "\n"]
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
        _facts(case) + "\n",
        f"[Print the assignment sheet]({href(sheet_path(case))}) · "
        f"[Open the IPAF worksheet]({href('workbook/worksheet.md')}?exercise={ex.id})\n",
        _exercise_brief(case),
        _scores(case, up_to_session=scores_shown(case)),
    ]
    if edition == "trainee":
        return "\n".join(head)
    answer = [
        '<div class="model-answer" markdown>\n',
        "## Model answer {#model-answer}\n",
        '<p class="supervisor-only">Supervisor edition: not for trainees.</p>\n',
        "### History {#history}\n",
        paragraphs(case.history) + "\n",
        _choice_sections(case, level=3),
        _ipaf_sections(case, level=3),
        _later_sections(case, level=3),
        _outcome_section(case, level=3),
        _marking_guide(case),
        "</div>\n",
    ]
    return "\n".join(head + answer)


def assignment_sheet(case: Case) -> str:
    """A page a supervisor hands out: never any answer, in either edition."""
    ex = case.exercise
    if ex is None:
        raise ValueError(f"{case.id} is a worked example and has no assignment sheet")
    return "\n".join(
        [
            f"# Assignment {ex.id}: {inline(case.title)}\n",
            '<div class="sheet-fields" markdown>\n',
            '**Trainee:** <span class="write-line"></span>\n',
            '**Supervisor:** <span class="write-line"></span>\n',
            '**Date set:** <span class="write-line"></span>\n',
            "</div>\n",
            f"*{KIND_NAMES[ex.kind]} · difficulty: {case.difficulty} · fictional composite*\n",
            _exercise_brief(case),
            diagrams.blank_ipaf_diagram() + "\n",
            '<div class="answer-space" aria-hidden="true"></div>\n',
        ]
    )


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


def page_path(case: Case) -> str:
    folder = "exercises" if case.role == "exercise" else "cases"
    return f"workbook/{folder}/{case.id}.md"


def sheet_path(case: Case) -> str:
    return f"workbook/sheets/{case.id}.md"


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
        }
        for c in cases
        if c.exercise is not None
    }
    # With no "<" at all, nothing in the text can close the script element ("</script") or put
    # the parser in a state where "</script>" no longer closes it ("<!--" then "<script").
    # json.dumps leaves "<" alone; JSON.parse reads the escape back as "<".
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/json" id="exercise-data">{payload}</script>\n'
