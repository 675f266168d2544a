"""mkdocs-print-site plumbing: which pages the print page holds, and mending its anchors.

The print plugin prints only the navigation it saved in its own on_nav, which lists no generated
page (the sidebar lists only the indexes: Material renders the whole navigation into every page,
so hundreds of cases in it would make the build quadratic). `add_sections` gives it the
navigation plus the generated pages; `mend_anchors` fixes the ids it links to but does not prefix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


class PrintPluginChanged(RuntimeError):
    pass


def add_sections(printer: Any, nav_items: Sequence[Any], sections: Sequence[Any]) -> None:
    """Make the print plugin print `nav_items` and then `sections` (MkDocs `Section`s).

    mkdocs-print-site keeps its copy of the navigation in `renderer.items` and offers no public
    way to extend it; this is the one place that reaches in, and it fails loudly if that moves.
    """
    renderer = getattr(printer, "renderer", None)
    if renderer is None or not isinstance(getattr(renderer, "items", None), list):
        raise PrintPluginChanged(
            "mkdocs-print-site changed: cannot add the generated pages to the print page"
        )
    renderer.items = [*nav_items, *sections]


def mend_anchors(html: str) -> str:
    """The print page with the anchors mkdocs-print-site links to but does not prefix.

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
    html = re.sub(r'href="#([^"?]+)-\?[^"]*"', r'href="#\1"', html)
    # The supervision pages are interactive and not printed: a link to them keeps its words only.
    return re.sub(r'<a href="#supervision[^"]*">(.*?)</a>', r"\1", html, flags=re.S)
