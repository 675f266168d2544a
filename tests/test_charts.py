"""Charts: points and caseness lines at the right heights, phases shaded, labelled, accessible,
drawn twice (wide and narrow) so that no text is shown under 12 px; the session timeline."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from ditbook.models.case import Score
from ditbook.paths import ROOT
from ditbook.render import charts

SVG = "{http://www.w3.org/2000/svg}"
SCORES = [
    Score(session=1, phq9=27, gad7=0),
    Score(session=8, phq9=0, gad7=21),
    Score(session=16, phq9=9, gad7=7),
]


def _svgs(markup: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg.*?</svg>", markup, re.S)]


def _panels(markup: str) -> dict[tuple[str, str], ET.Element]:
    """(measure, layout) -> its SVG."""
    out = {}
    for svg in _svgs(markup):
        layout = svg.get("class").removeprefix("score-chart score-chart--")
        out[(svg.get("data-measure"), layout)] = svg
    return out


def _texts(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def test_each_panel_is_drawn_wide_and_narrow():
    panels = _panels(charts.score_chart("t", "Test", SCORES))
    assert sorted(panels) == [
        ("gad7", "narrow"),
        ("gad7", "wide"),
        ("phq9", "narrow"),
        ("phq9", "wide"),
    ]
    for (_, name), svg in panels.items():
        layout = next(lay for lay in charts.LAYOUTS if lay.name == name)
        assert svg.get("viewBox") == f"0 0 {layout.width} {layout.height}"
        assert float(svg.get("font-size")) == layout.font


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda lay: lay.name)
def test_points_sit_at_the_height_of_their_score(layout):
    panels = _panels(charts.score_chart("t", "Test", SCORES))
    top, bottom = layout.top, layout.top + layout.plot_h
    expected_phq = {1: top, 8: bottom, 16: bottom - layout.plot_h * 9 / 27}
    circles = list(panels[("phq9", layout.name)].iter(f"{SVG}circle"))
    points = [c for c in circles if c.get("data-session")]
    assert len(points) == 3
    for circle in points:
        session = int(circle.get("data-session"))
        assert float(circle.get("cy")) == pytest.approx(expected_phq[session], abs=0.1)
        assert float(circle.get("cx")) == pytest.approx(charts.x_of(session, layout), abs=0.1)
    expected_gad = {1: bottom, 8: top, 16: bottom - layout.plot_h * 7 / 21}
    squares = [r for r in panels[("gad7", layout.name)].iter(f"{SVG}rect") if r.get("data-session")]
    assert len(squares) == 3
    for rect in squares:
        centre = float(rect.get("y")) + 4
        assert centre == pytest.approx(expected_gad[int(rect.get("data-session"))], abs=0.1)


def test_concrete_pixel_values():
    wide = charts.WIDE
    # PHQ-9 of 18 on a 0-27 axis sits one third of the way down the plot: 52 + 200 / 3.
    assert charts.y_of(18, 27) == pytest.approx(52 + 200 / 3)
    # Session 1 is the middle of the first of 16 columns of a 486-unit plot.
    assert wide.plot_w == 680 - 44 - 150
    assert charts.x_of(1) == 44 + 486 / 32
    assert charts.y_of(10, 27, charts.NARROW) == pytest.approx(50 + 230 * 17 / 27)


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda lay: lay.name)
def test_caseness_lines_at_10_and_8_with_a_legend(layout):
    panels = _panels(charts.score_chart("t", "Test", SCORES))
    for measure, cutoff, maximum in (("phq9", 10, 27), ("gad7", 8, 21)):
        svg = panels[(measure, layout.name)]
        (line,) = [ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == "caseness"]
        assert line.get("data-cutoff") == str(cutoff)
        y = layout.top + layout.plot_h * (1 - cutoff / maximum)
        assert float(line.get("y1")) == float(line.get("y2")) == pytest.approx(y, abs=0.1)
        assert float(line.get("x1")) == layout.left
        assert float(line.get("x2")) == pytest.approx(layout.left + layout.plot_w)
        assert f"caseness: {cutoff} or more" in _texts(svg)
        assert f"A solid line marks caseness, a score of {cutoff} or more." in (
            svg.find(f"{SVG}desc").text
        )


def test_caption_explains_the_caseness_line():
    markup = charts.score_chart("t", "Test", SCORES)
    caption = BeautifulSoup(markup, "html.parser").figcaption.get_text()
    assert "marks caseness (PHQ-9 10 or more and GAD-7 8 or more)" in caption
    only_phq = charts.score_chart("t", "Test", [Score(session=1, phq9=12)])
    caption = BeautifulSoup(only_phq, "html.parser").figcaption.get_text()
    assert "(PHQ-9 10 or more)" in caption


def test_three_phases_are_shaded_and_named_in_each_panel():
    markup = charts.score_chart("t", "Test", [Score(session=1, phq9=10, gad7=10)])
    for svg in _svgs(markup):
        phases = [r.get("data-phase") for r in svg.iter(f"{SVG}rect") if r.get("data-phase")]
        assert phases == ["initial", "middle", "ending"]
        labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "phase-label"]
        assert labels == ["initial", "middle", "ending"]


def test_chart_is_accessible_names_its_numbers_and_hedges_the_phases():
    markup = charts.score_chart("t", "Ruth", [Score(session=3, phq9=12)])
    svgs = _svgs(markup)  # no GAD-7 scores: no GAD-7 panel
    assert [s.get("data-measure") for s in svgs] == ["phq9", "phq9"]
    for svg in svgs:
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id
        assert svg.find(f"{SVG}title").text == "PHQ-9 (depression) by session: Ruth"
        desc = svg.find(f"{SVG}desc")
        assert desc.get("id") == desc_id
        assert "session 3: 12" in desc.text
        assert "initial (about sessions 1–4), middle (sessions 5–12) and ending " in desc.text
    ids = re.findall(r'id="([^"]+)"', markup)
    assert len(ids) == len(set(ids)), "an id is used twice"


def test_case_text_in_a_chart_is_escaped():
    title = 'Ann <b>&amp;</b> "Bo" & Co'
    markup = charts.score_chart("t", title, [Score(session=1, phq9=12)])
    assert "<b>" not in markup
    for svg in _svgs(markup):  # well-formed XML, and the title reads exactly as typed
        assert svg.find(f"{SVG}title").text.endswith(title)


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda lay: lay.name)
def test_severity_bands_are_marked_and_named_in_full(layout):
    panels = _panels(charts.score_chart("t", "T", [Score(session=1, phq9=5, gad7=5)]))
    phq, gad = panels[("phq9", layout.name)], panels[("gad7", layout.name)]
    assert sum(ln.get("class") == "band" for ln in phq.iter(f"{SVG}line")) == 4
    assert sum(ln.get("class") == "band" for ln in gad.iter(f"{SVG}line")) == 3
    phq_labels = [t.text for t in phq.iter(f"{SVG}text") if t.get("class") == "band-label"]
    assert "mod. severe" not in phq_labels
    if layout is charts.WIDE:
        assert "moderately severe" in phq_labels and "15–19" in phq_labels
        assert phq_labels[-2:] == ["severe", "20–27"]
    else:  # the name only, on two lines: the axis gives the numbers
        assert phq_labels[phq_labels.index("moderately") :][:2] == ["moderately", "severe"]


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda lay: lay.name)
def test_everything_is_drawn_inside_the_view_box(layout):
    panels = _panels(charts.score_chart("t", "T", SCORES))
    for key in ("phq9", "gad7"):
        svg = panels[(key, layout.name)]
        for text in svg.iter(f"{SVG}text"):
            y = float(text.get("y"))
            assert layout.font <= y <= layout.height - 2, (key, text.text, y)
            assert 0 <= float(text.get("x")) <= layout.width, (key, text.text)


def test_the_stylesheet_never_shows_text_under_12_px():
    """handbook.css shows the wide drawing in a column of 600 px or more, at most 680 px wide,
    and the narrow one at 316 to 440 px: at the narrowest, the text is still 12 px."""
    css = (ROOT / "docs" / "stylesheets" / "handbook.css").read_text(encoding="utf-8")
    threshold = int(re.search(r"@container \(min-width: (\d+)px\) \{\s*\.score-charts", css)[1])
    narrow = re.search(r"svg\.score-chart--narrow \{([^}]*)\}", css)[1]
    wide = re.search(r"svg\.score-chart--wide \{([^}]*)\}", css)[1]
    assert threshold == charts.WIDE.min_px
    assert f"max-width: {charts.WIDE.width}px" in wide
    assert f"min-width: {charts.NARROW.min_px}px" in narrow
    for layout in charts.LAYOUTS:
        assert layout.font * layout.min_px / layout.width >= 12, layout.name


def test_no_scores_no_chart():
    assert charts.score_chart("t", "T", []) == ""


def test_score_table_adds_item9_only_when_recorded():
    assert "item 9" not in charts.score_table([Score(session=1, phq9=3)])
    table = charts.score_table([Score(session=1, phq9=3, phq9_item9=1)])
    assert table.splitlines()[2] == "| 1 | 3 | – | 1 |"


def test_session_timeline_has_sixteen_sessions_in_three_phases():
    figure = BeautifulSoup(charts.session_timeline(), "html.parser").figure
    sessions = figure.select(".session")
    assert [s.get("data-phase") for s in sessions] == ["initial"] * 4 + ["middle"] * 8 + [
        "ending"
    ] * 4
    assert [int(s.get_text()) for s in sessions] == list(range(1, 17))
    phases = figure.select("li.session-timeline__phase")
    assert [p["style"] for p in phases] == ["--sessions: 4", "--sessions: 8", "--sessions: 4"]


def test_session_timeline_hedges_the_outer_phases_in_words():
    figure = BeautifulSoup(charts.session_timeline(), "html.parser").figure
    names = [" ".join(p.get_text().split()) for p in figure.select(".session-timeline__name")]
    assert names == [
        "Initial phase about sessions 1–4",
        "Middle phase sessions 5–12",
        "Ending phase about sessions 13–16",
    ]
    tasks = [p.get_text() for p in figure.select(".session-timeline__task")]
    assert "agree the IPAF" in tasks[0] and "goodbye letter" in tasks[2]
    # The numbered boxes repeat the words: hidden from screen readers, which read the words.
    for strip in figure.select(".session-timeline__sessions"):
        assert strip["aria-hidden"] == "true"
    assert "usually described" in figure.figcaption.get_text()
