"""The competence map as a Markdown table (pure: items in, Markdown out)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ditbook.models.competences import CompetenceMap
from ditbook.render.markdown import inline

# Each link in the table's second column: stacked one per line, so each is given a target of at
# least 24 px high (WCAG 2.2, 2.5.8) by handbook.css.
TARGET_CLASS = "competence-map__target"

STATUS = {
    "confirmed": "confirmed for DIT",
    "inferred": "inferred from the sibling frameworks",
}


def competence_map(
    cmap: CompetenceMap,
    titles: Mapping[str, tuple[str, str]],
    href: Callable[[str], str],
) -> str:
    """One table per area. `titles` maps each target to (src_uri, link text)."""
    parts = []
    for area in cmap.areas:
        parts.append(f"## {inline(area.label)} {{ #{area.id} }}\n")
        parts.append(f"*Area label: {STATUS[area.label_status]}.*\n")
        parts.append("| Competence | Taught or assessed in |\n|---|---|")
        for comp in area.competences:
            links = []
            for target in comp.targets:
                src, text = titles[target]
                links.append(f"[{inline(text)}]({href(src)}){{ .{TARGET_CLASS} }}")
            parts.append(f"| {inline(comp.name)} | {'<br>'.join(links)} |")
        parts.append("")
    return "\n".join(parts)
