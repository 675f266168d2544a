"""Drills: the rules of a drill file (each with its exact `file:line: field: message`), the
drills the handbook ships, and their pages in both editions, on the cases' pages, in the
chapters and on the print page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from markdown.extensions.toc import slugify

from ditbook import registry
from ditbook.content import chapters, load
from ditbook.models.drill import LEVELS
from ditbook.paths import CASES_DIR, ROOT
from ditbook.registry import DRILLS, load_bank
from ditbook.render import drills as render
from ditbook.site.page_macros import page_macros

from .conftest import new_page
from .pdf_text import page_texts

DRILLS_DIR = ROOT / DRILLS.folder
BASE = DRILLS_DIR / "inviting-a-specific-episode.yaml"

# The skills the handbook promises, one drill each (by id).
SKILLS = {
    "inviting-a-specific-episode",
    "focusing-on-affect",
    "linking-an-episode-to-the-ipaf",
    "noticing-the-defensive-function",
    "linking-the-pattern-to-the-symptoms",
    "working-in-the-transference",
    "the-mentalizing-stance",
    "working-with-the-ending",
}
WORKED_EXAMPLES = {
    "ruth-unheard",
    "amina-holding-it-together",
    "daniel-found-out",
    "george-a-burden",
    "lewis-keeping-control",
}
# The chapter sections drills may practise: these anchors exist, and nothing else is wanted.
ALLOWED_SECTIONS = {
    "handbook/the-16-sessions.md#the-initial-phase-sessions-14",
    "handbook/the-16-sessions.md#the-middle-phase-sessions-512",
    "handbook/the-16-sessions.md#the-ending-phase-sessions-1316",
    "handbook/techniques.md#the-mentalizing-stance",
    "handbook/techniques.md#focusing-on-affect",
    "handbook/techniques.md#working-in-the-transference",
    "handbook/techniques.md#clarification-challenge-and-interpretation",
    "handbook/techniques.md#keeping-the-focus",
    "handbook/the-ipaf.md#the-four-elements",
    "handbook/the-ipaf.md#what-makes-an-ipaf-complete",
}


@pytest.fixture(scope="module")
def drills():
    return render.ordered(load.load_valid(DRILLS, [DRILLS_DIR]))


@pytest.fixture(scope="module")
def worked_cases():
    cases = load.load_valid(registry.CASES, [CASES_DIR])
    return {c.id: c for c in cases}


# ---------------------------------------------------------------------------------------------
# The rules, each with its exact message and line. A mutation is made to a real drill file as
# text, and the expected line is found in the mutated text by a plain search, never by the
# loader under test.


def line_of(text: str, pattern: str) -> int:
    """The line (from 1) where `pattern` matches the text; it must match exactly once."""
    found = [m.start() for m in re.finditer(pattern, text, re.MULTILINE)]
    assert len(found) == 1, f"{pattern!r} matches {len(found)} times"
    return text.count("\n", 0, found[0]) + 1


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} is in the base {text.count(old)} times"
    return text.replace(old, new)


def without_last_statement(text: str) -> str:
    start = text.rindex("  - patient:")
    return text[:start]


SECTION_HINT = (
    "must be a chapter section written 'handbook/<page>.md#<anchor>', "
    "e.g. 'handbook/techniques.md#focusing-on-affect'"
)

# George's statement up to its example responses (group 1), and the responses themselves.
GEORGES_RESPONSES = (
    r"(george-a-burden\n(?:    .*\n)*?)    example_responses:\n      - >-\n(?:        .*\n)+"
)

# name -> (the mutation, the expected `line: field: message` with the line as a regex to find)
FILE_RULES = {
    "statement-without-a-level": (
        lambda t: replace_once(
            t, "lewis-keeping-control\n    level: harder\n", "lewis-keeping-control\n"
        ),
        (r"^  - patient: lewis-keeping-control", "statements[3].level: is required"),
    ),
    "level-not-one-of-the-two": (
        lambda t: replace_once(
            t, "george-a-burden\n    level: easier", "george-a-burden\n    level: medium"
        ),
        (
            r"^    level: medium",
            "statements[2].level: must be one of 'easier' or 'harder' (found 'medium')",
        ),
    ),
    "fewer-than-six-statements": (
        without_last_statement,
        (r"^statements:", "statements: needs at least 6 statements (found 5)"),
    ),
    "a-skill-without-both-levels": (
        lambda t: t.replace("level: harder", "level: easier"),
        (r"^statements:", "statements: needs statements at both levels; none is 'harder'"),
    ),
    "no-example-response": (
        lambda t: re.sub(
            GEORGES_RESPONSES,
            r"\1    example_responses: []\n",
            t,
            count=1,
        ),
        (
            r"^    example_responses: \[\]",
            "statements[2].example_responses: needs at least one example response",
        ),
    ),
    "example-responses-missing": (
        lambda t: re.sub(
            GEORGES_RESPONSES,
            r"\1",
            t,
            count=1,
        ),
        (r"^  - patient: george-a-burden", "statements[2].example_responses: is required"),
    ),
    "html-in-a-statement": (
        lambda t: replace_once(
            t, "      Karen's very good. She rings.", "      <b>Karen</b> is very good. She rings."
        ),
        (
            r"^  - patient: george-a-burden\n(?:.*\n)*?    says:",
            "statements[2].says: must not contain HTML ('<b>'); write plain text",
        ),
    ),
    "unknown-section-format": (
        lambda t: replace_once(
            t,
            "  - handbook/techniques.md#clarification-challenge-and-interpretation",
            "  - techniques#clarification-challenge-and-interpretation",
        ),
        (
            r"^  - techniques#",
            f"sections[1]: {SECTION_HINT} "
            "(found 'techniques#clarification-challenge-and-interpretation')",
        ),
    ),
    "a-skill-name-too-long-for-the-printed-contents": (
        lambda t: replace_once(
            t,
            "skill: Inviting a specific relational episode",
            "skill: Inviting a specific relational episode, in detail",
        ),
        (r"^skill:", "skill: is too long (at most 44 characters; found 49)"),
    ),
    "a-section-no-chapter-has": (
        lambda t: replace_once(
            t,
            "  - handbook/techniques.md#clarification-challenge-and-interpretation",
            "  - handbook/techniques.md#clarifying-everything",
        ),
        (
            r"^  - handbook/techniques.md#clarifying-everything",
            "sections[1]: names no section #clarifying-everything in handbook/techniques.md",
        ),
    ),
    "a-section-of-no-chapter": (
        lambda t: replace_once(
            t,
            "  - handbook/techniques.md#clarification-challenge-and-interpretation",
            "  - handbook/skills.md#clarification-challenge-and-interpretation",
        ),
        (
            r"^  - handbook/skills.md#",
            "sections[1]: names no chapter: docs/handbook/skills.md does not exist",
        ),
    ),
    "a-section-that-would-not-list-the-drill": (
        lambda t: replace_once(
            t,
            "  - handbook/techniques.md#clarification-challenge-and-interpretation",
            "  - handbook/the-ipaf.md#common-trainee-mistakes",
        ),
        (
            r"^  - handbook/the-ipaf.md#common-trainee-mistakes",
            "sections[1]: the section #common-trainee-mistakes of docs/handbook/the-ipaf.md "
            "does not list what practises it: add "
            "{{ practice_for('handbook/the-ipaf.md#common-trainee-mistakes') }} under its heading",
        ),
    ),
    "a-section-without-its-page": (
        lambda t: replace_once(
            t,
            "  - handbook/the-16-sessions.md#the-initial-phase-sessions-14",
            "  - handbook/#the-initial-phase-sessions-14",
        ),
        (
            r"^  - handbook/#",
            f"sections[0]: {SECTION_HINT} (found 'handbook/#the-initial-phase-sessions-14')",
        ),
    ),
}


def _expected_line(text: str, pattern: str) -> int:
    """The line of the last line of the match (a pattern may span lines to reach its field)."""
    found = [m for m in re.finditer(pattern, text, re.MULTILINE)]
    assert len(found) == 1, f"{pattern!r} matches {len(found)} times"
    return text.count("\n", 0, found[0].end()) + 1


@pytest.mark.parametrize("name", sorted(FILE_RULES))
def test_a_broken_drill_file_is_refused_at_the_field(name, tmp_path):
    mutate, (where, field_message) = FILE_RULES[name]
    base = BASE.read_text(encoding="utf-8")
    text = mutate(base)
    assert text != base, "the mutation changed nothing"
    path = tmp_path / BASE.name
    path.write_text(text, encoding="utf-8")
    found, problems = load.load_file(DRILLS, path)
    assert found is None
    got = [f"{p.path.name}:{p.line}: {p.field}: {p.message}" for p in problems]
    assert got == [f"{BASE.name}:{_expected_line(text, where)}: {field_message}"]


# Where a chapter lists what practises a section: its practice_for call for the section, between
# the section's heading and the next heading of its level or above. A chapter is written to a
# docs folder of the test's own.
CHAPTER = """\
---
title: Skills
render_macros: true
---

