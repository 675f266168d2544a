"""Figures drawn at build time as inline SVG: no chart library, nothing fetched by the reader.

Charts are legible in black and white: PHQ-9 and GAD-7 differ by marker and line style, not
only by colour, and phases and severity bands are labelled in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ditbook.models.case import GAD7_MAX, MAX_SESSIONS, PHASES, PHQ9_MAX, Score
from ditbook.render.diagrams import plain_html

# Severity bands (lower bound, name) from the measures' published scoring.
PHQ9_BANDS = [
    (0, "minimal"),
    (5, "mild"),
    (10, "moderate"),
    (15, "moderately severe"),
    (20, "severe"),
]
GAD7_BANDS = [(0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")]

# Caseness as NHS Talking Therapies (formerly IAPT) defines it: PHQ-9 of 10 or more, GAD-7 of
# 8 or more (the chapter on tracking progress gives the source).
CASENESS = {"phq9": 10, "gad7": 8}

MEASURES = (
    # key, name, what it measures, maximum, bands, marker
    ("phq9", "PHQ-9", "depression", PHQ9_MAX, PHQ9_BANDS, "circle"),
    ("gad7", "GAD-7", "anxiety", GAD7_MAX, GAD7_BANDS, "square"),
)

# The phases in words, for every heading and description that names them (the charts, the case
# pages, the dialogue index). The middle phase (5-12) is given in the summary of the manual's
# chapter on it; the outer two ranges follow from it and are how DIT is usually described, so
# hedged.
PHASE_RANGES = {
    "initial": "about sessions 1–4",
    "middle": "sessions 5–12",
    "ending": "about sessions 13–16",
}


@dataclass(frozen=True)
class Layout:
    """One drawing of a panel, in SVG user units that are CSS pixels at its natural width.

    Two are drawn and the stylesheet shows the one that fits the column (a container query):
    `wide` in a column of 600 px or more, `narrow` below that. `min_px` is the narrowest the
    stylesheet lets each be shown, so that no text is ever smaller than 12 CSS px:
    font * min_px / width >= 12 (the narrow one scrolls sideways below it).
    """

    name: str
    width: int
    font: float
    left: int
    right: int
    top: int
    plot_h: int
    ticks: tuple[int, ...]  # the sessions labelled under the plot
    band_lines: dict[str, tuple[str, ...]]  # a band's label, line by line
    legend: tuple[tuple[tuple[str, int], ...], ...]  # rows of (item, x)
    min_px: int

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def line(self) -> float:
        """Distance between two lines of text."""
        return round(self.font * 1.2, 1)

    @property
    def ticks_y(self) -> float:
        return self.top + self.plot_h + self.line + 2

    @property
    def legend_y(self) -> float:
        """Baseline of the first row of the legend."""
        return self.ticks_y + 2 * self.line + 8

    @property
    def height(self) -> int:
        return math.ceil(self.legend_y + (len(self.legend) - 1) * (self.line + 6) + 10)


def _band_lines(wrap: bool) -> dict[str, tuple[str, ...]]:
    ranges = {}
    for bands, maximum in ((PHQ9_BANDS, PHQ9_MAX), (GAD7_BANDS, GAD7_MAX)):
        for i, (lower, name) in enumerate(bands):
            upper = bands[i + 1][0] - 1 if i + 1 < len(bands) else maximum
            ranges[f"{name} {maximum}"] = (name, f"{lower}–{upper}")
    if not wrap:
        return ranges
    # In a narrow margin, the name alone, on two lines if need be: the axis gives the numbers.
    return {key: tuple(name.split(" ", 1)) for key, (name, _) in ranges.items()}


WIDE = Layout(
    name="wide",
    width=680,
    font=14,
    left=44,
    right=150,
    top=52,
    plot_h=200,
    ticks=tuple(range(1, MAX_SESSIONS + 1)),
    band_lines=_band_lines(wrap=False),
    legend=((("series", 44), ("caseness", 196), ("band", 446)),),
    min_px=600,
)
NARROW = Layout(
    name="narrow",
    width=340,
    font=13,
    left=34,
    right=86,
    top=50,
    plot_h=230,
    ticks=(1, 4, 8, 12, 16),
    band_lines=_band_lines(wrap=True),
    legend=((("series", 8), ("band", 150)), (("caseness", 8),)),
    min_px=316,
)
LAYOUTS = (WIDE, NARROW)


def x_of(session: float, layout: Layout = WIDE) -> float:
    """Centre of a session's column."""
    return layout.left + (session - 0.5) * layout.plot_w / MAX_SESSIONS


def y_of(score: float, maximum: int, layout: Layout = WIDE) -> float:
    return layout.top + layout.plot_h * (1 - score / maximum)


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, content: str, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{_fmt(x)}" y="{_fmt(y)}"{anchor_attr}{extra}>{plain_html(content)}</text>'


