"""Annotated dialogues as pages: a readable transcript with each annotation beside its turn (below
it on a phone and on paper), links to the patient's case and to the chapter sections practised,
and the index of every dialogue by phase.

Pure functions: no MkDocs, no files. Dialogue text goes through `render.markdown`, so it is shown
as typed and can never inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ditbook.models import sessions
from ditbook.models.case import MAX_SESSIONS, PHASES, Case
from ditbook.models.dialogue import ELEMENTS, MOMENTS, SECTIONS, TECHNIQUES, Dialogue, Turn
from ditbook.render import cases as case_render
from ditbook.render.charts import PHASE_RANGES
from ditbook.render.markdown import cell, inline, paragraphs
from ditbook.render.pages import Href, Page, PageGroup, href_from

KIND = "dialogue"  # the content type's name in the bank
INDEX = "workbook/dialogues.md"


def page_path(dialogue: Dialogue) -> str:
    return f"workbook/dialogues/{dialogue.id}.md"


def link(dialogue: Dialogue) -> tuple[str, str]:
    """Where a dialogue's page is, and its title: for links to it from cases and chapters."""
    return page_path(dialogue), dialogue.title


def session_section(dialogue: Dialogue) -> str:
    """The section of the session-by-session chapter the dialogue's session and moment belong to,
    as 'handbook/session-by-session.md#anchor'."""
    return sessions.session_section(dialogue.session, dialogue.moment)


def practised(dialogue: Dialogue) -> list[str]:
    """Every chapter section the dialogue practises, each of which lists it: those it names,
    then its section of the session-by-session chapter."""
    return [*dialogue.sections, session_section(dialogue)]


def phase_of(session: int) -> str:
    for phase, (first, last) in PHASES.items():
        if first <= session <= last:
            return phase
    raise ValueError(f"session {session} is outside 1-{MAX_SESSIONS}")


def first_name(case: Case) -> str:
    """The patient's name as a speaker label: the case title's part before the colon."""
    return case.title.split(":")[0].strip()


def _turn(turn: Turn, patient_name: str) -> str:
    speaker = "Therapist" if turn.speaker == "therapist" else patient_name
    parts = [
        f'<div class="turn turn--{turn.speaker}" markdown>\n',
        f'<p class="turn__speaker">{escape(speaker)}</p>\n',
        '<div class="turn__text" markdown>\n',
        paragraphs(turn.text) + "\n",
        "</div>\n",
    ]
    note = turn.annotation
    if note is not None:
        technique = TECHNIQUES[note.technique][0]
        head = (
            '<p class="turn__note-head"><span class="turn__note-label">Annotation:</span> '
            f'<span class="turn__technique">{escape(technique)}</span> · '
            f"IPAF element: {escape(ELEMENTS[note.element])}</p>"
        )
        parts += [
            '<aside class="turn__note" markdown>\n',
            head + "\n",
            paragraphs(note.note) + "\n",
            "</aside>\n",
        ]
    parts.append("</div>\n")
    return "\n".join(parts)


def transcript(turns: Sequence[Turn], patient_name: str, label: str) -> str:
    """The turns as a transcript: each turn one element holding its speaker, its text and its
    annotation, so that they stay together on screen and on paper."""
    body = "\n".join(_turn(t, patient_name) for t in turns)
    opening = f'<div class="dialogue" role="group" aria-label="{escape(label)}" markdown>'
    return f"{opening}\n\n{body}\n</div>\n"


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {inline(i)}" for i in items)


