"""Figures people can read: in a real browser, on a desktop and on a phone, every piece of text in
a score chart, the session timeline and an IPAF diagram is 12 CSS px or larger as shown, and none
of it spills out of its figure or sits on top of other text.

SVG text is measured as shown: its computed font size times the SVG's scale (the width it is
drawn at over the width of its viewBox). HTML text is measured by its computed font size.
Run with -s to see the smallest size of each kind of figure at each width.
"""

from __future__ import annotations

import pytest

from ditbook.render import cases as render

from .conftest import new_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MIN_PX = 12
WIDTHS = {"desktop": 1280, "phone": 390}
FIGURES = {
    "score chart": "figure.score-charts",
    "session timeline": "figure.session-timeline",
    "IPAF diagram": "figure.ipaf-diagram--filled",
    "blank IPAF diagram": "figure.ipaf-diagram--blank",
}

# For each figure matching the selector: every visible text, its size as shown, whether it lies
# inside its figure (and, for SVG text, inside its SVG), and which SVG texts overlap.
MEASURE_JS = """selector => [...document.querySelectorAll(selector)].map(figure => {
  const inside = (b, r) => b.left >= r.left - 0.5 && b.right <= r.right + 0.5
    && b.top >= r.top - 0.5 && b.bottom <= r.bottom + 0.5;
  const box = figure.getBoundingClientRect();
  const texts = [];
  const overlaps = [];
  const svgs = [];
  for (const svg of figure.querySelectorAll("svg")) {
    if (!svg.checkVisibility()) continue;
    const view = svg.viewBox.baseVal;
    const shown = svg.getBoundingClientRect();
    const scale = shown.width / view.width;
    svgs.push({scale, heightScale: shown.height / view.height, width: shown.width});
    const boxes = [];
    for (const text of svg.querySelectorAll("text")) {
      const b = text.getBoundingClientRect();
      texts.push({
        text: text.textContent, px: parseFloat(getComputedStyle(text).fontSize) * scale,
        inFigure: inside(b, box), inSvg: inside(b, shown),
      });
      for (const [other, ob] of boxes) {
        const x = Math.min(b.right, ob.right) - Math.max(b.left, ob.left);
        const y = Math.min(b.bottom, ob.bottom) - Math.max(b.top, ob.top);
        if (x > 1 && y > 1) overlaps.push([other, text.textContent]);
      }
      boxes.push([text.textContent, b]);
    }
  }
  const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest("svg")) continue;
    if (!element.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()];
    texts.push({
      text: node.textContent.trim(), px: parseFloat(getComputedStyle(element).fontSize),
      inFigure: rects.every(r => inside(r, box)), inSvg: true,
    });
  }
  return {
    texts, overlaps, svgs, width: box.width,
    scrolls: figure.scrollWidth > figure.clientWidth + 1
      || [...figure.querySelectorAll("*")].some(e => e.scrollWidth > e.clientWidth + 1
        && getComputedStyle(e).overflowX !== "visible"),
  };
})"""


def pages(cases) -> dict[str, list[str]]:
    """Page -> the figures it must show."""
    worked = next(c for c in cases if c.id == "ruth-unheard")
    # A suitability sheet has no IPAF diagram: its prompts ask for none.
    exercise = next(c for c in cases if c.exercise and c.exercise.kind != "suitability")
    return {
        render.page_path(worked).removesuffix(".md") + "/": ["score chart", "IPAF diagram"],
        "handbook/tracking-progress/": ["score chart"],
        "handbook/the-16-sessions/": ["session timeline"],
        "workbook/worksheet/": ["blank IPAF diagram"],
        render.sheet_path(exercise).removesuffix(".md") + "/": ["blank IPAF diagram"],
    }


@pytest.fixture(scope="module")
def measured(browser, trainee_url, cases):
    """(device, figure kind) -> every figure of that kind measured on the pages above."""
    out: dict[tuple[str, str], list[dict]] = {}
    for device, width in WIDTHS.items():
        page = new_page(browser, viewport={"width": width, "height": 900}, is_mobile=width < 500)
        for path, kinds in pages(cases).items():
            page.goto(trainee_url + path, wait_until="load")
            for kind in kinds:
                figures = page.evaluate(MEASURE_JS, FIGURES[kind])
                assert figures, f"/{path}: no {kind} ({FIGURES[kind]})"
                for figure in figures:
                    figure["page"] = path
                out.setdefault((device, kind), []).extend(figures)
        page.context.close()
    return out


@pytest.mark.parametrize("device", WIDTHS)
@pytest.mark.parametrize("kind", FIGURES)
def test_no_text_under_12_px_and_none_spills_or_overlaps(measured, device, kind):
    figures = measured[(device, kind)]
    texts = [t for f in figures for t in f["texts"]]
    assert len(texts) > 10
    smallest = min(texts, key=lambda t: t["px"])
    print(f"\n{kind} at {WIDTHS[device]} px: smallest text {smallest['px']:.2f} px", end="")
    small = [f"{t['text']!r} {t['px']:.2f}px" for t in texts if t["px"] < MIN_PX - 0.01]
    assert small == [], f"{kind} at {WIDTHS[device]} px: text under {MIN_PX} px: {small[:10]}"
    outside = [t["text"] for t in texts if not (t["inFigure"] and t["inSvg"])]
    assert outside == [], f"{kind} at {WIDTHS[device]} px: clipped or spilling: {outside}"
    overlaps = [o for f in figures for o in f["overlaps"]]
    assert overlaps == [], f"{kind} at {WIDTHS[device]} px: labels on top of each other"
    assert not any(f["scrolls"] for f in figures), f"{kind} at {WIDTHS[device]} px scrolls"


@pytest.mark.parametrize("device", WIDTHS)
def test_a_score_chart_shows_one_drawing_of_each_panel_undistorted(measured, device):
    for figure in measured[(device, "score chart")]:
        assert len(figure["svgs"]) == 2, figure["page"]  # PHQ-9 and GAD-7, wide or narrow
        for svg in figure["svgs"]:
            assert svg["scale"] == pytest.approx(svg["heightScale"], rel=0.01)
            assert svg["width"] <= figure["width"] + 0.5


def test_the_model_answer_diagram_is_readable_too(browser, supervisor_url, cases):
    """In the supervisor edition the diagram sits in the model answer, a markdown block."""
    exercise = next(c for c in cases if c.exercise is not None)
    path = render.page_path(exercise).removesuffix(".md") + "/"
    for device, width in WIDTHS.items():
        page = new_page(browser, viewport={"width": width, "height": 900})
        page.goto(supervisor_url + path, wait_until="load")
        (figure,) = page.evaluate(MEASURE_JS, FIGURES["IPAF diagram"])
        page.context.close()
        assert figure["texts"], path
        small = [t["text"] for t in figure["texts"] if t["px"] < MIN_PX - 0.01]
        outside = [t["text"] for t in figure["texts"] if not t["inFigure"]]
        assert small == [] and outside == [], f"{device}: {small} {outside}"
