"""Chapter objectives and self-checks (`selfchecks/*.yaml`): the rules with their exact messages,
a file for every chapter, the built chapters and answer key, print, and the questions in a real
browser, by keyboard and without JavaScript."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from ditbook.content import chapters, load
from ditbook.paths import DOCS_DIR, ROOT
from ditbook.registry import SELFCHECKS
from ditbook.render import selfchecks as render

from .mutations import apply_edit, key_line, sub

FOLDER = ROOT / SELFCHECKS.folder
# Pages of docs/handbook/ that are not chapters to check oneself on: the glossary and the
# references are looked up, and the phase checklists are printable forms for the sessions.
# Reference pages and printable forms, not chapters a trainee works through.
NOT_CHAPTERS = {"glossary", "references", "phase-checklists", "competence-map"}


def chapters_without_a_self_check(docs: Path, folder: Path) -> list[str]:
    """Every chapter under docs/handbook/ (bar NOT_CHAPTERS) with no selfchecks/<slug>.yaml."""
    return sorted(
        page.stem
        for page in (docs / "handbook").glob("*.md")
        if page.stem not in NOT_CHAPTERS and not (folder / f"{page.stem}.yaml").is_file()
    )


def items():
    return load.load_valid(SELFCHECKS, [FOLDER])


ITEMS = {item.id: item for item in items()}


# ---------------------------------------------------------------------------------------------
# The rules, each with its exact message and line

BASE = """\
# yaml-language-server: $schema=selfcheck.schema.json
id: the-ipaf
chapter: handbook/the-ipaf.md
objectives:
  - name the four elements of an IPAF
  - tell the defensive function from the defences
  - check a draft for a link to the symptoms
questions:
  - id: first
    question: Which element says what the pattern protects against?
    kind: single
    options:
      - text: The defensive function
        correct: true
        feedback: It names what the pattern keeps at bay.
      - text: The self representation
        feedback: That is how the patient experiences themselves.
    explanation: >-
      The defensive function is what the whole way of relating protects the patient from
      feeling or knowing.
    section: handbook/the-ipaf.md#the-four-elements
  - id: second
    question: Which of these are elements of the IPAF?
    kind: multiple
    options:
      - text: The affect, conscious and less conscious
        correct: true
        feedback: The affect links the self and the other.
      - text: The diagnosis
        feedback: A diagnosis is not one of the four elements.
    explanation: >-
      The four elements are the self, the other, the affect linking them and the defensive
      function of the pattern.
    section: handbook/the-ipaf.md#the-four-elements
  - id: third
    question: What must a complete IPAF be linked to?
    kind: single
    options:
      - text: The symptoms
        correct: true
        feedback: The pattern connects to the depression or anxiety.
      - text: A list of defence mechanisms
        feedback: That is one of the mistakes the chapter describes.
    explanation: >-
      A complete IPAF recurs, is linked to the symptoms and is agreed with the patient; it is
      later traced into the transference.
    section: handbook/the-ipaf.md#what-makes-an-ipaf-complete
  - id: fourth
    question: Is a reversal a required element of the written IPAF?
    kind: single
    options:
      - text: No, it is understood rather than required
        correct: true
        feedback: Training teaches it, but the written IPAF need not name it.
      - text: Yes, always
        feedback: It is not one of the four elements the checklist requires.
    explanation: >-
      A reversal, with the patient in the other role, can deepen the work but is not a required
      element of the written IPAF.
    section: handbook/the-ipaf.md#what-makes-an-ipaf-complete
