"""The IPAF as a diagram: self and other, the affect between them, the defensive function around.

HTML, not SVG: every word is real text, so it wraps in a narrow column, is read in order by a
screen reader, and needs no separate text alternative. The stylesheet (handbook.css) puts self,
affect and other side by side in a wide column and one under the other in a narrow one, inside a
frame that holds the defensive function. Pure functions: no MkDocs, no files.

Case text is plain text: every character is HTML-escaped (`plain_html`), and each line of a
field becomes its own paragraph. The whole figure is one line of HTML, so no line of case text
can start a line of the page, where Markdown extensions (snippets, abbreviations) would look for
their syntax.
"""

from __future__ import annotations

import re
from html import escape

from ditbook.models.case import IPAF

# What each element of the diagram is, in words (the blank diagram prints them as hints).
HINTS = {
    "self": "How the patient experiences themselves in the pattern.",
    "other": "How others are experienced in relation to that self.",
    "affect": "The feeling that links them.",
    "felt": "What the patient feels and can name.",
    "less_conscious": "What is felt underneath, less in awareness.",
    "defence": "What the whole pattern protects the patient from feeling or knowing.",
}

LABELS = {
    "self": "Self",
    "other": "Other",
    "affect": "Affect between them",
    "felt": "Felt",
    "less_conscious": "Less conscious",
    "defence": "Defensive function, around the whole pattern",
}


# Beyond the HTML specials: inside a `markdown` block (a supervisor's model answer), md_in_html
# puts raw HTML in the element tree, where the toc and footnotes extensions replace a paragraph
# reading "[TOC]" or holding "///Footnotes Go Here///". As character references they read the
# same and match neither.
_MARKERS = str.maketrans({"[": "&#91;", "]": "&#93;", "/": "&#47;"})


def plain_html(text: str) -> str:
    """Plain text as HTML text (content or attribute value) that shows exactly what was typed."""
    return escape(text).translate(_MARKERS)


def _paras(text: str, cls: str = "ipaf-diagram__text") -> str:
    lines = [" ".join(line.split()) for line in re.split(r"\s*\n\s*", text.strip())]
    return "".join(f'<p class="{cls}">{plain_html(line)}</p>' for line in lines if line)


def _label(key: str) -> str:
    return f'<p class="ipaf-diagram__label">{LABELS[key]}</p>'


# A box to write in by hand: empty, so nothing for a screen reader to announce.
_SPACE = '<div class="ipaf-diagram__space" aria-hidden="true"></div>'


def _figure(kind: str, self_: str, affect: str, other: str, defence: str, caption: str) -> str:
    # A block, not a span: md_in_html mis-nests a div that mixes inline and block children.
    arrow = '<div class="ipaf-diagram__arrow" aria-hidden="true">↔</div>'
    return (
        f'<figure class="ipaf-diagram ipaf-diagram--{kind}">'
        '<div class="ipaf-diagram__frame">'
        '<div class="ipaf-diagram__pair">'
        f'<div class="ipaf-diagram__box ipaf-diagram__self">{_label("self")}{self_}</div>'
        f'<div class="ipaf-diagram__affect">{arrow}{_label("affect")}{affect}</div>'
        f'<div class="ipaf-diagram__box ipaf-diagram__other">{_label("other")}{other}</div>'
        "</div>"
        f'<div class="ipaf-diagram__defence">{_label("defence")}{defence}</div>'
        "</div>"
        f"<figcaption>{caption}</figcaption>"
        "</figure>"
    )


def ipaf_diagram(ipaf: IPAF, title: str) -> str:
    """A case's IPAF as a figure (one line of HTML). `title` names the case in the caption."""
    affect = (
        '<div class="ipaf-diagram__feeling">'
        f'<p class="ipaf-diagram__sublabel">{LABELS["felt"]}</p>'
        f"{_paras(ipaf.affect.conscious)}</div>"
        '<div class="ipaf-diagram__feeling">'
        f'<p class="ipaf-diagram__sublabel">{LABELS["less_conscious"]}</p>'
        f"{_paras(ipaf.affect.less_conscious)}</div>"
    )
    caption = (
        f"{plain_html(title)}: the IPAF as a diagram. The self and the other, the affect that "
        "links them, and around them the defensive function that the whole pattern serves."
    )
    return _figure(
        "filled",
        _paras(ipaf.self_representation),
        affect,
        _paras(ipaf.other_representation),
        _paras(ipaf.defensive_function),
        caption,
    )


def blank_ipaf_diagram() -> str:
    """The same figure with labels and hints only, and empty boxes to write in by hand."""

    def hint(key: str) -> str:
        return f'<p class="ipaf-diagram__hint">{HINTS[key]}</p>'

    affect = (
        hint("affect")
        + '<div class="ipaf-diagram__feeling">'
        + f'<p class="ipaf-diagram__sublabel">{LABELS["felt"]}</p>'
        + _SPACE
        + "</div>"
        + '<div class="ipaf-diagram__feeling">'
        + f'<p class="ipaf-diagram__sublabel">{LABELS["less_conscious"]}</p>'
        + _SPACE
        + "</div>"
    )
    caption = (
        "A blank IPAF diagram to fill in by hand: the self and the other in the two boxes, the "
        "affect that links them between, and the defensive function of the whole pattern in "
        "the frame around them."
    )
    return _figure(
        "blank",
        hint("self") + _SPACE,
        affect,
        hint("other") + _SPACE,
        hint("defence") + _SPACE,
        caption,
    )
