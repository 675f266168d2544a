"""The five chapters on suitability, risk, difficulties, supervision and difference, as built.

For each chapter:

* the page is built, and listed under "Handbook" in the nav;
* it links at least two workbook cases, and every case link reaches a built case page;
* its self-check file (`selfchecks/<chapter>.yaml`, the shared selfcheck format) has 3 to 5
  objectives and at least 4 questions, each with 2 to 6 options that have text and feedback,
  the right number of correct options for its kind, an explanation, and a `section` whose page
  is built and has the anchor;
* it quotes no exercise's model answer: no run of eight words from what the trainee edition
  leaves out of an exercise appears in the chapter.

The checker for the self-check files is a function, tested on a broken file too, so that a
passing test means the files were checked.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel

from ditbook.content.editions import without_supervisor_only
from ditbook.models.case_rules import trainee_view
from ditbook.paths import ROOT

from .test_chapters import NAV_CHAPTERS

NEW_CHAPTERS = [
    "suitability-and-choice",
    "risk-and-safeguarding",
    "when-things-go-wrong",
    "supervision-and-assessment",
    "culture-and-difference",
]
SELFCHECKS_DIR = ROOT / "selfchecks"
MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MIN_QUESTIONS = 4
MIN_OPTIONS, MAX_OPTIONS = 2, 6
MIN_CASES_LINKED = 2
SHINGLE = 8  # words: a quotation, not a shared phrase


# ---------------------------------------------------------------------------------------------
# The self-check files, checked against the pages the site built.


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def selfcheck_problems(data: Any, slug: str, anchors: dict[str, set[str]]) -> list[str]:
    """Every problem with one chapter's self-check data, as 'field: problem'.

    `anchors` maps each built page ('handbook/<slug>.md') to the ids on it."""
    if not isinstance(data, dict):
        return ["the file is not a mapping"]
    problems = []
    if data.get("id") != slug:
        problems.append(f"id: is {data.get('id')!r}, not the file name {slug!r}")
    if data.get("chapter") != f"handbook/{slug}.md":
        problems.append(f"chapter: is {data.get('chapter')!r}, not 'handbook/{slug}.md'")
    objectives = data.get("objectives")
    if not isinstance(objectives, list) or not all(_text(o) for o in objectives):
        problems.append("objectives: must be a list of plain-text objectives")
    elif not MIN_OBJECTIVES <= len(objectives) <= MAX_OBJECTIVES:
        problems.append(f"objectives: {len(objectives)}, not {MIN_OBJECTIVES} to {MAX_OBJECTIVES}")
    questions = data.get("questions")
    if not isinstance(questions, list) or len(questions) < MIN_QUESTIONS:
        count = len(questions) if isinstance(questions, list) else 0
        problems.append(f"questions: {count}, fewer than {MIN_QUESTIONS}")
        questions = questions if isinstance(questions, list) else []
    seen: set[str] = set()
    for i, question in enumerate(questions):
        where = f"questions[{i}]"
        if not isinstance(question, dict):
            problems.append(f"{where}: not a mapping")
            continue
        qid = question.get("id")
        if not _text(qid) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", qid):
            problems.append(f"{where}.id: {qid!r} is not a slug")
        elif qid in seen:
            problems.append(f"{where}.id: {qid!r} is used twice")
        else:
            seen.add(qid)
        for field in ("question", "explanation"):
            if not _text(question.get(field)):
                problems.append(f"{where}.{field}: missing")
        kind = question.get("kind")
        if kind not in ("single", "multiple"):
            problems.append(f"{where}.kind: {kind!r}, not 'single' or 'multiple'")
        options = question.get("options")
        if not isinstance(options, list) or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            count = len(options) if isinstance(options, list) else 0
            problems.append(f"{where}.options: {count}, not {MIN_OPTIONS} to {MAX_OPTIONS}")
            options = options if isinstance(options, list) else []
        correct = 0
        for j, option in enumerate(options):
            if not isinstance(option, dict):
                problems.append(f"{where}.options[{j}]: not a mapping")
                continue
            for field in ("text", "feedback"):
                if not _text(option.get(field)):
                    problems.append(f"{where}.options[{j}].{field}: missing")
            if not isinstance(option.get("correct"), bool):
                problems.append(f"{where}.options[{j}].correct: must be true or false")
            correct += option.get("correct") is True
        if kind == "single" and correct != 1:
            problems.append(f"{where}.options: {correct} correct, a single question needs 1")
        if kind == "multiple" and correct < 1:
            problems.append(f"{where}.options: none correct")
        section = question.get("section")
        page, _, anchor = str(section or "").partition("#")
        if not _text(section) or not anchor:
            problems.append(f"{where}.section: {section!r} is not 'handbook/<page>.md#<anchor>'")
        elif page not in anchors:
            problems.append(f"{where}.section: no built page {page!r}")
        elif anchor not in anchors[page]:
            problems.append(f"{where}.section: {page} has no anchor #{anchor}")
    return problems


def test_the_checker_finds_what_is_wrong():
    broken = {
        "id": "wrong-name",
        "chapter": "handbook/a-chapter.md",
        "objectives": ["one", "two"],
        "questions": [
            {
                "id": "q1",
                "question": "What?",
                "kind": "single",
                "options": [
                    {"text": "A", "correct": True, "feedback": "Yes."},
                    {"text": "B", "correct": True, "feedback": "Also yes."},
                ],
                "explanation": "Because.",
                "section": "handbook/a-chapter.md#nowhere",
            },
            {
                "id": "q1",
                "question": "Which?",
                "kind": "multiple",
                "options": [{"text": "C", "correct": False}],
                "section": "handbook/missing.md#x",
            },
        ],
    }
    anchors = {"handbook/a-chapter.md": {"somewhere"}}
    assert selfcheck_problems(broken, "a-chapter", anchors) == [
        "id: is 'wrong-name', not the file name 'a-chapter'",
        "objectives: 2, not 3 to 5",
        "questions: 2, fewer than 4",
        "questions[0].options: 2 correct, a single question needs 1",
        "questions[0].section: handbook/a-chapter.md has no anchor #nowhere",
        "questions[1].id: 'q1' is used twice",
        "questions[1].explanation: missing",
        "questions[1].options: 1, not 2 to 6",
        "questions[1].options[0].feedback: missing",
        "questions[1].options: none correct",
        "questions[1].section: no built page 'handbook/missing.md'",
    ]


# ---------------------------------------------------------------------------------------------
# The built pages.


def _article(site: Path, slug: str) -> BeautifulSoup:
    path = site / "handbook" / slug / "index.html"
    assert path.is_file(), f"handbook/{slug}: the site has no page at handbook/{slug}/"
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
        "article.md-content__inner"
    )
    assert article is not None, f"handbook/{slug}: the page has no <article> content"
    return article


@pytest.fixture(scope="module")
def built_anchors(trainee_site) -> dict[str, set[str]]:
    return {
        f"handbook/{page.parent.name}.md": {
            el["id"]
            for el in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                "article [id]"
            )
        }
        for page in (trainee_site / "handbook").glob("*/index.html")
    }


@pytest.mark.parametrize("slug", NEW_CHAPTERS)
def test_chapter_is_built_and_in_the_nav(trainee_site, slug):
    heading = _article(trainee_site, slug).find("h1")
    assert heading is not None and heading.get_text().strip("¶ \n"), (
        f"handbook/{slug}: the built page has no <h1> title"
    )
    assert slug in NAV_CHAPTERS, f"mkdocs.yml nav 'Handbook': {slug} is not listed"


@pytest.mark.parametrize("slug", NEW_CHAPTERS)
def test_chapter_has_a_valid_selfcheck_file(built_anchors, slug):
    path = SELFCHECKS_DIR / f"{slug}.yaml"
    assert path.is_file(), f"{path.relative_to(ROOT)}: missing"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = selfcheck_problems(data, slug, built_anchors)
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems)


@pytest.mark.parametrize("slug", NEW_CHAPTERS)
def test_chapter_links_at_least_two_cases(trainee_site, slug):
    linked = set()
    for link in _article(trainee_site, slug).select("a[href]"):
        href = link["href"].partition("#")[0]
        target = posixpath.normpath(posixpath.join(f"handbook/{slug}/", href))
        if re.fullmatch(r"workbook/(cases|exercises)/[a-z0-9-]+", target):
            assert (trainee_site / target / "index.html").is_file(), (
                f"handbook/{slug}: links {href!r}, which is not a built case page"
            )
            linked.add(target.rsplit("/", 1)[1])
    assert len(linked) >= MIN_CASES_LINKED, (
        f"handbook/{slug}: links {sorted(linked)}, fewer than {MIN_CASES_LINKED} cases"
    )


# ---------------------------------------------------------------------------------------------
# No model answer quoted.


def _strings(value: Any) -> set[str]:
    if isinstance(value, BaseModel):
        return set().union(*(_strings(getattr(value, f)) for f in type(value).model_fields))
    if isinstance(value, list):
        return set().union(set(), *(_strings(v) for v in value))
    return {value} if isinstance(value, str) else set()


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def quoted_answers(chapter_text: str, hidden: list[str], visible: list[str]) -> list[str]:
    """The hidden texts from which the chapter quotes a run of SHINGLE words that the trainee
    edition does not show anyway (a vignette's words may be quoted)."""
    allowed = set().union(set(), *(_shingles(text) for text in visible))
    quoted = _shingles(chapter_text) - allowed
    return [text for text in hidden if _shingles(text) & quoted]


def test_the_quotation_check_finds_a_quotation():
    hidden = ["The defensive function keeps her from the grief for the life they had planned."]
    vignette = ["She said she had kept the house for the life they had planned together."]
    quoting = "As she put it, it keeps her from the grief for the life they had planned."
    assert quoted_answers(quoting, hidden, [])
    assert quoted_answers(quoting, hidden, vignette)
    assert not quoted_answers("Grief, and the life she had planned, are part of it.", hidden, [])
    assert not quoted_answers("She kept the house for the life they had planned.", hidden, vignette)


@pytest.mark.parametrize("slug", NEW_CHAPTERS)
def test_chapter_quotes_no_exercise_answer(cases, slug):
    text = " ".join((ROOT / "docs" / "handbook" / f"{slug}.md").read_text(encoding="utf-8").split())
    found = []
    for case in cases:
        if case.exercise is None:
            continue
        shown = _strings(trainee_view(without_supervisor_only(case)))
        hidden = sorted(_strings(case) - shown)
        found += [f"{case.id}: {t[:60]!r}" for t in quoted_answers(text, hidden, sorted(shown))]
    assert not found, f"docs/handbook/{slug}.md quotes exercise answers: {found}"
