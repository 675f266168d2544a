"""The render layer: pure functions from cases to Markdown, tested without MkDocs."""

from __future__ import annotations

from html import unescape

import markdown
import pytest

from macros import render
from macros.model import Case

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "{{ config.extra }} {% raw %}",
    "# not a heading",
    "- not a list",
    "1. not a list either",
    "*[IPAF]: not an abbreviation",
    "**not bold** and _not italic_ and `not code`",
    "&lt;already escaped&gt; & ampersand",
    ":   not a definition",
    '--8<-- "mkdocs.yml"',
    "{: .not-an-attribute }",
]

EXTENSIONS = ["abbr", "attr_list", "def_list", "md_in_html", "tables", "pymdownx.escapeall"]


def to_html(md: str) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_text_renders_exactly_as_typed(text: str):
    html = to_html(render.paragraphs(text))
    assert html.startswith("<p>") and html.endswith("</p>")
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    assert "<h1" not in html and "<li>" not in html and "<dd>" not in html
    # What the reader sees, once entities are decoded, is the original text (runs of white
    # space fold to one, as they do in HTML anyway).
    assert unescape(html[3:-4]) == " ".join(text.split())


def test_paragraphs_split_on_line_breaks():
    assert render.paragraphs("One.\nTwo.\n\nThree.") == "One.\n\nTwo.\n\nThree."


def _with(case: Case, **changes) -> Case:
    return case.model_copy(update=changes)


@pytest.fixture
def ruth(cases) -> Case:
    return next(c for c in cases if c.id == "ruth-unheard")


@pytest.fixture
def exercise(cases) -> Case:
    return next(c for c in cases if c.role == "exercise")


def test_ipaf_card_holds_the_four_elements(ruth: Case):
    html = to_html(render.ipaf_card(ruth))
    for title in ("Self", "Other", "Affect", "Defensive function"):
        assert f"<dt>{title}</dt>" in html
    assert "Powerless and insignificant" in html
    assert "Dread, mostly out of awareness, of losing herself" in html


def test_ipaf_card_escapes_its_title(ruth: Case):
    card = render.ipaf_card(_with(ruth, title="<b>Ruth</b> & co"))
    assert "IPAF: &lt;b&gt;Ruth&lt;/b&gt; &amp; co" in card


def test_case_page_has_every_section_under_its_heading(ruth: Case):
    page = render.case_page(ruth)
    for anchor, heading, _ in render.worked_sections(ruth):
        assert f"{heading} {{#{anchor}}}" in page
    assert "## Scores {#scores}" in page


def test_case_page_refuses_an_exercise(exercise: Case):
    with pytest.raises(ValueError, match="is an exercise"):
        render.case_page(exercise)


def test_trainee_exercise_page_has_no_answer(exercise: Case):
    page = render.exercise_page(exercise, "trainee", lambda p: p)
    assert exercise.exercise.vignette.split()[0] in page
    for secret in (
        exercise.ipaf.defensive_function,
        exercise.agreed_wording,
        exercise.goodbye_letter,
        exercise.exercise.marking_guide.good_answer[0],
    ):
        assert render.paragraphs(secret)[:60] not in page
    assert "Model answer" not in page


def test_supervisor_exercise_page_adds_the_answer(exercise: Case):
    page = render.exercise_page(exercise, "supervisor", lambda p: p)
    assert "## Model answer {#model-answer}" in page
    assert render.inline(exercise.exercise.marking_guide.good_answer[0]) in page
    assert render.paragraphs(exercise.ipaf.defensive_function)[:60] in page


def test_unknown_edition_is_refused(exercise: Case):
    with pytest.raises(ValueError, match="unknown edition 'student'"):
        render.exercise_page(exercise, "student", lambda p: p)


def test_assignment_sheet_never_has_answers(cases):
    for case in cases:
        if case.exercise is None:
            continue
        sheet = render.assignment_sheet(case)
        assert f"# Assignment {case.exercise.id}:" in sheet
        assert "**Trainee:**" in sheet and "**Date set:**" in sheet
        assert render.paragraphs(case.agreed_wording)[:60] not in sheet
        assert render.inline(case.exercise.marking_guide.common_mistakes[0]) not in sheet


def test_case_index_lists_every_case_with_a_link(cases):
    index = render.case_index(cases, lambda p: "../" + p)
    for case in cases:
        assert f"(../{render.page_path(case)})" in index
    assert index.count("\n| [") == len(cases)


def test_case_index_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="no cases"):
        render.case_index([], lambda p: p)


def test_case_excerpt_refuses_unknown_fields_and_exercises(ruth: Case, exercise: Case):
    assert "Dear Ruth" in render.case_excerpt(ruth, "goodbye_letter")
    with pytest.raises(ValueError, match="'history' is not one of"):
        render.case_excerpt(ruth, "history")
    with pytest.raises(ValueError, match="is an exercise"):
        render.case_excerpt(exercise, "goodbye_letter")


def test_field_reference_lists_every_field_of_the_model():
    table = render.field_reference()
    for path in (
        "id",
        "ipaf.self_representation",
        "ipaf.affect.less_conscious",
        "ipaf.defensive_function",
        "recurrence[].example",
        "scores[].phq9",
        "exercise.marking_guide.good_answer",
        "goodbye_letter",
    ):
        assert f"| `{path}` |" in table
