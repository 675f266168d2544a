"""Corrections to the HTML that the theme and the print plugin write: pure functions, str -> str.

Each function mends one kind of markup that the Nu Html Checker or HTML_CodeSniffer rejects and
that comes from mkdocs-material or mkdocs-print-site rather than from our pages. Each one is a
no-op when the markup it looks for is absent, so a new theme version that fixes the problem
upstream leaves nothing to undo (the validity tests say when one starts writing it again).

They read real tags only (a tag opens with `<` and a letter), so text in code blocks, where
`<` is written `&lt;`, is never touched. No MkDocs import: `macros.mkdocs_adapter` calls
`fix_page` on every page it writes and `fix_print_page` on the print page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_INPUT = re.compile(r"<input\b[^<>]*>", re.IGNORECASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?(checkbox|radio)\b""", re.IGNORECASE)
_AUTOCOMPLETE = re.compile(r"""\s+autocomplete\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def drop_toggle_autocomplete(html: str) -> str:
    """Remove `autocomplete` from checkboxes and radio buttons, where HTML does not allow it.

    Material writes it on its drawer and search toggles so that Firefox does not restore their
    state on reload; Material's own script closes both just after every page load anyway.
    """

    def mend(match: re.Match) -> str:
        tag = match[0]
        return _AUTOCOMPLETE.sub("", tag) if _TYPE.search(tag) else tag

    return _INPUT.sub(mend, html)


_EMPTY_TABINDEX = re.compile(r"""(<[a-zA-Z][^<>]*?)\s+tabindex\s*=\s*(?:""|'')""")


def drop_empty_tabindex(html: str) -> str:
    """Remove `tabindex=""` (not an integer): browsers ignore it, so nothing changes on screen.

    Material writes it on the labels of navigation sections (`navigation.sections`).
    """
    return _EMPTY_TABINDEX.sub(r"\1", html)


_TOC_INPUT = re.compile(r"""<input\b[^<>]*\bid\s*=\s*["']__toc["'][^<>]*>\s*""")
_TOC_LABEL_FOR = re.compile(r"""(<label\b[^<>]*?)\s+for\s*=\s*["']__toc["']""")


def fix_toc_toggle(html: str) -> str:
    """Keep Material's `__toc` toggle and its labels together, or drop the half that is alone.

    On a page in the navigation whose contents are empty, Material writes the toggle but no
    label for it (an unlabelled checkbox); on a page outside the navigation, it writes the
    contents' title as a label for a toggle that is not there. Either half alone does nothing.
    """
    has_input = _TOC_INPUT.search(html) is not None
    has_label = _TOC_LABEL_FOR.search(html) is not None
    if has_input and not has_label:
        return _TOC_INPUT.sub("", html)
    if has_label and not has_input:
        return _TOC_LABEL_FOR.sub(r"\1", html)
    return html


def fix_page(html: str) -> str:
    """Every correction that applies to any page."""
    for fix in PAGE_FIXES:
        html = fix(html)
    return html


PAGE_FIXES: tuple[Callable[[str], str], ...] = (
    drop_toggle_autocomplete,
    drop_empty_tabindex,
    fix_toc_toggle,
)


# ---------------------------------------------------------------------------------------------
# The print page (mkdocs-print-site): all pages in one document.

_HEADING_NUMBER = re.compile(r"""(<section\b[^<>]*?\s)heading-number(\s*=)""")


def rename_heading_number(html: str) -> str:
    """`heading-number` on sections is no HTML attribute; a `data-` attribute is."""
    return _HEADING_NUMBER.sub(r"\1data-heading-number\2", html)


_STYLE = re.compile(r"<style\b[^<>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_SVG_OPEN = re.compile(r"<svg\b", re.IGNORECASE)
_SVG_CLOSE = re.compile(r"</svg\s*>", re.IGNORECASE)


def move_body_styles_to_head(html: str) -> str:
    """Move `<style>` elements out of the body (outside SVG) to the end of the head."""
    body = re.search(r"<body\b", html, re.IGNORECASE)
    head_end = re.search(r"</head\s*>", html, re.IGNORECASE)
    if body is None or head_end is None or head_end.start() > body.start():
        return html
    moved: list[str] = []

    def lift(match: re.Match) -> str:
        before = html[body.start() : match.start() + body.start()]
        if len(_SVG_OPEN.findall(before)) > len(_SVG_CLOSE.findall(before)):
            return match[0]  # SVG may hold its own style element
        moved.append(match[0])
        return ""

    rest = _STYLE.sub(lift, html[body.start() :])
    if not moved:
        return html
    head = html[: head_end.start()] + "".join(moved) + html[head_end.start() : body.start()]
    return head + rest


_PAGE_SECTION = re.compile(r"""(<section class="print-page" id="[^"]+")""")
_ID = re.compile(r"""(<[a-zA-Z][^<>]*?\sid=)(["'])([^"']+)\2""")
_IDREFS = re.compile(
    r"""(\s(?:aria-labelledby|aria-describedby|aria-controls|aria-owns)=)(["'])([^"']*)\2"""
)
_HASH_REF = re.compile(r"""(\s(?:href|xlink:href)=)(["'])#([^"']+)\2""")
_FOR = re.compile(r"""(<label\b[^<>]*?\sfor=)(["'])([^"']+)\2""")
_PRE = re.compile(r"<pre(?=[\s>])(?![^<>]*\sid=)")


def _sections(html: str) -> list[str]:
    """The print page cut before each page's section: [head, start, body, start, body, ...]."""
    return _PAGE_SECTION.split(html)


def unique_ids(html: str) -> str:
    """Give an id that a page of the print page repeats from an earlier page its page's prefix.

    A chart or any other element with a fixed id, shown both in a chapter and in a case's own
    page, would otherwise appear twice. References to the id from the same page (labels,
    `aria-labelledby`/`aria-describedby`, `#` links) follow it.
    """
    chunks = _sections(html)
    seen = set(m[3] for m in _ID.finditer(chunks[0]))
    for i in range(1, len(chunks) - 1, 2):
        prefix = re.search(r'id="([^"]+)"', chunks[i])[1]
        seen.add(prefix)
        body = chunks[i + 1]
        earlier = set(seen)
        renamed: dict[str, str] = {}
        for match in _ID.finditer(body):
            ident = match[3]
            if ident in earlier and ident not in renamed:
                new = f"{prefix}-{ident}"
                while new in seen:
                    new += "-x"
                renamed[ident] = new
            seen.add(renamed.get(ident, ident))
        if renamed:
            chunks[i + 1] = _rename(body, renamed)
    return "".join(chunks)


def _rename(html: str, renamed: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        new = renamed.get(match[3], match[3])
        return f"{match[1]}{match[2]}{new}{match[2]}"

    def many(match: re.Match) -> str:
        refs = " ".join(renamed.get(r, r) for r in match[3].split())
        return f"{match[1]}{match[2]}{refs}{match[2]}"

    html = _ID.sub(one, html)
    html = _FOR.sub(one, html)
    html = _HASH_REF.sub(lambda m: f"{m[1]}{m[2]}#{renamed.get(m[3], m[3])}{m[2]}", html)
    return _IDREFS.sub(many, html)


def number_code_blocks(html: str) -> str:
    """Give each code block of the print page an id of its own.

    Material's script names a code block `__code_<id of its nearest ancestor with an id>`; on the
    print page that ancestor is the page's section, so two code blocks of one page would share
    a name. With an id of its own, the block is its own nearest ancestor.
    """
    chunks = _sections(html)
    for i in range(1, len(chunks) - 1, 2):
        prefix = re.search(r'id="([^"]+)"', chunks[i])[1]
        count = iter(range(1, len(chunks[i + 1]) + 2))
        chunks[i + 1] = _PRE.sub(
            lambda _m, p=prefix, c=count: f'<pre id="{p}-code-{next(c)}"', chunks[i + 1]
        )
    return "".join(chunks)


def fix_print_page(html: str) -> str:
    """Every correction for the print page, which is written after all other pages."""
    for fix in (*PAGE_FIXES, *PRINT_PAGE_FIXES):
        html = fix(html)
    return html


PRINT_PAGE_FIXES: tuple[Callable[[str], str], ...] = (
    rename_heading_number,
    move_body_styles_to_head,
    unique_ids,
    number_code_blocks,
)