# Skills

## Listening { #listening }

{{ practice_for('handbook/skills.md#listening') }}

## Naming feeling

### A template

{{ practice_for('handbook/skills.md#naming-feeling') }}

## Keeping time

```
{{ practice_for('handbook/skills.md#keeping-time') }}
```

{{ practice_for('handbook/skills.md#ending') }}

## Ending
"""


@pytest.fixture
def skills_chapter(tmp_path, monkeypatch):
    """A docs folder holding only handbook/skills.md (CHAPTER), read afresh."""
    (tmp_path / "handbook").mkdir()
    (tmp_path / "handbook" / "skills.md").write_text(CHAPTER, encoding="utf-8")
    monkeypatch.setattr(chapters, "DOCS_DIR", tmp_path)
    chapters._parsed.cache_clear()
    yield
    chapters._parsed.cache_clear()


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ("listening", None),  # an explicit id; the call under the section's own heading
        ("naming-feeling", None),  # the call in a sub-section of the section
        ("keeping-time", "does not list"),  # the call is in a code block: shown, not called
        ("ending", "does not list"),  # the call is in the section before this one
        ("a-template", "does not list"),  # the call names the section above it
        ("closing", "names no section #closing in handbook/skills.md"),
    ],
)
def test_a_section_lists_what_practises_it_only_by_a_call_within_it(
    skills_chapter, section, problem
):
    found = chapters.practice_problem(f"handbook/skills.md#{section}")
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


# Rules across content types: a statement's patient must be a case, and a worked example. The
# project under test holds the five worked examples and one exercise, and the mutated drill.
PROJECT_CASES = (*sorted(WORKED_EXAMPLES), "joan-long-evenings")

REFERENCE_RULES = {
    "unknown-patient": (
        "nobody-here",
        "names no case 'nobody-here' (known: amina-holding-it-together, daniel-found-out, "
        "george-a-burden, joan-long-evenings, lewis-keeping-control, ruth-unheard)",
    ),
    "exercise-patient": (
        "joan-long-evenings",
        "names the case 'joan-long-evenings', whose role is exercise; only a case whose role is "
        "worked-example may be named here: only "
        "the patients of worked examples speak in drills, because an exercise's patient "
        "material is its model answer",
    ),
}


@pytest.mark.parametrize("name", sorted(REFERENCE_RULES))
def test_a_statement_by_a_patient_who_may_not_speak_is_refused(name, tmp_path):
    patient, message = REFERENCE_RULES[name]
    (tmp_path / "cases").mkdir()
    for case_id in PROJECT_CASES:
        shutil.copy2(CASES_DIR / f"{case_id}.yaml", tmp_path / "cases")
    (tmp_path / "drills").mkdir()
    text = replace_once(
        BASE.read_text(encoding="utf-8"),
        "  - patient: george-a-burden",
        f"  - patient: {patient}",
    )
    (tmp_path / "drills" / BASE.name).write_text(text, encoding="utf-8")
    items, problems = registry.load_all(tmp_path)
    got = [f"{p.path.name}:{p.line}: {p.field}: {p.message}" for p in problems]
    line = line_of(text, rf"^  - patient: {patient}")
    assert got == [f"{BASE.name}:{line}: statements[2].patient: {message}"]
    assert {c.id for c in items["case"]} == set(PROJECT_CASES)  # the cases themselves are fine


def test_the_exercise_rule_is_the_one_worked_examples_pass(tmp_path):
    """The same project with the real file: no problem, so the rule above is the mutation's."""
    (tmp_path / "cases").mkdir()
    for case_id in PROJECT_CASES:
        shutil.copy2(CASES_DIR / f"{case_id}.yaml", tmp_path / "cases")
    (tmp_path / "drills").mkdir()
    shutil.copy2(BASE, tmp_path / "drills")
    assert registry.load_all(tmp_path)[1] == []


