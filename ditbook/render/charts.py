"""Figures drawn at build time as inline SVG: no chart library, nothing fetched by the reader.

Charts are legible in black and white: PHQ-9 and GAD-7 differ by marker and line style, not
only by colour, and phases and severity bands are labelled in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ditbook.models.case import GAD7_MAX, MAX_SESSIONS, PHASES, PHQ9_MAX, Score

# Severity bands (lower bound, label) from the measures' published scoring.
PHQ9_BANDS = [(0, "minimal"), (5, "mild"), (10, "moderate"), (15, "mod. severe"), (20, "severe")]
GAD7_BANDS = [(0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")]

# Geometry of one panel, in SVG user units.
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 96, 16, 40
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM


def x_of(session: float) -> float:
    """Centre of a session's column."""
    return LEFT + (session - 0.5) * PLOT_W / MAX_SESSIONS


def y_of(score: float, maximum: int) -> float:
    return TOP + PLOT_H * (1 - score / maximum)


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _phase_shading() -> list[str]:
    out = []
    for i, (phase, (first, last)) in enumerate(PHASES.items()):
        x0 = LEFT + (first - 1) * PLOT_W / MAX_SESSIONS
        w = (last - first + 1) * PLOT_W / MAX_SESSIONS
        out.append(
            f'<rect class="phase phase-{phase}" data-phase="{phase}" x="{_fmt(x0)}" y="{TOP}" '
            f'width="{_fmt(w)}" height="{PLOT_H}" fill="{("#f2f2f2", "#e0e0e0", "#f2f2f2")[i]}"/>'
            f'<text x="{_fmt(x0 + w / 2)}" y="{TOP + 12}" text-anchor="middle" '
            f'class="phase-label">{phase} {first}–{last}</text>'
        )
    return out


def _panel(
    key: str, label: str, points: list[tuple[int, int]], maximum: int, bands, marker: str
) -> str:
    parts = [
        f'<rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" fill="#fff" stroke="#555"/>'
    ]
    parts += _phase_shading()
    for lower, name in bands:
        if lower:
            y = _fmt(y_of(lower, maximum))
            parts.append(
                f'<line class="band" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{y}" y2="{y}" '
                'stroke="#777" stroke-dasharray="2 3"/>'
            )
        upper = next((b for b, _ in bands if b > lower), maximum + 1)
        mid = y_of((lower + upper - 1) / 2, maximum)
        parts.append(
            f'<text x="{LEFT + PLOT_W + 6}" y="{_fmt(mid + 4)}" class="band-label">'
            f"{lower}–{upper - 1} {name}</text>"
        )
    for tick in range(0, maximum + 1, 5):
        y = _fmt(y_of(tick, maximum))
        parts.append(f'<text x="{LEFT - 6}" y="{y}" dy="4" text-anchor="end">{tick}</text>')
    for s in range(1, MAX_SESSIONS + 1):
        parts.append(
            f'<text x="{_fmt(x_of(s))}" y="{TOP + PLOT_H + 16}" text-anchor="middle">{s}</text>'
        )
    parts.append(
        f'<text x="{LEFT + PLOT_W / 2}" y="{HEIGHT - 6}" text-anchor="middle">Session</text>'
    )
    if points:
        path = " ".join(f"{_fmt(x_of(s))},{_fmt(y_of(v, maximum))}" for s, v in points)
        dash = ' stroke-dasharray="6 3"' if key == "gad7" else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="2"{dash}/>'
        )
        for s, v in points:
            x, y = x_of(s), y_of(v, maximum)
            attrs = f'class="point {key}" data-session="{s}" data-score="{v}"'
            if marker == "circle":
                parts.append(f'<circle {attrs} cx="{_fmt(x)}" cy="{_fmt(y)}" r="4" fill="#000"/>')
            else:
                parts.append(
                    f'<rect {attrs} x="{_fmt(x - 4)}" y="{_fmt(y - 4)}" width="8" height="8" '
                    'fill="#fff" stroke="#000" stroke-width="2"/>'
                )
    parts.append(f'<text x="{LEFT}" y="{TOP - 4}" class="axis-title">{label}</text>')
    return "".join(parts)


