"""Drills as pages: one page per skill, a page of printable cards per skill, and the index.

Pure functions: no MkDocs, no files. Drill text goes through `render.markdown`, so it is shown
as typed and can never inject markup. The example responses are folded away in the trainee
edition (a closed `???` block, which Material opens for printing) and open in the supervisor's.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ditbook.models import sessions
from ditbook.models.case import Case
from ditbook.models.dialogue import SECTIONS
from ditbook.models.drill import LEVELS, Drill, Statement
from ditbook.render import cases as case_pages
from ditbook.render.markdown import cell, inline, paragraphs
from ditbook.render.pages import Href, Page, PageGroup, href_from

INDEX = "workbook/drills.md"  # the drills' index page, which also holds their sources

LEVEL_TITLES = {
    "easier": "Easier statements",
    "harder": "Harder statements",
}
LEVEL_NOTES = {
    "easier": "The feeling or the pattern is near the surface, and the patient is open to it.",
    "harder": (
        "The patient deflects, is hostile or ashamed, or the moment asks for more than one "
        "thing at once."
    ),
}

# The chapter sections drills may practise, as the chapters title them: the dialogues' sections,
# and one more. A test checks each title against the chapter's own heading; a section not listed
# is titled from its anchor.
SECTION_TITLES = {
    **SECTIONS,
    "handbook/the-ipaf.md#what-makes-an-ipaf-complete": "The IPAF: what makes an IPAF complete",
}


def section_title(section: str) -> str:
    if section in SECTION_TITLES:
        return SECTION_TITLES[section]
    page, _, anchor = section.partition("#")
    name = page.rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ")
    return f"{name.capitalize()}: {anchor.replace('-', ' ')}"


def session_sections(drill: Drill) -> list[str]:
    """The sections of the session-by-session chapter in the phases the drill names (its section
    of "The 16 sessions" for each), in the order of the therapy."""
    return sessions.sections_of_phases(drill.sections)


def practised(drill: Drill) -> list[str]:
    """Every chapter section the drill practises, each of which lists it: those it names, then
    the session-by-session sections of its phases."""
    return [*drill.sections, *session_sections(drill)]


def page_path(drill: Drill) -> str:
    return f"workbook/drills/{drill.id}.md"


def cards_path(drill: Drill) -> str:
    return f"workbook/drill-cards/{drill.id}.md"


def link(drill: Drill) -> tuple[str, str]:
    """Where a drill's page is, and its title: for the chapters and the case pages."""
    return page_path(drill), f"Drill: {drill.skill}"


def ordered(drills: Sequence[Drill]) -> list[Drill]:
    return sorted(drills, key=lambda d: d.order)


def numbered(drill: Drill) -> list[tuple[int, Statement]]:
    """The statements, easier first then harder (each level in file order), numbered from 1."""
    by_level = [s for level in LEVELS for s in drill.statements if s.level == level]
    return list(enumerate(by_level, start=1))


def _first_name(case: Case) -> str:
    return case.title.split(":")[0].strip()


def _patients(drill: Drill, cases: dict[str, Case]) -> list[Case]:
    seen: dict[str, Case] = {}
    for statement in drill.statements:
        seen.setdefault(statement.patient, cases[statement.patient])
    return sorted(seen.values(), key=lambda c: c.id)


def _links_line(drill: Drill, cases: dict[str, Case], href: Href) -> str:
    practises = " · ".join(
        f"[{inline(section_title(s))}]({href(s.split('#')[0])}#{s.split('#')[1]})"
        for s in drill.sections
    )
    patients = " · ".join(
        f"[{inline(c.title)}]({href(case_pages.page_path(c))})" for c in _patients(drill, cases)
    )
    guide = " · ".join(
        f"[{inline(sessions.heading(s))}]({href(s)})" for s in session_sections(drill)
    )
    return (
        f"- **Practises:** {practises}\n"
        + (f"- **Session by session:** {guide}\n" if guide else "")
        + f"- **Patients:** {patients}\n"
        f"- **Cards to print:** [{inline(drill.skill)}: drill cards]({href(cards_path(drill))})"
    )


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {inline(i)}" for i in items)