def test_ditbook_validate_reports_a_drill_problem_with_file_line_and_field(tmp_path, capsys):
    from ditbook.content.problems import display_path
    from ditbook.tools import cli

    path = tmp_path / "drills" / BASE.name
    path.parent.mkdir()
    text = BASE.read_text(encoding="utf-8").replace("level: harder", "level: easier")
    path.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    line = line_of(text, r"^statements:")
    assert capsys.readouterr().out == (
        f"{display_path(path)}:{line}: statements: needs statements at both levels; "
        "none is 'harder'\n"
    )


# ---------------------------------------------------------------------------------------------
# The drills the handbook ships


def test_there_are_eight_skills_or_more_each_with_six_statements_at_both_levels(drills):
    assert {d.id for d in drills} >= SKILLS
    assert len(drills) >= 8
    for drill in drills:
        assert len(drill.statements) >= 6, drill.id
        assert {s.level for s in drill.statements} == set(LEVELS), drill.id


def test_every_statement_is_spoken_by_a_worked_example_of_the_five(drills, worked_cases):
    spoken = {s.patient for d in drills for s in d.statements}
    assert spoken == WORKED_EXAMPLES
    assert {worked_cases[p].role for p in spoken} == {"worked-example"}


def test_every_section_is_one_of_the_chapter_sections_drills_practise(drills):
    used = {s for d in drills for s in d.sections}
    assert used <= ALLOWED_SECTIONS, sorted(used - ALLOWED_SECTIONS)