def score_chart(chart_id: str, title: str, scores: Sequence[Score]) -> str:
    """PHQ-9 and GAD-7 by session, one panel each, as a <figure> with an accessible SVG."""
    figures = []
    for key, label, maximum, bands, marker in (
        ("phq9", "PHQ-9 (depression), 0–27", PHQ9_MAX, PHQ9_BANDS, "circle"),
        ("gad7", "GAD-7 (anxiety), 0–21", GAD7_MAX, GAD7_BANDS, "square"),
    ):
        points = [(s.session, getattr(s, key)) for s in scores if getattr(s, key) is not None]
        if not points:
            continue
        svg_id = f"chart-{chart_id}-{key}"
        values = ", ".join(f"session {s}: {v}" for s, v in points)
        desc = (
            f"{label.split(',')[0]} scores for {title}, by session, with the initial (1–4), "
            f"middle (5–12) and ending (13–16) phases shaded and severity bands marked. "
            f"{values}."
        )
        figures.append(
            f'<svg class="score-chart" data-measure="{key}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'role="img" aria-labelledby="{svg_id}-t {svg_id}-d" '
            'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">'
            f'<title id="{svg_id}-t">{escape(label.split(",")[0])} by session: '
            f"{escape(title)}</title>"
            f'<desc id="{svg_id}-d">{escape(desc)}</desc>'
            f"{_panel(key, label, points, maximum, bands, marker)}</svg>"
        )
    if not figures:
        return ""
    return (
        f'<figure class="score-charts" id="chart-{chart_id}">'
        + "".join(figures)
        + "<figcaption>Scores by session. The numbers are in the table below.</figcaption>"
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


def session_timeline() -> str:
    """The 16 sessions in their three phases, as a figure."""
    w, h, left, top, box = 640, 110, 8, 34, 36
    gap = (w - 2 * left - MAX_SESSIONS * box) / (MAX_SESSIONS - 1)
    fills = {"initial": "#ffffff", "middle": "#d9d9d9", "ending": "#8c8c8c"}
    text_fill = {"initial": "#000", "middle": "#000", "ending": "#fff"}
    tasks = {
        "initial": "engage; symptoms and relationships; agree the IPAF",
        "middle": "work the focus, in life and with the therapist",
        "ending": "goodbye letter; the ending",
    }
    parts = []
    for phase, (first, last) in PHASES.items():
        x0 = left + (first - 1) * (box + gap)
        x1 = left + (last - 1) * (box + gap) + box
        parts.append(
            f'<text x="{_fmt((x0 + x1) / 2)}" y="{top - 20}" text-anchor="middle" '
            f'font-weight="bold">{phase.capitalize()} phase</text>'
            f'<text x="{_fmt((x0 + x1) / 2)}" y="{top - 6}" text-anchor="middle" '
            f'font-size="10">sessions {first}–{last}</text>'
        )
        for s in range(first, last + 1):
            x = left + (s - 1) * (box + gap)
            parts.append(
                f'<rect class="session" data-phase="{phase}" x="{_fmt(x)}" y="{top}" '
                f'width="{box}" height="{box}" fill="{fills[phase]}" stroke="#000"/>'
                f'<text x="{_fmt(x + box / 2)}" y="{top + box / 2 + 4}" text-anchor="middle" '
                f'fill="{text_fill[phase]}">{s}</text>'
            )
        parts.append(
            f'<text x="{_fmt((x0 + x1) / 2)}" y="{top + box + 18}" text-anchor="middle" '
            f'font-size="9.5">{escape(tasks[phase])}</text>'
        )
    desc = "; ".join(f"{p} phase, sessions {a} to {b}: {tasks[p]}" for p, (a, b) in PHASES.items())
    return (
        '<figure class="session-timeline">'
        f'<svg viewBox="0 0 {w} {h}" role="img" aria-labelledby="timeline-t timeline-d" '
        'xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">'
        '<title id="timeline-t">The 16 weekly sessions of DIT in three phases</title>'
        f'<desc id="timeline-d">{escape(desc)}.</desc>'
        + "".join(parts)
        + "</svg><figcaption>The sixteen weekly sessions and their three phases.</figcaption>"
        "</figure>"
    )