def _cite(href: Href, anchor: str, text: str) -> str:
    return f"[{text}]({href(INDEX)}#{anchor})"


def _rehearsal(drill: Drill, href: Href) -> str:
    """How to run the drill in threes: the same steps for every skill, cited, then what is
    particular to this one."""
    coe = _cite(href, "rousmaniere-goodyear-2017", "Rousmaniere et al., 2017")
    series = _cite(href, "boswell-constantino", "Boswell & Constantino, n.d.")
    pd = _cite(href, "levenson-2023", "Levenson et al., 2023")
    core = _cite(href, "ucl-core-supervision", "UCL CORE, n.d.")
    r = drill.rehearsal
    return f"""## Rehearse it in threes {{#in-threes}}

Deliberate practice, as it has been brought into psychotherapy training, rehearses a skill with
corrective feedback straight away and then another try ({coe}). Published programmes take one
skill at a time and pair two trainees, one reading the client's lines and one answering as the
therapist, who swap roles under a supervisor ({series}); the psychodynamic volume grades its
patient statements at two levels ({pd}). Working in threes, with an observer, is this
handbook's own arrangement.

1. **Roles.** One trainee is the therapist, one reads the patient's lines, and one observes
   with the criteria above. The supervisor keeps time and has the last word on feedback.
2. **A round.** The patient reads the context aloud, then the statement, with the feeling it
   carries. The therapist answers at once, in their own words, with no script.
3. **Feedback.** The observer says which criteria the response met, then the supervisor adds
   one thing that worked and one thing to try. The therapist answers the same statement again.
   Only then open the example response, and read it as one possible response, not the answer.
4. **How hard did it feel?** After each round the therapist says a number from 0 (no effort
   at all) to 10 (lost for words, or upset), and the observer notes it beside the statement.
5. **Swap** after every two or three statements, so that everyone takes each role.

### Easier or harder {{#adjust}}

Deliberate-practice programmes ask trainees to watch how hard the work feels and to adjust
it, aiming for practice that takes effort without overwhelming ({series}; {pd}), and
supervision competence lists speak of an optimal level of discomfort ({core}). The
psychodynamic volume has an appendix on assessing and adjusting difficulty that we have not
seen, so the numbers below are this handbook's rules of thumb, not a validated scale:

- **Most rounds 0 to 3:** the level is probably too easy. Move on to the harder statements,
  or make a round harder.
    - *For this drill:* {inline(r.harder)}
- **Most rounds 4 to 7:** stay at this level; this is probably where practice does most.
- **Any round 8 or more**, or the therapist freezes or is upset: stop the round and talk
  about it, then go back to the easier statements, or make a round easier. If a statement
  touches something personal, say so to the supervisor; rehearsal is not personal therapy.
    - *For this drill:* {inline(r.easier)}

**What the observer listens for.** {inline(r.observer_listens_for)}
"""


def _statement(number: int, statement: Statement, case: Case, edition: str) -> str:
    fold = "???+" if edition == "supervisor" else "???"
    parts = [
        f"### {number}. {inline(_first_name(case))} {{#statement-{number}}}\n",
        f"**Context:** {inline(statement.context)}\n",
        f'<div class="drill-statement" markdown>\n\n'
        f"**{inline(_first_name(case))}:** {paragraphs(statement.says)}\n\n</div>\n",
    ]
    for i, response in enumerate(statement.example_responses):
        title = "One possible response" if i == 0 else "Another possible response"
        parts.append(f'{fold} note "{title}"\n\n{paragraphs(response, indent="    ")}\n')
    return "\n".join(parts)


