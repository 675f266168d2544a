"""The IPAF diagram: each element in its place, case text shown exactly as typed, a blank version
with no case text; on worked-example pages and on every sheet but a suitability one, never on a
trainee's exercise page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ditbook.models.case import IPAF, Affect, Case
from ditbook.render import cases as render
from ditbook.render import diagrams

from .test_render import to_html


@pytest.fixture(scope="module")
def ruth(cases) -> Case:
    return next(c for c in cases if c.id == "ruth-unheard")


@pytest.fixture(scope="module")
def exercise(cases) -> Case:
    return next(c for c in cases if c.exercise is not None)


def figure_of(markup: str):
    figures = BeautifulSoup(markup, "html.parser").select("figure.ipaf-diagram")
    assert len(figures) == 1, f"{len(figures)} IPAF diagrams"
    return figures[0]


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def words(value: str) -> str:
    return " ".join(value.split())


def test_each_element_is_in_its_place(ruth: Case):
    figure = figure_of(diagrams.ipaf_diagram(ruth.ipaf, ruth.title))
    frame = figure.select_one(".ipaf-diagram__frame")
    pair = frame.select_one(".ipaf-diagram__pair")
    # Self, affect, other, side by side (or one under the other) in that order...
    parts = [child["class"][-1] for child in pair.find_all(recursive=False)]
    assert parts == ["ipaf-diagram__self", "ipaf-diagram__affect", "ipaf-diagram__other"]
    self_, affect, other = pair.find_all(recursive=False)
    assert text(self_) == f"Self {words(ruth.ipaf.self_representation)}"
    assert text(other) == f"Other {words(ruth.ipaf.other_representation)}"
    assert text(affect) == (
        f"↔ Affect between them Felt {words(ruth.ipaf.affect.conscious)} "
        f"Less conscious {words(ruth.ipaf.affect.less_conscious)}"
    )
    # ...inside the frame that holds the defensive function.
    defence = frame.select_one(".ipaf-diagram__defence")
    assert defence.parent is frame
    assert text(defence) == (
        "Defensive function, around the whole pattern " + words(ruth.ipaf.defensive_function)
    )
    assert ruth.title in figure.figcaption.get_text()


def test_the_arrow_is_decoration_only(ruth: Case):
    figure = figure_of(diagrams.ipaf_diagram(ruth.ipaf, ruth.title))
    arrows = figure.select(".ipaf-diagram__arrow")
    assert len(arrows) == 1 and arrows[0]["aria-hidden"] == "true"


HOSTILE = '<script>alert("x")</script> & &amp; *not bold* {{ x }} --8<-- "a.md" [^1]'


def test_case_text_is_plain_text_escaped(ruth: Case):
    # HTML never passes validation; model_construct gives the function what it must survive.
    ipaf = IPAF.model_construct(
        self_representation=HOSTILE,
        other_representation="Line one\nline two",
        affect=Affect.model_construct(conscious="a < b", less_conscious="c > d"),
        defensive_function="'quoted' \"double\"",
    )
    markup = diagrams.ipaf_diagram(ipaf, "<i>Title</i>")
    assert "<script" not in markup and "<i>" not in markup
    assert "&lt;script&gt;" in markup and "&amp;amp;" in markup
    figure = figure_of(markup)
    assert figure.find("script") is None and figure.find("i") is None
    assert text(figure.select_one(".ipaf-diagram__self")) == f"Self {HOSTILE}"
    # A line break in the YAML starts a new paragraph, as everywhere else on the page.
    other = figure.select_one(".ipaf-diagram__other")
    assert [p.get_text() for p in other.select(".ipaf-diagram__text")] == [
        "Line one",
        "line two",
    ]
    assert "a < b" in text(figure) and "c > d" in text(figure)
    assert figure.figcaption.get_text().startswith("<i>Title</i>:")
    # One line of HTML: no case text can start a line, where Markdown looks for its syntax.
    assert "\n" not in markup


def test_blank_diagram_has_labels_and_empty_boxes_only():
    markup = diagrams.blank_ipaf_diagram()
    figure = figure_of(markup)
    assert "ipaf-diagram--blank" in figure["class"]
    labels = [p.get_text() for p in figure.select(".ipaf-diagram__label")]
    assert labels == [
        "Self",
        "Affect between them",
        "Other",
        "Defensive function, around the whole pattern",
    ]
    subs = [p.get_text() for p in figure.select(".ipaf-diagram__sublabel")]
    assert subs == ["Felt", "Less conscious"]
    spaces = figure.select(".ipaf-diagram__space")
    assert len(spaces) == 5  # self, felt, less conscious, other, defensive function
    assert all(s.get_text() == "" and s["aria-hidden"] == "true" for s in spaces)
    assert figure.select(".ipaf-diagram__text") == []


def test_worked_example_shows_the_diagram_right_under_the_ipaf_heading(ruth: Case):
    page = render.case_page(ruth)
    after = page.split("## The IPAF {#ipaf}\n\n", 1)[1]
    assert after.startswith('<figure class="ipaf-diagram ipaf-diagram--filled">')
    assert page.count('<figure class="ipaf-diagram') == 1
    figure_of(page)


def test_trainee_exercise_page_has_no_diagram_but_the_model_answer_has(exercise: Case):
    trainee = render.exercise_page(exercise, "trainee", lambda p: p)
    assert "ipaf-diagram" not in trainee
    supervisor = render.exercise_page(exercise, "supervisor", lambda p: p)
    answer = supervisor.split('<div class="model-answer" markdown>', 1)[1]
    figure = figure_of(answer)
    assert words(exercise.ipaf.defensive_function) in text(figure)


def test_every_assignment_sheet_but_a_suitability_one_has_a_blank_diagram(cases):
    exercises = [c for c in cases if c.exercise is not None]
    kinds = {c.exercise.kind for c in exercises}
    assert "suitability" in kinds and len(kinds) > 1
    for case in exercises:
        sheet = render.assignment_sheet(case)
        if case.exercise.kind == "suitability":
            # No suitability prompt asks for an IPAF: a diagram to fill in would be a red herring.
            assert "ipaf-diagram" not in sheet, case.id
        else:
            figure = figure_of(sheet)
            assert "ipaf-diagram--blank" in figure["class"], case.id
        # The element the trainee must find (the defensive function, unless a complete-the-ipaf
        # exercise hides another) is nowhere on the sheet.
        secret = case.exercise.missing_element or "defensive_function"
        hidden = getattr(case.ipaf, secret)
        text = hidden.less_conscious if secret == "affect" else hidden
        assert words(text) not in words(sheet), case.id


@pytest.mark.parametrize("marker", ["[TOC]", "///Footnotes Go Here///"])
def test_markers_stay_text_inside_a_markdown_block(marker: str):
    """A model answer is a `markdown` block: md_in_html puts the diagram's HTML in the element
    tree, where the toc and footnotes extensions look for their markers."""
    ipaf = IPAF.model_construct(
        self_representation=marker,
        other_representation="other",
        affect=Affect.model_construct(conscious="felt", less_conscious="less"),
        defensive_function="defence",
    )
    page = (
        'A claim.[^1]\n\n<div class="model-answer" markdown>\n\n'
        + diagrams.ipaf_diagram(ipaf, "T")
        + "\n\n</div>\n\n[^1]: A source.\n"
    )
    soup = BeautifulSoup(to_html(page), "html.parser")
    assert text(soup.select_one(".ipaf-diagram__self")) == f"Self {marker}"
    assert soup.select_one(".toc") is None
    assert soup.select_one("div.footnote").find_parent("figure") is None


def shape(markup: str) -> list[tuple[str, tuple[str, ...], str]]:
    soup = BeautifulSoup(markup, "html.parser")
    return [(e.name, tuple(e.get("class", [])), e.parent.name) for e in soup.find_all(True)]


@pytest.mark.parametrize("kind", ["filled", "blank"])
def test_inside_a_markdown_block_the_figure_keeps_its_shape(ruth: Case, kind: str):
    """md_in_html re-parses the HTML of a `markdown` block (the model answer); a figure it
    mis-nested would close the elements around it and break the page."""
    figure = (
        diagrams.ipaf_diagram(ruth.ipaf, ruth.title)
        if kind == "filled"
        else diagrams.blank_ipaf_diagram()
    )
    html = to_html('<div class="model-answer" markdown>\n\n' + figure + "\n\n</div>\n")
    assert html.count("<figure") == html.count("</figure>") == 1
    block = BeautifulSoup(html, "html.parser").select_one("div.model-answer")
    assert shape(block.decode_contents()) == shape(figure)