"""


def problems_for(tmp_path: Path, text: str, name: str = "the-ipaf") -> list[str]:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    found, problems = load.load_file(SELFCHECKS, path)
    assert (found is None) == bool(problems)
    return [f"{p.line}: {p.field}: {p.message}" for p in problems]


def edited(*edits) -> str:
    text = BASE
    for at, new in edits:
        text, _ = apply_edit(text, sub(at, new))
    return text


def test_the_base_is_valid(tmp_path):
    assert problems_for(tmp_path, BASE) == []


# (name, edits as (regex, replacement), key path of the expected line, expected field: message)
RULES = [
    (
        "single-with-two-correct",
        [
            (
                r"(?<=The self representation\n)        feedback",
                "        correct: true\n        feedback",
            )
        ],
        "questions[0].options",
        "questions[0].options: a single question needs exactly one correct option (found 2)",
    ),
    (
        "single-with-none-correct",
        [(r"(?<=The defensive function\n)        correct: true\n", "")],
        "questions[0].options",
        "questions[0].options: a single question needs exactly one correct option (found 0)",
    ),
    (
        "multiple-with-none-correct",
        [(r"(?<=conscious and less conscious\n)        correct: true\n", "")],
        "questions[1].options",
        "questions[1].options: a multiple question needs at least one correct option (found none)",
    ),
    (
        "chapter-missing",
        [(r"chapter: handbook/the-ipaf\.md", "chapter: handbook/nowhere.md")],
        "chapter",
        "chapter: names no chapter: docs/handbook/nowhere.md does not exist",
    ),
    (
        "chapter-of-another-file",
        [(r"chapter: handbook/the-ipaf\.md", "chapter: handbook/training.md")],
        "chapter",
        "chapter: must be 'handbook/the-ipaf.md': a self-check file is named after its chapter",
    ),
    (
        "chapter-not-a-path",
        [(r"chapter: handbook/the-ipaf\.md", "chapter: The IPAF")],
        "chapter",
        "chapter: must be a chapter's path under docs/, e.g. 'handbook/the-ipaf.md' "
        "(found 'The IPAF')",
    ),
    (
        "question-id-repeated",
        [(r"id: second", "id: first")],
        "questions[1].id",
        "questions[1].id: repeats the question id 'first' (already questions[0])",
    ),
    (
        "option-repeated",
        [(r"text: The self representation", "text: The defensive function")],
        "questions[0].options[1].text",
        "questions[0].options[1].text: repeats an option of this question",
    ),
    (
        "section-in-no-chapter",
        [
            (
                r"section: handbook/the-ipaf\.md#the-four-elements\n  - id: second",
                "section: handbook/nowhere.md#the-four-elements\n  - id: second",
            )
        ],
        "questions[0].section",
        "questions[0].section: names no chapter: docs/handbook/nowhere.md does not exist",
    ),
    (
        "section-anchor-missing",
        [
            (
                r"section: handbook/the-ipaf\.md#the-four-elements\n  - id: second",
                "section: handbook/the-ipaf.md#no-such-heading\n  - id: second",
            )
        ],
        "questions[0].section",
        "questions[0].section: names no section #no-such-heading in handbook/the-ipaf.md",
    ),
    (
        "section-not-a-path",
        [
            (
                r"section: handbook/the-ipaf\.md#the-four-elements\n  - id: second",
                "section: the four elements\n  - id: second",
            )
        ],
        "questions[0].section",
        "questions[0].section: must be a chapter section as 'handbook/<page>.md#<anchor>', "
        "e.g. 'handbook/the-ipaf.md#the-four-elements' (found 'the four elements')",
    ),
    (
        "kind-unknown",
        [(r"kind: multiple", "kind: several")],
        "questions[1].kind",
        "questions[1].kind: must be one of 'single' or 'multiple' (found 'several')",
    ),
]


@pytest.mark.parametrize(("name", "edits", "where", "expected"), RULES, ids=[r[0] for r in RULES])
def test_a_broken_rule_gives_its_exact_message(tmp_path, name, edits, where, expected):
    text = edited(*edits)
    assert problems_for(tmp_path, text) == [f"{key_line(text, where)}: {expected}"]


def _objectives(n: int) -> str:
    return "objectives:\n" + "".join(f"  - objective number {i} of the list\n" for i in range(n))


def test_three_to_five_objectives(tmp_path):
    block = re.search(r"^objectives:\n(  - .*\n)+", BASE, re.M).group(0)
    for n, ok in ((2, False), (3, True), (5, True), (6, False)):
        text = BASE.replace(block, _objectives(n))
        found = problems_for(tmp_path, text)
        if ok:
            assert found == []
        else:
            rule = "needs at least 3" if n < 3 else "allows at most 5"
            line = key_line(text, "objectives")
            assert found == [f"{line}: objectives: {rule} items (found {n})"]


def test_at_least_four_questions(tmp_path):
    text = BASE[: BASE.index("  - id: fourth")]
    assert problems_for(tmp_path, text) == [
        f"{key_line(text, 'questions')}: questions: needs at least 4 items (found 3)"
    ]


def test_the_id_is_the_file_name(tmp_path):
    assert problems_for(tmp_path, BASE, name="training") == [
        "2: id: must equal the file name 'training' (found 'the-ipaf')"
    ]


def test_the_outline_reads_anchors_as_the_toc_extension_makes_them():
    anchors = chapters.anchors("handbook/the-16-sessions.md")
    assert "the-ending-phase-sessions-1316" in anchors  # an en dash is dropped
    assert "session-4" in chapters.anchors("handbook/session-by-session.md")  # { #session-4 }
    assert chapters.title("handbook/the-ipaf.md") == "The IPAF"


# ---------------------------------------------------------------------------------------------
# A file for every chapter, with enough in it, and the chapters calling both macros


def test_every_chapter_has_a_self_check_file():
    assert chapters_without_a_self_check(DOCS_DIR, FOLDER) == []


def test_a_new_chapter_without_a_self_check_is_caught(tmp_path):
    docs, folder = tmp_path / "docs", tmp_path / "selfchecks"
    (docs / "handbook").mkdir(parents=True)
    folder.mkdir()
    for page in ("glossary", "references", "the-ipaf", "a-new-chapter"):
        (docs / "handbook" / f"{page}.md").write_text(f"# {page}\n", "utf-8")
    (folder / "the-ipaf.yaml").write_text(BASE, "utf-8")
    assert chapters_without_a_self_check(docs, folder) == ["a-new-chapter"]


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_each_file_has_three_to_five_objectives_and_four_questions(item_id):
    item = ITEMS[item_id]
    assert 3 <= len(item.objectives) <= 5
    assert len(item.questions) >= 4
    assert item.chapter == f"handbook/{item_id}.md"


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_the_chapter_calls_objectives_after_its_title_and_self_check_at_its_end(item_id):
    text = (DOCS_DIR / ITEMS[item_id].chapter).read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    assert "\nrender_macros: true" in head
    assert re.search(r"^# .+\n\n\{\{ objectives\(\) \}\}\n", body, re.M), "objectives() after H1"
    assert body.rstrip().endswith("{{ self_check() }}")


def try_it_boxes(text: str) -> list[str]:
    """Every 'Try it' admonition of a chapter, with the lines indented under it."""
    return re.findall(r'^!!! example "Try it"\n(?:(?:    .*)?\n)+', text + "\n", re.M)


@pytest.mark.parametrize("page", sorted(p.name for p in (DOCS_DIR / "handbook").glob("*.md")))
def test_every_try_it_box_has_a_folded_answer(page):
    for box in try_it_boxes((DOCS_DIR / "handbook" / page).read_text(encoding="utf-8")):
        assert re.search(
            r'^    \?\?\? success "(One possible answer|Answer)"\n\n {8}\S', box, re.M
        ), f"{page}: a Try it box without a folded answer:\n{box}"


def test_the_try_it_reader_finds_the_boxes():
    text = (DOCS_DIR / "handbook" / "tracking-progress.md").read_text(encoding="utf-8")
    assert len(try_it_boxes(text)) == 2
    assert try_it_boxes('!!! example "Try it"\n    Do this.\n\nAfter.\n') == [
        '!!! example "Try it"\n    Do this.\n\n'
    ]


# ---------------------------------------------------------------------------------------------
# The built site


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _words(text: str) -> str:
    return " ".join(text.replace("¶", "").split())


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_the_built_chapter_shows_its_objectives_and_questions(trainee_site, item_id):
    item = ITEMS[item_id]
    article = _soup(trainee_site, f"handbook/{item_id}").select_one("article")
    box = article.find("h1").find_next_sibling()
    assert "selfcheck-objectives" in box["class"]
    assert [_words(li.get_text()) for li in box.select("li")] == [
        _words(o) for o in item.objectives
    ]
    forms = article.select("fieldset.selfcheck__question")
    assert len(forms) == len(item.questions)
    for form, question in zip(forms, item.questions, strict=True):
        legend = _words(form.legend.get_text())
        assert _words(question.question) in legend
        inputs = form.select("input")
        assert [i["type"] for i in inputs] == [
            "radio" if question.kind == "single" else "checkbox"
        ] * len(question.options)
        for i in inputs:  # every choice has its label
            assert form.select_one(f'label[for="{i["id"]}"]') is not None
        assert form.select_one("[aria-live=polite].selfcheck__feedback") is not None
        answer = form.select_one("details.selfcheck__answer")
        assert _words(answer.summary.get_text()) == "Show the answer"
        link = answer.select_one(".selfcheck__reread a")["href"]
        anchor = question.section.partition("#")[2]
        assert link.endswith(f"#{anchor}")
    assert article.find(id="self-check") is not None


def test_the_answer_key_lists_every_question_with_its_answer(trainee_site):
    article = _soup(trainee_site, "handbook/answer-key").select_one("article")
    entries = article.select(".answer-key__question")
    expected = [q for item in _in_reading_order() for q in item.questions]
    assert len(entries) == len(expected) == sum(len(i.questions) for i in ITEMS.values())
    for entry, question in zip(entries, expected, strict=True):
        assert _words(question.question) in _words(entry.get_text())
        answer = _words(entry.select_one(".answer-key__answer").get_text())
        letters = [render.letter(i) for i, o in enumerate(question.options) if o.correct]
        assert answer.startswith("Answer: " + letters[0])
        for i in letters:
            assert f"{i}." in answer
        assert _words(question.explanation) in _words(
            entry.select_one(".answer-key__explanation").get_text()
        )
    for item in ITEMS.values():
        assert article.find("h2", id=item.id) is not None


def _in_reading_order():
    order = chapters.reading_order()
    return sorted(ITEMS.values(), key=lambda i: order.index(i.chapter))


def test_the_print_page_ends_with_the_answer_key(trainee_site):
    soup = BeautifulSoup(
        (trainee_site / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    sections = soup.select("section.print-page")
    assert sections[-1].select(".answer-key__question")
    assert len(soup.select(".answer-key__question")) == sum(
        len(i.questions) for i in ITEMS.values()
    )


# ---------------------------------------------------------------------------------------------
# In a real browser

DISPLAY_JS = """selectors => selectors.map(selector => {
  const found = [...document.querySelectorAll(selector)];
  return [selector, found.length,
          found.filter(e => getComputedStyle(e).display !== "none").length];
})"""


def test_printed_chapters_hide_the_answers_and_the_answer_key_shows_them(watched, trainee_url):
    page = watched.page
    page.goto(trainee_url + "print_page/", wait_until="load")
    page.emulate_media(media="print")
    total = sum(len(i.questions) for i in ITEMS.values())
    shown = {
        selector: (count, visible)
        for selector, count, visible in page.evaluate(
            DISPLAY_JS,
            [
                "fieldset.selfcheck__question",
                ".selfcheck__answer",
                ".selfcheck__feedback",
                ".selfcheck__check",
                ".answer-key__answer",
                ".answer-key__explanation",
            ],
        )
    }
    assert shown["fieldset.selfcheck__question"] == (total, total)  # the questions print
    for hidden in (".selfcheck__answer", ".selfcheck__feedback", ".selfcheck__check"):
        assert shown[hidden] == (total, 0), hidden
    assert shown[".answer-key__answer"] == (total, total)
    assert shown[".answer-key__explanation"] == (total, total)
    # On screen the answer boxes are there (closed, behind Check): print.css alone hides them.
    page.emulate_media(media="screen")
    assert page.evaluate(DISPLAY_JS, [".selfcheck__check"])[0][2] == total
    assert watched.console_errors == [] and watched.external == []


def test_printed_try_it_boxes_keep_the_task_and_leave_out_the_folded_answer(watched, trainee_url):
    boxes = sum(
        len(try_it_boxes(path.read_text(encoding="utf-8")))
        for path in (DOCS_DIR / "handbook").glob("*.md")
    )
    page = watched.page
    page.goto(trainee_url + "print_page/", wait_until="load")
    page.emulate_media(media="print")
    shown = {
        selector: (count, visible)
        for selector, count, visible in page.evaluate(
            DISPLAY_JS,
            [".admonition.example > details", ".admonition.example > p:not(.admonition-title)"],
        )
    }
    answers, tasks = (
        shown[".admonition.example > details"],
        shown[".admonition.example > p:not(.admonition-title)"],
    )
    assert answers == (boxes, 0), "a Try it answer prints beside its task"
    assert tasks[1] == tasks[0] >= boxes, "the Try it tasks print"
    page.emulate_media(media="screen")
    assert page.evaluate(DISPLAY_JS, [".admonition.example > details"])[0][2] == boxes
    assert watched.console_errors == [] and watched.external == []


def _tab_into(page, fieldset_id: str, limit: int = 300) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "id => document.activeElement.closest('fieldset')?.id === id", fieldset_id
        ):
            return
    raise AssertionError(f"Tab never reached #{fieldset_id}")


def test_a_question_answered_and_checked_by_keyboard_alone(watched, trainee_url):
    item = ITEMS["the-ipaf"]
    first, second = item.questions[0], item.questions[1]
    page = watched.page
    page.goto(trainee_url + "handbook/the-ipaf/#self-check", wait_until="load")
    live = f"#sc-the-ipaf-{first.id} [aria-live=polite]"
    assert page.inner_text(live).strip() == ""
    # Tab to the first question's choices; Space chooses the focused (first) option.
    _tab_into(page, f"sc-the-ipaf-{first.id}")
    assert page.evaluate("document.activeElement.value") == "A"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check"
    page.keyboard.press("Enter")
    said = _words(page.inner_text(live))
    right = first.options[0].correct
    assert said.startswith("Correct." if right else "Not quite.")
    assert _words(first.options[0].feedback) in said
    assert _words(first.explanation) in said
    # The next question: choose its first option, which is wrong, and hear why.
    _tab_into(page, f"sc-the-ipaf-{second.id}")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    said = _words(page.inner_text(f"#sc-the-ipaf-{second.id} [aria-live=polite]"))
    assert not second.options[0].correct
    assert said.startswith("Not quite.")
    assert _words(second.options[0].feedback) in said
    assert watched.console_errors == [] and watched.external == []


def test_without_javascript_each_question_shows_the_answer_box(browser, trainee_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(trainee_url + "handbook/the-ipaf/", wait_until="load")
        assert page.locator(".selfcheck__check").first.is_hidden()
        summaries = page.locator("details.selfcheck__answer > summary")
        assert summaries.count() == len(ITEMS["the-ipaf"].questions)
        assert summaries.first.is_visible()
        summaries.first.click()
        first = ITEMS["the-ipaf"].questions[0]
        right = ", ".join(render.letter(i) for i, o in enumerate(first.options) if o.correct)
        assert f"Answer: {right}." in page.locator("details.selfcheck__answer").first.inner_text()
    finally:
        context.close()


def test_the_schema_names_the_fields_authors_write():
    schema = yaml.safe_load((FOLDER / SELFCHECKS.schema_file).read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {"id", "chapter", "objectives", "questions"}


def test_a_project_without_the_folder_has_no_self_checks_and_no_answer_key(tmp_path):
    """The folder is optional (a site of cases alone); a missing cases folder is still an error."""
    from ditbook import registry

    (tmp_path / "cases").mkdir()
    shutil.copy2(ROOT / "cases" / "ruth-unheard.yaml", tmp_path / "cases")
    found, problems = registry.load_all(tmp_path)
    assert problems == [] and found[SELFCHECKS.name] == []
    bank = registry.load_bank(tmp_path, "trainee")
    assert render.pages(bank) == []
    shutil.rmtree(tmp_path / "cases")
    _, problems = registry.load_all(tmp_path)
    assert [p.field for p in problems] == ["(file)"]