def test_the_section_titles_are_the_chapters_own_headings():
    """Each title in the render's table is '<page title>: <the heading of that anchor>'."""
    for section, title in render.SECTION_TITLES.items():
        page, anchor = section.split("#")
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        page_title = re.search(r"^title: (.+)$", text, re.MULTILINE).group(1).strip()
        headings = {}
        for heading, explicit in re.findall(
            r"^##+ (.+?)(?:\s*\{\s*#([\w-]+)\s*\})?\s*$", text, re.MULTILINE
        ):
            headings[explicit or slugify(heading, "-")] = heading
        assert anchor in headings, f"{section}: no such heading"
        heading = headings[anchor]
        assert title == f"{page_title}: {heading[0].lower()}{heading[1:]}", section


def test_every_drill_names_a_section_and_the_statements_come_easier_first(drills):
    for drill in drills:
        levels = [s.level for _, s in render.numbered(drill)]
        assert levels == sorted(levels, key=LEVELS.index), drill.id
        assert [n for n, _ in render.numbered(drill)] == list(range(1, len(levels) + 1))


def test_practice_for_lists_the_drills_of_a_section(drills):
    """A chapter section that calls practice_for lists every drill that names it (checked
    here by calling the macro, as a chapter page would)."""
    calling = ["handbook/techniques.md"]
    macros = page_macros(load_bank(ROOT, "trainee"), lambda: calling[0])
    for section in ALLOWED_SECTIONS:
        calling[0] = section.split("#")[0]  # a chapter lists the practice of its own sections
        listed = macros["practice_for"](section)
        naming = [d for d in drills if section in d.sections]
        for drill in naming:
            assert f"[Drill: {drill.skill}](../workbook/drills/{drill.id}.md)" in listed
        assert listed.count("Drill:") == len(naming)


# ---------------------------------------------------------------------------------------------
# The built pages


def soup_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    """Text without its white space: inline markup (an abbreviation, say) splits the text of
    an element in the HTML, so a sentence is compared letter for letter, spaces aside."""
    return re.sub(r"\s+", "", text)


