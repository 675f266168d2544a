"""The print page (mkdocs-print-site): the generated pages added to it, and its anchors mended.

No MkDocs import: the hooks hand over the plugin and the navigation items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


class PrintPluginChanged(RuntimeError):
    """mkdocs-print-site no longer has the renderer this module adds pages to."""


def add_sections(printer: Any, nav_items: Sequence[Any], sections: Sequence[Any]) -> None:
    """Print the navigation plus `sections` (the generated pages, which are not in the sidebar:
    Material renders the whole navigation into every page, so hundreds of cases in it would make
    the build quadratic). mkdocs-print-site prints only the navigation it saved in its own
    on_nav; it is given the navigation plus the sections."""
    renderer = getattr(printer, "renderer", None)
    if renderer is None or not isinstance(getattr(renderer, "items", None), list):
        raise PrintPluginChanged(
            "mkdocs-print-site changed: cannot add the generated pages to the print page"
        )
    renderer.items = [*nav_items, *sections]


def mend_anchors(html: str) -> str:
    """Mend the print page's anchors that mkdocs-print-site links to but does not prefix.

    It rewrites `#x` links (and labels' `for`) in a page to `<page>-x` but prefixes only heading
    and footnote ids, so links to footnote back-references or to ids set with attribute lists
    (glossary terms), and the worksheet's labels, would point at nothing.
    """
    wanted = set(re.findall(r'(?:href="#|for=")([^"]+)"', html))
    chunks = re.split(r'(<section class="print-page" id="[^"]+")', html)
    for i in range(1, len(chunks) - 1, 2):
        prefix = re.search(r'id="([^"]+)"', chunks[i]).group(1)

        def mend(match: re.Match, prefix: str = prefix) -> str:
            ident = match.group(1)
            full = f"{prefix}-{ident}"
            return f'id="{full}"' if full in wanted and not ident.startswith(prefix) else match[0]

        chunks[i + 1] = re.sub(r'id="([^"]+)"', mend, chunks[i + 1])
    html = "".join(chunks)
    # A link with a query (the worksheet opened for an exercise) becomes "#page-?q=..." on the
    # print page; on paper it can only point at the page itself.
    return re.sub(r'href="#([^"?]+)-\?[^"]*"', r'href="#\1"', html)