def _phase_shading(lay: Layout) -> list[str]:
    out = []
    column = lay.plot_w / MAX_SESSIONS
    for i, (phase, (first, last)) in enumerate(PHASES.items()):
        x0 = lay.left + (first - 1) * column
        w = (last - first + 1) * column
        out.append(
            f'<rect class="phase phase-{phase}" data-phase="{phase}" x="{_fmt(x0)}" '
            f'y="{lay.top}" width="{_fmt(w)}" height="{lay.plot_h}" '
            f'fill="{("#f2f2f2", "#e0e0e0", "#f2f2f2")[i]}"/>'
        )
        # Above the plot, where no score can cover it.
        out.append(_text(x0 + w / 2, lay.top - 8, phase, "middle", class_="phase-label"))
    return out


def _marker(kind: str, x: float, y: float, attrs: str = "") -> str:
    if kind == "circle":
        return f'<circle {attrs}cx="{_fmt(x)}" cy="{_fmt(y)}" r="4" fill="#000"/>'
    return (
        f'<rect {attrs}x="{_fmt(x - 4)}" y="{_fmt(y - 4)}" width="8" height="8" '
        'fill="#fff" stroke="#000" stroke-width="2"/>'
    )


CASENESS_COLOUR = "#b3261e"  # 6:1 on white; also told apart by being solid and thick


def _legend(lay: Layout, key: str, name: str, marker: str) -> list[str]:
    dash = ' stroke-dasharray="6 3"' if key == "gad7" else ""
    swatches = {
        "series": (
            f'<line x1="0" x2="28" y1="0" y2="0" stroke="#000" stroke-width="2"{dash}/>'
            + _marker(marker, 14, 0),
            f"{name} score",
        ),
        "caseness": (
            f'<line x1="0" x2="28" y1="0" y2="0" stroke="{CASENESS_COLOUR}" stroke-width="3"/>',
            f"caseness: {CASENESS[key]} or more",
        ),
        "band": (
            '<line x1="0" x2="28" y1="0" y2="0" stroke="#777" stroke-dasharray="2 3"/>',
            "severity band limit",
        ),
    }
    out = ['<g class="legend">']
    for row, items in enumerate(lay.legend):
        y = lay.legend_y + row * (lay.line + 6)
        for item, x in items:
            swatch, label = swatches[item]
            mid = y - lay.font * 0.35
            out.append(
                f'<g class="legend-{item}" transform="translate({x} {_fmt(mid)})">{swatch}</g>'
                + _text(x + 34, y, label)
            )
    out.append("</g>")
    return out


def _panel(lay: Layout, key: str, points: list[tuple[int, int]]) -> str:
    _, name, what, maximum, bands, marker = next(m for m in MEASURES if m[0] == key)
    right = lay.left + lay.plot_w
    parts = [
        _text(
            4,
            lay.font + 4,
            f"{name} ({what}), 0–{maximum}",
            class_="axis-title",
            font_weight="bold",
        ),
        f'<rect x="{lay.left}" y="{lay.top}" width="{_fmt(lay.plot_w)}" height="{lay.plot_h}" '
        'fill="#fff"/>',
    ]
    parts += _phase_shading(lay)
    for i, (lower, band) in enumerate(bands):
        upper = bands[i + 1][0] if i + 1 < len(bands) else maximum + 1
        if lower:
            y = _fmt(y_of(lower, maximum, lay))
            parts.append(
                f'<line class="band" x1="{lay.left}" x2="{_fmt(right)}" y1="{y}" y2="{y}" '
                'stroke="#777" stroke-dasharray="2 3"/>'
            )
        lines = lay.band_lines[f"{band} {maximum}"]
        mid = (y_of(lower, maximum, lay) + y_of(upper, maximum, lay)) / 2
        first = mid - (len(lines) - 1) * lay.line / 2 + lay.font * 0.35
        for j, line in enumerate(lines):
            parts.append(_text(right + 8, first + j * lay.line, line, class_="band-label"))
    cut = CASENESS[key]
    y = _fmt(y_of(cut, maximum, lay))
    parts.append(
        f'<line class="caseness" data-cutoff="{cut}" x1="{lay.left}" x2="{_fmt(right)}" '
        f'y1="{y}" y2="{y}" stroke="{CASENESS_COLOUR}" stroke-width="3"/>'
    )
    parts.append(
        f'<rect x="{lay.left}" y="{lay.top}" width="{_fmt(lay.plot_w)}" height="{lay.plot_h}" '
        'fill="none" stroke="#555"/>'
    )
    for tick in range(0, maximum + 1, 5):
        y_tick = y_of(tick, maximum, lay) + lay.font * 0.35
        parts.append(_text(lay.left - 6, y_tick, str(tick), "end", class_="tick"))
    for s in lay.ticks:
        parts.append(_text(x_of(s, lay), lay.ticks_y, str(s), "middle", class_="tick"))
    parts.append(_text(lay.left + lay.plot_w / 2, lay.ticks_y + lay.line + 2, "Session", "middle"))
    if points:
        path = " ".join(f"{_fmt(x_of(s, lay))},{_fmt(y_of(v, maximum, lay))}" for s, v in points)
        dash = ' stroke-dasharray="6 3"' if key == "gad7" else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="2"{dash}/>'
        )
        for s, v in points:
            attrs = f'class="point {key}" data-session="{s}" data-score="{v}" '
            parts.append(_marker(marker, x_of(s, lay), y_of(v, maximum, lay), attrs))
    parts += _legend(lay, key, name, marker)
    return "".join(parts)