def dialogue_page(dialogue: Dialogue, case: Case, href: Href) -> str:
    """One dialogue: what it shows, the transcript (a weaker version first, when it has one), and
    what to notice; linked to the patient's case and to each chapter section it practises."""
    name = first_name(case)
    moment_title, _first, _last = MOMENTS[dialogue.moment]
    phase = phase_of(dialogue.session)
    named = "\n".join(f"- [{inline(SECTIONS[s])}]({href(s)})" for s in dialogue.sections)
    guide = session_section(dialogue)
    parts = [
        f"# {inline(dialogue.title)}\n",
        '<p class="case-kind">Annotated dialogue · fictional composite</p>\n',
        "\n".join(
            [
                f"- **Patient:** {case_render.case_link(case, href)}",
                f"- **Session:** {dialogue.session} of {MAX_SESSIONS} ({phase} phase)",
                f"- **Moment:** {inline(moment_title)}",
                f"- **Session by session:** [{inline(sessions.heading(guide))}]({href(guide)})",
            ]
        )
        + "\n",
        paragraphs(dialogue.shows) + "\n",
        "**Practises these sections of the handbook:**\n",
        named + "\n",
    ]
    if dialogue.weaker is not None:
        parts += [
            "## A weaker version {#weaker}\n",
            "Read this one first. Its annotations say what each turn misses.\n",
            transcript(dialogue.weaker.turns, name, "The weaker version"),
            "### Why it falls short {#why-weaker}\n",
            _bullets(dialogue.weaker.why_weaker) + "\n",
            "## A stronger version {#stronger}\n",
            transcript(dialogue.turns, name, "The stronger version"),
        ]
    else:
        parts += ["## The dialogue {#dialogue}\n", transcript(dialogue.turns, name, "The dialogue")]
    parts += [
        "## What to notice {#what-to-notice}\n",
        _bullets(dialogue.what_to_notice) + "\n",
        f"The dialogue is invented, in this handbook's words. [All the dialogues, and what the "
        f"sources confirm about each technique name]({href(INDEX)}#technique-names) · "
        f"[{inline(name)}'s case]({href(case_render.page_path(case))})\n",
    ]
    return "\n".join(parts)


def reading_order(dialogue: Dialogue) -> tuple[int, str]:
    return (dialogue.session, dialogue.id)


def pages(bank) -> list[PageGroup]:
    """Every dialogue's page, in session order; the same in both editions (no answers)."""
    cases = {c.id: c for c in bank.cases}
    ordered = sorted(bank.items[KIND], key=reading_order)
    return [
        PageGroup(
            "Annotated dialogues",
            [
                Page(page_path(d), dialogue_page(d, cases[d.patient], href_from(page_path(d))))
                for d in ordered
            ],
        )
    ]


def dialogue_index(dialogues: Sequence[Dialogue], cases: Sequence[Case], href: Href) -> str:
    """Every dialogue in a table per phase, in session order."""
    if not dialogues:
        raise ValueError("there are no dialogues to list")
    by_id = {c.id: c for c in cases}
    out = []
    for phase, (first, last) in PHASES.items():
        found = [d for d in sorted(dialogues, key=reading_order) if first <= d.session <= last]
        if not found:
            continue
        rows = [
            f"## {phase.capitalize()} phase, {PHASE_RANGES[phase]} {{#{phase}-phase}}\n",
            "| Session | Dialogue | Patient | Moment |",
            "| ---: | --- | --- | --- |",
        ]
        for d in found:
            case = by_id[d.patient]
            cells = [
                str(d.session),
                f"[{inline(d.title)}]({href(page_path(d))})",
                case_render.case_link(case, href),
                inline(MOMENTS[d.moment][0] + (" (weaker and stronger)" if d.weaker else "")),
            ]
            rows.append("| " + " | ".join(map(cell, cells)) + " |")
        out.append("\n".join(rows))
    return "\n\n".join(out) + "\n"


def technique_names() -> str:
    """The technique names an annotation can give, with what the sources say of each."""
    rows = ["| Technique | What the sources say of the name |", "| --- | --- |"]
    for label, status in TECHNIQUES.values():
        rows.append(f"| {cell(inline(label))} | {cell(inline(status))} |")
    return "\n".join(rows) + "\n"
