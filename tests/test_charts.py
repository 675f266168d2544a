"""Charts: points at the right heights, phases shaded, accessible, one per case with scores."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ditbook.models.case import Score
from ditbook.render import charts

SVG = "{http://www.w3.org/2000/svg}"


def _svgs(markup: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg.*?</svg>", markup, re.S)]


def test_points_sit_at_the_height_of_their_score():
    scores = [
        Score(session=1, phq9=27, gad7=0),
        Score(session=8, phq9=0, gad7=21),
        Score(session=16, phq9=9, gad7=7),
    ]
    phq, gad = _svgs(charts.score_chart("t", "Test", scores))
    bottom = charts.TOP + charts.PLOT_H
    expected_phq = {1: charts.TOP, 8: bottom, 16: bottom - charts.PLOT_H * 9 / 27}
    for circle in phq.iter(f"{SVG}circle"):
        session = int(circle.get("data-session"))
        assert abs(float(circle.get("cy")) - expected_phq[session]) < 0.1
        assert abs(float(circle.get("cx")) - charts.x_of(session)) < 0.1
    expected_gad = {1: bottom, 8: charts.TOP, 16: bottom - charts.PLOT_H * 7 / 21}
    squares = [r for r in gad.iter(f"{SVG}rect") if r.get("data-session")]
    assert len(squares) == 3
    for rect in squares:
        centre = float(rect.get("y")) + 4
        assert abs(centre - expected_gad[int(rect.get("data-session"))]) < 0.1


def test_concrete_pixel_values():
    # PHQ-9 of 18 on a 0-27 axis sits one third of the way down the plot.
    assert charts.y_of(18, 27) == charts.TOP + charts.PLOT_H / 3
    assert charts.x_of(1) == charts.LEFT + charts.PLOT_W / 32


def test_three_phases_are_shaded_in_each_panel():
    markup = charts.score_chart("t", "Test", [Score(session=1, phq9=10, gad7=10)])
    for svg in _svgs(markup):
        phases = [r.get("data-phase") for r in svg.iter(f"{SVG}rect") if r.get("data-phase")]
        assert phases == ["initial", "middle", "ending"]


def test_chart_is_accessible_and_names_its_numbers():
    markup = charts.score_chart("t", "Ruth", [Score(session=3, phq9=12)])
    (svg,) = _svgs(markup)  # no GAD-7 scores: no GAD-7 panel
    assert svg.get("role") == "img"
    title_id, _desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert "session 3: 12" in svg.find(f"{SVG}desc").text


def test_severity_bands_are_marked():
    markup = charts.score_chart("t", "T", [Score(session=1, phq9=5, gad7=5)])
    assert "20–27 severe" in markup and "15–21 severe" in markup
    assert markup.count('class="band"') == 4 + 3


def test_no_scores_no_chart():
    assert charts.score_chart("t", "T", []) == ""


def test_score_table_adds_item9_only_when_recorded():
    assert "item 9" not in charts.score_table([Score(session=1, phq9=3)])
    table = charts.score_table([Score(session=1, phq9=3, phq9_item9=1)])
    assert table.splitlines()[2] == "| 1 | 3 | – | 1 |"


def test_session_timeline_has_sixteen_sessions_in_three_phases():
    (svg,) = _svgs(charts.session_timeline())
    sessions = [r.get("data-phase") for r in svg.iter(f"{SVG}rect")]
    assert sessions == ["initial"] * 4 + ["middle"] * 8 + ["ending"] * 4