def target_of(site: Path, page: str, href: str) -> tuple[Path, str]:
    """The built file and the anchor a relative link on `page` goes to."""
    url = urlsplit(urljoin(f"http://site/{page}/", href))
    path = site / url.path.lstrip("/")
    return (path / "index.html" if url.path.endswith("/") else path), url.fragment


def links_resolving_to(site: Path, page: str, soup: BeautifulSoup) -> set[tuple[str, str]]:
    """(target page, anchor) of every relative link in the page's article."""
    found = set()
    for a in soup.select("article a[href]"):
        href = a["href"]
        if href.startswith(("http", "#", "mailto:")):
            continue
        path, anchor = target_of(site, page, href)
        found.add((path.relative_to(site).parent.as_posix(), anchor))
    return found


EDITIONS = pytest.mark.parametrize("edition", ["trainee", "supervisor"])


@EDITIONS
def test_every_drill_has_a_page_and_cards_that_link_back(request, edition, drills, worked_cases):
    site = request.getfixturevalue(f"{edition}_site")
    for drill in drills:
        page = f"workbook/drills/{drill.id}"
        soup = soup_of(site, page)
        assert words(soup.select_one("article h1").get_text()).startswith(words(drill.skill))
        targets = links_resolving_to(site, page, soup)
        for section in drill.sections:
            chapter, anchor = section.split("#")
            chapter_page = chapter.removesuffix(".md")
            assert (chapter_page, anchor) in targets, (drill.id, section)
            built = soup_of(site, chapter_page)
            assert built.find(id=anchor) is not None, (drill.id, section)
        for patient in {s.patient for s in drill.statements}:
            assert (f"workbook/cases/{patient}", "") in targets, (drill.id, patient)
        assert (f"workbook/drill-cards/{drill.id}", "") in targets
        text = words(soup.select_one("article").get_text())
        for statement in drill.statements:
            assert words(statement.says) in text
            assert words(statement.context) in text
        for criterion in drill.criteria:
            assert words(criterion) in text


@EDITIONS
def test_every_case_page_lists_the_drills_its_patient_speaks_in(request, edition, drills):
    site = request.getfixturevalue(f"{edition}_site")
    for patient in WORKED_EXAMPLES:
        page = f"workbook/cases/{patient}"
        soup = soup_of(site, page)
        heading = soup.find(id="practise")
        assert heading is not None and heading.get_text().startswith("Practise with")
        listed = {
            target
            for target, _ in links_resolving_to(site, page, soup)
            if target.startswith("workbook/drills/")
        }
        wanted = {
            f"workbook/drills/{d.id}"
            for d in drills
            if patient in {s.patient for s in d.statements}
        }
        assert listed == wanted, patient


def _details_holding(soup: BeautifulSoup, text: str) -> list:
    return [d for d in soup.select("details") if words(text) in words(d.get_text())]


def test_in_the_trainee_edition_every_example_response_is_folded_away(trainee_site, drills):
    for drill in drills:
        soup = soup_of(trainee_site, f"workbook/drills/{drill.id}")
        responses = [r for s in drill.statements for r in s.example_responses]
        details = soup.select("article details")
        assert len(details) == len(responses), drill.id
        for response in responses:
            holding = _details_holding(soup, response)
            assert len(holding) == 1, (drill.id, response[:40])
            assert not holding[0].has_attr("open"), (drill.id, response[:40])
            summary = holding[0].select_one("summary").get_text().strip()
            assert summary in {"One possible response", "Another possible response"}
            # and nowhere else on the page
            outside = words(soup.select_one("article").get_text()).count(words(response))
            assert outside == 1, (drill.id, response[:40])


def test_in_the_supervisor_edition_the_example_responses_are_open(supervisor_site, drills):
    for drill in drills:
        soup = soup_of(supervisor_site, f"workbook/drills/{drill.id}")
        details = soup.select("article details")
        assert details and all(d.has_attr("open") for d in details), drill.id


def test_the_cards_hold_every_statement_with_the_criteria_and_no_response(trainee_site, drills):
    for drill in drills:
        soup = soup_of(trainee_site, f"workbook/drill-cards/{drill.id}")
        cards = soup.select(".drill-card")
        assert len(cards) == len(drill.statements), drill.id
        for card, (_, statement) in zip(cards, render.numbered(drill), strict=True):
            text = words(card.get_text())
            assert words(statement.says) in text
            assert all(words(c) in text for c in drill.criteria)
        page = words(soup.select_one("article").get_text())
        for statement in drill.statements:
            for response in statement.example_responses:
                assert words(response) not in page