def drill_page(drill: Drill, cases: dict[str, Case], edition: str) -> str:
    """One skill: what it is for, the criteria, how to rehearse it, and its statements."""
    href = href_from(page_path(drill))
    parts = [
        f"# {inline(drill.skill)}\n",
        f'<p class="case-kind">Deliberate-practice drill {drill.order} · '
        f"{len(drill.statements)} statements at two levels</p>\n",
        paragraphs(drill.purpose) + "\n",
        _links_line(drill, cases, href) + "\n",
        "## Criteria for a good response {#criteria}\n",
        _bullets(drill.criteria) + "\n",
        _rehearsal(drill, href),
    ]
    numbers = numbered(drill)
    for level in LEVELS:
        parts.append(f"## {LEVEL_TITLES[level]} {{#{level}}}\n")
        parts.append(f"*{LEVEL_NOTES[level]}*\n")
        for number, statement in numbers:
            if statement.level == level:
                parts.append(_statement(number, statement, cases[statement.patient], edition))
    return "\n".join(parts)


def cards_page(drill: Drill, cases: dict[str, Case]) -> str:
    """One card per statement, with the criteria on each, for printing: no example responses,
    so that the therapist answers in their own words."""
    href = href_from(cards_path(drill))
    total = len(drill.statements)
    parts = [
        f"# Cards: {inline(drill.skill)}\n",
        f"Cut along the card edges. The example responses are on the "
        f"[drill page]({href(page_path(drill))}), not on the cards, so that the therapist "
        "answers in their own words.\n",
    ]
    numbers = numbered(drill)
    for level in LEVELS:
        parts.append(f"## {LEVEL_TITLES[level]} {{#{level}}}\n")
        for number, statement in numbers:
            if statement.level != level:
                continue
            case = cases[statement.patient]
            parts.append(
                f'<div class="drill-card" markdown>\n\n'
                f'<p class="drill-card__head">{escape(drill.skill)} · {level} · '
                f"card {number} of {total}</p>\n\n"
                f"**Context:** {inline(statement.context)}\n\n"
                f"**{inline(_first_name(case))}:** {paragraphs(statement.says)}\n\n"
                f"**A good response:**\n\n{_bullets(drill.criteria)}\n\n"
                '<p class="drill-card__rating">How hard did it feel, 0 to 10? '
                "Round 1: ____ Round 2: ____</p>\n\n</div>\n"
            )
    return "\n".join(parts)


def pages(bank) -> list[PageGroup]:
    """Every drill's page, then every drill's cards, in the drills' order."""
    drills = ordered(bank.drills)
    cases = {c.id: c for c in bank.cases}
    return [
        PageGroup(
            "Drills", [Page(page_path(d), drill_page(d, cases, bank.edition)) for d in drills]
        ),
        PageGroup("Drill cards", [Page(cards_path(d), cards_page(d, cases)) for d in drills]),
    ]


def drill_index(drills: Sequence[Drill], cases: Sequence[Case], href: Href) -> str:
    """The table of every drill: its skill, the sections it practises, its statements by level
    and its patients; complete without JavaScript."""
    if not drills:
        raise ValueError("there are no drills to list")
    by_id = {c.id: c for c in cases}
    rows = [
        "| # | Skill | Practises | Statements | Patients |",
        "| --- | --- | --- | --- | --- |",
    ]
    for drill in ordered(drills):
        counts = ", ".join(
            f"{sum(s.level == level for s in drill.statements)} {level}" for level in LEVELS
        )
        practises = "; ".join(
            f"[{inline(section_title(s))}]({href(s.split('#')[0])}#{s.split('#')[1]})"
            for s in drill.sections
        )
        patients = ", ".join(
            f"[{inline(_first_name(c))}]({href(case_pages.page_path(c))})"
            for c in _patients(drill, by_id)
        )
        cells = [
            str(drill.order),
            f"[{inline(drill.skill)}]({href(page_path(drill))})",
            practises,
            counts,
            patients,
        ]
        rows.append("| " + " | ".join(map(cell, cells)) + " |")
    return "\n".join(rows) + "\n"
