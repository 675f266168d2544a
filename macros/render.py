"""Turn validated cases into Markdown for pages. Pure functions: no MkDocs, no files.

Case text is plain text. Every character an author typed is shown as typed: HTML special
characters become entities and Markdown syntax is escaped, so a field can never inject markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from html import escape

from macros import charts
from macros.model import IPAF_ELEMENTS, PHASES, Case
from macros.schema import field_rows

# (target page path) -> link text usable from the page being rendered
Href = Callable[[str], str]

EDITIONS = ("trainee", "supervisor")

# Characters with a Markdown meaning anywhere in a line. `<` and `&` become entities, so no HTML,
# entity, autolink or snippet (`--8<--`) can form; the brackets and braces stop links, images,
# footnotes (`[^1]`), abbreviation definitions (`*[X]: ...`), `[TOC]` and attribute lists (`{...}`).
_ALWAYS = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "{": "\\{",
        "}": "\\}",
    }
)
# Syntax that only counts at the start of a line, or of the list item, quote or definition the
# text is put in: headings (#), lists (+ - 1. 1)), setext underlines and tabs (= ===),
# definitions (:), tables (|), admonitions (!!!), collapsible blocks (??? ???+) and fenced code
# (~~~; ``` is escaped everywhere). A blockquote's > is already an entity, and leading white space
# (indented code) is dropped. pymdownx.escapeall lets any ASCII punctuation be escaped.
_LINE_START = re.compile(r"^([#+\-=:|!?~]|\d+(?=[.)]))")
# Closing hashes of an ATX heading are dropped: a title ending in "#" would lose it.
_LINE_END = re.compile(r"#$")
# The footnotes extension moves its list to a paragraph holding its marker, by default
# "///Footnotes Go Here///", so a quoted case could swallow a chapter's footnotes.
_MARKER = "///"


def inline(text: str) -> str:
    """One line of plain text as inert Markdown."""
    text = " ".join(text.split()).translate(_ALWAYS).replace(_MARKER, "\\/" * len(_MARKER))
    text = _LINE_END.sub(lambda m: "\\#", text)  # first, so that a lone "#" is escaped once
    return _LINE_START.sub(lambda m: "\\" + m.group(1), text)


def cell(markdown: str) -> str:
    r"""Inline Markdown made safe for a table cell: on one line, and every `|` escaped.

    A `\|` (as `inline` escapes a leading pipe) is left alone: escaping it again would make
    `\\|`, an escaped backslash followed by a column break.
    """
    markdown = " ".join(markdown.split())
    return re.sub(r"\\.|\|", lambda m: "\\|" if m.group(0) == "|" else m.group(0), markdown)


def paragraphs(text: str, indent: str = "") -> str:
    """Plain text as Markdown paragraphs: every line break in the (folded) YAML starts one."""
    return "\n\n".join(indent + p for p in _paras(text))


def definition(term: str, body: Sequence[str]) -> str:
    """A definition-list entry whose body is already-escaped Markdown paragraphs."""
    first, *rest = body
    lines = [term, f":   {first}"] + [f"\n    {p}" for p in rest]
    return "\n".join(lines)


def _paras(text: str) -> list[str]:
    return [inline(p) for p in re.split(r"\s*\n\s*", text.strip()) if p.strip()]


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
            body = _paras(getattr(case.ipaf, element))
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
    sections.append(("goodbye-letter", "The goodbye letter", case.goodbye_letter))
    return sections


def _facts(case: Case) -> str:
    items = [
        ("Presentation", " and ".join(case.presentation)),
        ("Patient", f"{case.patient.age}, {case.patient.gender}"),
        ("Difficulty", case.difficulty),
        ("Themes", ", ".join(case.themes)),
    ]
    return "\n".join(f"- **{k}:** {inline(v)}" for k, v in items)


def _recurrence(case: Case) -> str:
    out = []
    for rel in case.recurrence:
        out.append(definition(f"**{inline(rel.who)}** ({rel.when})", _paras(rel.example)))
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
        "## The IPAF {#ipaf}\n\n"
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
            _ipaf_sections(case),
            _later_sections(case),
            _scores(case),
        ]
    )


# ---------------------------------------------------------------------------------------------
# Exercises

PROMPTS = {
    "whole-case": [
        "Name the **self**: how does this patient experience themselves in the pattern?",
        "Name the **other**: how are others experienced in relation to that self?",
        "Name the **affect** linking them: what is felt, and what is less conscious?",
        "Name the **defensive function**: what does the pattern protect the patient from "
        "feeling or knowing?",
        "**Link** the pattern to the symptoms the patient came with.",
        "Draft the IPAF in **words the patient could agree with**.",
        "**Predict** how the pattern may appear in the relationship with you, the therapist.",
        "Draft one paragraph of the **goodbye letter** you might write at the end.",
    ],
    "complete-the-ipaf": [
        "Three elements of the IPAF are given below. Find the fourth, and say what in the "
        "vignette supports it.",
        "**Link** the completed pattern to the patient's symptoms.",
        "Draft the whole IPAF in **words the patient could agree with**.",
    ],
    "spot-the-gap": [
        "Read the trainee's draft formulation below. What is **missing**, and what is **wrong**?",
        "Rewrite it as a complete IPAF: self, other, affect (felt and less conscious), "
        "defensive function, and the link to the symptoms.",
        "Word it so that the **patient could agree** with it.",
    ],
}

KIND_NAMES = {
    "whole-case": "Whole-case formulation",
    "complete-the-ipaf": "Complete the IPAF",
    "spot-the-gap": "Spot the gap",
}


def _prompts(case: Case) -> str:
    assert case.exercise is not None
    lines = [f"{i}. {p}" for i, p in enumerate(PROMPTS[case.exercise.kind], 1)]
    return "\n".join(lines)


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
    parts += ["## Your task {#task}\n", _prompts(case) + "\n"]
    return "\n".join(parts)


def _marking_guide(case: Case) -> str:
    ex = case.exercise
    assert ex is not None
    guide = ex.marking_guide

    def bullets(items: Iterable[str]) -> str:
        return "\n".join(f"- {inline(i)}" for i in items)

    parts = ["## Marking guide {#marking-guide}\n"]
    if ex.gaps:
        parts += ["### What the draft misses {#gaps}\n", bullets(ex.gaps) + "\n"]
    parts += [
        "### A good answer {#good-answer}\n",
        bullets(guide.good_answer) + "\n",
        "### Common mistakes {#common-mistakes}\n",
        bullets(guide.common_mistakes) + "\n",
        "### For discussion in supervision {#discussion}\n",
        bullets(guide.discussion) + "\n",
    ]
    return "\n".join(parts)


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
        _scores(case, up_to_session=4),
    ]
    if edition == "trainee":
        return "\n".join(head)
    answer = [
        '<div class="model-answer" markdown>\n',
        "## Model answer {#model-answer}\n",
        '<p class="supervisor-only">Supervisor edition: not for trainees.</p>\n',
        "### History {#history}\n",
        paragraphs(case.history) + "\n",
        _ipaf_sections(case, level=3),
        _later_sections(case, level=3),
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
            '<div class="answer-space" aria-hidden="true"></div>\n',
        ]
    )


# ---------------------------------------------------------------------------------------------
# Pages and indexes


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
        "| Case | Role | Presentation | Difficulty | Themes |",
        "| --- | --- | --- | --- | --- |",
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
            inline(", ".join(case.themes)),
        ]
        rows.append("| " + " | ".join(map(cell, cells)) + " |")
    return '<div class="case-index" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"


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


def field_reference() -> str:
    """The table of case fields for authors, derived from the model."""
    rows = [
        "| Field | Type | Required | What it holds | Rules |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path, kind, required, description, rules in field_rows():
        cells = [f"`{path}`", kind, "yes" if required else "no", inline(description), rules]
        rows.append("| " + " | ".join(map(cell, cells)) + " |")
    return "\n".join(rows) + "\n"


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