def test_print_css_keeps_each_card_whole():
    css = (ROOT / "docs" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset \.drill-card \{([^}]*)\}", css)
    assert rule is not None and "break-inside: avoid" in rule.group(1)
    screen = (ROOT / "docs" / "stylesheets" / "handbook.css").read_text(encoding="utf-8")
    drill_rules = re.findall(r"\.drill-[^{]*\{([^}]*)\}", screen)
    assert drill_rules and not any("break-" in r for r in drill_rules)  # print rules: print.css


@EDITIONS
def test_the_print_page_holds_every_drill_and_its_cards(request, edition, drills):
    site = request.getfixturevalue(f"{edition}_site")
    soup = BeautifulSoup(
        (site / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = words(soup.get_text())
    titles = [words(h.get_text()) for h in soup.select("section.print-page h1")]
    for drill in drills:
        assert any(t.startswith(words(drill.skill)) for t in titles), drill.id
        assert any(t.startswith(words(f"Cards: {drill.skill}")) for t in titles), drill.id
        for statement in drill.statements:
            assert text.count(words(statement.says)) >= 2  # on the drill page and its card
    details = soup.select("details")
    responses = [r for d in drills for s in d.statements for r in s.example_responses]
    holding = [d for d in details if any(words(r) in words(d.get_text()) for r in responses)]
    assert len(holding) == len(responses)
    if edition == "trainee":
        assert not any(d.has_attr("open") for d in holding)


def test_the_index_page_lists_every_drill_with_its_counts(trainee_site, drills):
    page = "workbook/drills"
    soup = soup_of(trainee_site, page)
    rows = soup.select("article table tbody tr")
    assert len(rows) == len(drills)
    for row, drill in zip(rows, drills, strict=True):
        cells = [words(td.get_text()) for td in row.select("td")]
        easier = sum(s.level == "easier" for s in drill.statements)
        harder = sum(s.level == "harder" for s in drill.statements)
        assert cells[0] == str(drill.order)
        assert cells[1] == words(drill.skill)
        assert cells[3] == words(f"{easier} easier, {harder} harder")
    assert ("workbook/drills/" + drills[0].id, "") in links_resolving_to(trainee_site, page, soup)


def test_the_ending_section_lists_its_drill_in_the_built_chapter(trainee_site, drills):
    """The ending-phase section of the 16-sessions chapter shows the drills naming it (and only
    those drills; dialogues may be listed beside them)."""
    section = "handbook/the-16-sessions.md#the-ending-phase-sessions-1316"
    soup = soup_of(trainee_site, "handbook/the-16-sessions")
    heading = soup.find(id="the-ending-phase-sessions-1316")
    body = BeautifulSoup("", "html.parser").new_tag("div")
    for sibling in list(heading.find_next_siblings()):
        if sibling.name == "h2":
            break
        body.append(sibling)
    listed = {
        t
        for t, _ in links_resolving_to(trainee_site, "handbook/the-16-sessions", wrap(body))
        if t.startswith("workbook/drills/")
    }
    assert listed == {f"workbook/drills/{d.id}" for d in drills if section in d.sections}
    assert listed


def section_body(soup: BeautifulSoup, anchor: str) -> BeautifulSoup:
    """A soup whose article holds a chapter section: the elements from its heading to the next
    heading of its level or above (its sub-sections included)."""
    heading = soup.find(id=anchor)
    assert heading is not None and re.fullmatch(r"h[1-6]", heading.name), anchor
    level = int(heading.name[1])
    body = BeautifulSoup("", "html.parser").new_tag("div")
    for sibling in list(heading.find_next_siblings()):
        if re.fullmatch(r"h[1-6]", sibling.name or "") and int(sibling.name[1]) <= level:
            break
        body.append(sibling)
    return wrap(body)


@EDITIONS
def test_each_chapter_section_links_to_exactly_the_drills_that_name_it(request, edition, drills):
    """Every chapter section a drill names (and every section the drills' titles know) lists,
    in the built chapter, the drills that name it and no other drill."""
    site = request.getfixturevalue(f"{edition}_site")
    sections = {s for d in drills for s in d.sections} | set(render.SECTION_TITLES)
    wrong = []
    for section in sorted(sections):
        chapter, anchor = section.split("#")
        page = chapter.removesuffix(".md")
        body = section_body(soup_of(site, page), anchor)
        listed = {
            target
            for target, _ in links_resolving_to(site, page, body)
            if target.startswith("workbook/drills/")
        }
        wanted = {f"workbook/drills/{d.id}" for d in drills if section in d.sections}
        if listed != wanted:
            wrong.append((section, sorted(wanted - listed), sorted(listed - wanted)))
    assert wrong == [], "(section, drills not listed, drills listed wrongly)"


def wrap(element) -> BeautifulSoup:
    """A soup whose article is `element`, for links_resolving_to."""
    soup = BeautifulSoup("<article></article>", "html.parser")
    soup.article.append(element)
    return soup


def test_drill_text_is_shown_as_typed_on_the_page_and_the_cards(drills, worked_cases):
    """A skill or a statement with Markdown or HTML characters is shown as typed, never as
    markup: in Markdown by escaping, in the cards' raw HTML by entities."""
    drill = drills[0]
    statement = drill.statements[0].model_copy(update={"says": "It was *fine*, <b> & [x](y)"})
    odd = drill.model_copy(update={"skill": "Affect & *feeling* <i>", "statements": [statement]})
    cards = render.cards_page(odd, worked_cases)
    assert '<p class="drill-card__head">Affect &amp; *feeling* &lt;i&gt; · easier' in cards
    assert r"It was \*fine\*, &lt;b&gt; &amp; \[x\](y)" in cards
    page = render.drill_page(odd, worked_cases, "trainee")
    assert r"# Affect &amp; \*feeling\* &lt;i&gt;" in page


@pytest.mark.browser
@pytest.mark.slow
def test_printed_cards_never_split_and_printed_drills_show_the_responses(
    browser, trainee_url, drills, tmp_path
):
    """On paper (Chromium's own PDF): each card starts and ends on the same page, and the
    responses folded away on screen are printed."""
    page = new_page(browser)
    for drill in drills:
        page.goto(f"{trainee_url}workbook/drill-cards/{drill.id}/", wait_until="load")
        pdf = tmp_path / f"{drill.id}-cards.pdf"
        page.pdf(path=str(pdf), format="A4")
        seen = []
        for sheet in page_texts(pdf):
            text = " ".join(sheet.split())
            heads = [int(n) for n in re.findall(r"card (\d+) of \d+", text, re.IGNORECASE)]
            assert len(heads) == text.count("How hard did it feel"), (drill.id, text[:200])
            seen += heads
        assert seen == list(range(1, len(drill.statements) + 1)), drill.id

        page.goto(f"{trainee_url}workbook/drills/{drill.id}/", wait_until="load")
        pdf = tmp_path / f"{drill.id}.pdf"
        page.pdf(path=str(pdf), format="A4")
        printed = words(" ".join(page_texts(pdf)))
        for statement in drill.statements:
            for response in statement.example_responses:
                assert words(response) in printed, (drill.id, response[:40])
    page.context.close()


def test_drills_are_optional_for_a_project_but_cases_are_not(tmp_path):
    """A project with no drills/ folder, or an empty one, has no drills and no problem; one
    without cases is told so."""
    (tmp_path / "cases").mkdir()
    shutil.copy2(CASES_DIR / "ruth-unheard.yaml", tmp_path / "cases")
    items, problems = registry.load_all(tmp_path)
    assert (problems, items["drill"], len(items["case"])) == ([], [], 1)
    (tmp_path / "drills").mkdir()
    assert registry.load_all(tmp_path)[1] == []
    shutil.rmtree(tmp_path / "cases")
    (tmp_path / "cases").mkdir()
    got = [f"{p.field}: {p.message}" for p in registry.load_all(tmp_path)[1]]
    assert got == ["(folder): holds no case files (*.yaml)"]
