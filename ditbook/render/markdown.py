"""Plain text as inert Markdown: the escaping every render function uses for authors' text.

Content text is plain text. Every character an author typed is shown as typed: HTML special
characters become entities and Markdown syntax is escaped, so a field can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Characters with a Markdown meaning anywhere in a line. `<` and `&` become entities, so no HTML,
# entity, autolink or snippet (`--8<--`) can form; the brackets and braces stop links, images,
# footnotes (`[^1]`), abbreviation definitions (`*[X]: ...`), `[TOC]` and attribute lists (`{...}`).
_ALWAYS = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "{": "\\{",
        "}": "\\}",
    }
)
# Syntax that only counts at the start of a line, or of the list item, quote or definition the
# text is put in: headings (#), lists (+ - 1. 1)), setext underlines and tabs (= ===),
# definitions (:), tables (|), admonitions (!!!), collapsible blocks (??? ???+) and fenced code
# (~~~; ``` is escaped everywhere). A blockquote's > is already an entity, and leading white space
# (indented code) is dropped. pymdownx.escapeall lets any ASCII punctuation be escaped.
_LINE_START = re.compile(r"^([#+\-=:|!?~]|\d+(?=[.)]))")
# Closing hashes of an ATX heading are dropped: a title ending in "#" would lose it.
_LINE_END = re.compile(r"#$")
# The footnotes extension moves its list to a paragraph holding its marker, by default
# "///Footnotes Go Here///", so a quoted case could swallow a chapter's footnotes.
_MARKER = "///"


def inline(text: str) -> str:
    """One line of plain text as inert Markdown."""
    text = " ".join(text.split()).translate(_ALWAYS).replace(_MARKER, "\\/" * len(_MARKER))
    text = _LINE_END.sub(lambda m: "\\#", text)  # first, so that a lone "#" is escaped once
    return _LINE_START.sub(lambda m: "\\" + m.group(1), text)


def cell(markdown: str) -> str:
    r"""Inline Markdown made safe for a table cell: on one line, and every `|` escaped.

    A `\|` (as `inline` escapes a leading pipe) is left alone: escaping it again would make
    `\\|`, an escaped backslash followed by a column break.
    """
    markdown = " ".join(markdown.split())
    return re.sub(r"\\.|\|", lambda m: "\\|" if m.group(0) == "|" else m.group(0), markdown)


def paragraphs(text: str, indent: str = "") -> str:
    """Plain text as Markdown paragraphs: every line break in the (folded) YAML starts one."""
    return "\n\n".join(indent + p for p in paragraph_list(text))


def definition(term: str, body: Sequence[str]) -> str:
    """A definition-list entry whose body is already-escaped Markdown paragraphs."""
    first, *rest = body
    lines = [term, f":   {first}"] + [f"\n    {p}" for p in rest]
    return "\n".join(lines)


def paragraph_list(text: str) -> list[str]:
    return [inline(p) for p in re.split(r"\s*\n\s*", text.strip()) if p.strip()]
