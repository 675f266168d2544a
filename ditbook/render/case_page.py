"""A case's page: the sections of a worked example, also used in an exercise's model answer.

Pure functions: no MkDocs, no files. Case text goes through `render.markdown`, so it is shown as
typed and can never inject markup.
"""

from __future__ import annotations

import re
from html import escape

from ditbook.models.case import PHASES, Case
from ditbook.models.exercise import IPAF_ELEMENTS
from ditbook.models.outcomes import RESULT_NAMES, change
from ditbook.render import charts, diagrams
from ditbook.render.markdown import definition, inline, paragraph_list, paragraphs

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
        f'<div class="admonition abstract ipaf-card" markdown>\n\n'
        f'<p class="admonition-title ipaf-card__title">IPAF: {escape(case.title)}</p>\n\n'
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


def facts(case: Case) -> str:
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


def outcome_section(case: Case, level: int = 2) -> str:
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
    return shift_headings(text, level - 2)


def choice_sections(case: Case, level: int = 2) -> str:
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
    return shift_headings("\n\n".join(parts) + "\n", level - 2) if parts else ""


def _recurrence(case: Case) -> str:
    out = []
    for rel in case.recurrence:
        out.append(definition(f"**{inline(rel.who)}** ({rel.when})", paragraph_list(rel.example)))
    return "\n\n".join(out)


def _phase_notes(case: Case) -> str:
    out = []
    for phase in PHASES:
        out.append(
            f"### {phase.capitalize()} phase, {charts.PHASE_RANGES[phase]} {{#{phase}-phase}}\n\n"
            f"{paragraphs(getattr(case.phases, phase))}"
        )
    return "\n\n".join(out)


def scores_section(case: Case, up_to_session: int = 16) -> str:
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


def ipaf_sections(case: Case, level: int = 2) -> str:
    """The IPAF as a card whose four elements are headed sections, then what completes it."""
    conscious, less = _affect_text(case)
    text = (
        "## The IPAF {#ipaf}\n\n" + diagrams.ipaf_diagram(case.ipaf, case.title) + "\n\n"
        '<div class="admonition abstract ipaf-card ipaf-card--full" markdown>\n\n'
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
    return shift_headings(text, level - 2)


def shift_headings(markdown: str, by: int) -> str:
    if by == 0:
        return markdown
    return re.sub(r"^(#{2,4}) ", lambda m: "#" * (len(m.group(1)) + by) + " ", markdown, flags=re.M)


def later_sections(case: Case, level: int = 2) -> str:
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
    return shift_headings("\n\n".join(parts) + "\n", level - 2)


def case_page(case: Case) -> str:
    """A worked example in full: the same in both editions."""
    if case.role != "worked-example":
        raise ValueError(f"{case.id} is an exercise; render it with exercise_page")
    return "\n".join(
        [
            f"# {inline(case.title)}\n",
            '<p class="case-kind">Worked example · fictional composite</p>\n',
            paragraphs(case.summary) + "\n",
            facts(case) + "\n",
            "## History {#history}\n",
            paragraphs(case.history) + "\n",
            choice_sections(case),
            ipaf_sections(case),
            later_sections(case),
            outcome_section(case),
            scores_section(case),
        ]
    )


def page_path(case: Case) -> str:
    folder = "exercises" if case.role == "exercise" else "cases"
    return f"workbook/{folder}/{case.id}.md"


def sheet_path(case: Case) -> str:
    return f"workbook/sheets/{case.id}.md"