def _description(key: str, title: str, points: list[tuple[int, int]]) -> tuple[str, str]:
    _, name, what, maximum, _bands, _ = next(m for m in MEASURES if m[0] == key)
    initial, middle, ending = (f"{p} ({PHASE_RANGES[p]})" for p in PHASES)
    phases = f"{initial}, {middle} and {ending}"
    values = ", ".join(f"session {s}: {v}" for s, v in points)
    label = f"{name} ({what}) by session: {title}"
    desc = (
        f"{name} scores (0–{maximum}) for {title}, by session, with the {phases} phases "
        f"shaded and the severity bands marked. A solid line marks caseness, a score of "
        f"{CASENESS[key]} or more. {values}."
    )
    return label, desc


def score_chart(chart_id: str, title: str, scores: Sequence[Score]) -> str:
    """PHQ-9 and GAD-7 by session, one panel each, as a <figure> of accessible SVGs.

    Each panel is drawn twice, wide and narrow; the stylesheet shows the one that fits, so the
    text is never smaller than 12 CSS px. The hidden one is display: none, so it is in no
    accessibility tree.
    """
    svgs = []
    shown = []
    for key, name, *_ in MEASURES:
        points = [(s.session, getattr(s, key)) for s in scores if getattr(s, key) is not None]
        if not points:
            continue
        shown.append((name, CASENESS[key]))
        label, desc = _description(key, title, points)
        for lay in LAYOUTS:
            svg_id = f"chart-{chart_id}-{key}-{lay.name}"
            svgs.append(
                f'<svg class="score-chart score-chart--{lay.name}" data-measure="{key}" '
                f'width="{lay.width}" height="{lay.height}" '
                f'viewBox="0 0 {lay.width} {lay.height}" role="img" '
                f'aria-labelledby="{svg_id}-t {svg_id}-d" xmlns="http://www.w3.org/2000/svg" '
                f'font-size="{_fmt(lay.font)}" font-family="sans-serif">'
                f'<title id="{svg_id}-t">{plain_html(label)}</title>'
                f'<desc id="{svg_id}-d">{plain_html(desc)}</desc>'
                f"{_panel(lay, key, points)}</svg>"
            )
    if not svgs:
        return ""
    cutoffs = " and ".join(f"{name} {cut} or more" for name, cut in shown)
    return (
        f'<figure class="score-charts" id="chart-{chart_id}">'
        # Focusable so that a keyboard can scroll it where the column is too narrow for it.
        '<div class="chart-scroll" tabindex="0" role="group" aria-label="Score charts">'
        + "".join(svgs)
        + "</div>"
        f"<figcaption>Scores by session. The solid red line marks caseness ({cutoffs}); "
        "dotted lines separate the severity bands; shading shows the three phases. "
        "The numbers are in the table below.</figcaption>"
        "</figure>"
    )


def score_table(scores: Sequence[Score]) -> str:
    has_item9 = any(s.phq9_item9 is not None for s in scores)
    head = "| Session | PHQ-9 | GAD-7 |" + (" PHQ-9 item 9 |" if has_item9 else "")
    rule = "| ---: | ---: | ---: |" + (" ---: |" if has_item9 else "")
    rows = [head, rule]
    for s in scores:
        cells = [str(s.session), _dash(s.phq9), _dash(s.gad7)]
        if has_item9:
            cells.append(_dash(s.phq9_item9))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _dash(v: int | None) -> str:
    return "–" if v is None else str(v)


PHASE_TASKS = {
    "initial": "Explore symptoms and relationships; agree the IPAF",
    "middle": "Work on the IPAF in current relationships, including with the therapist",
    "ending": "Work with the ending; the goodbye letter",
}


def session_timeline() -> str:
    """The 16 sessions in their three phases, as an HTML figure.

    Real text, laid out by the stylesheet: the phases side by side in a wide column, one under
    the other in a narrow one. The numbered boxes repeat what the words say, so they are hidden
    from screen readers.
    """
    phases = []
    for phase, (first, last) in PHASES.items():
        boxes = "".join(
            f'<span class="session" data-phase="{phase}">{s}</span>' for s in range(first, last + 1)
        )
        phases.append(
            f'<li class="session-timeline__phase" data-phase="{phase}" '
            f'style="--sessions: {last - first + 1}">'
            f'<p class="session-timeline__name"><strong>{phase.capitalize()} phase</strong> '
            f"<span>{plain_html(PHASE_RANGES[phase])}</span></p>"
            f'<div class="session-timeline__sessions" aria-hidden="true">{boxes}</div>'
            f'<p class="session-timeline__task">{plain_html(PHASE_TASKS[phase])}</p></li>'
        )
    return (
        '<figure class="session-timeline">'
        '<ol class="session-timeline__phases">' + "".join(phases) + "</ol>"
        "<figcaption>The sixteen weekly sessions of DIT in three phases. The middle phase is "
        "sessions 5 to 12; the first and last four sessions are how the other two phases are "
        "usually described.</figcaption></figure>"
    )
