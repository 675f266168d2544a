"""Rules every piece of case prose must pass, shared by the model and its tests.

Each check returns an author-facing message, or None when the text is acceptable. The wording
is pinned by tests, because it is what authors read.
"""

from __future__ import annotations

import itertools
import re

# Placeholder text left behind while drafting. "..." is included because a trailing ellipsis
# in a draft nearly always means "to be continued".
_PLACEHOLDER = re.compile(
    r"\b(TODO|TBD|TBC|FIXME|XXX|lorem ipsum|placeholder)\b|\.\.\.|…|\[insert",
    re.IGNORECASE,
)
_ONLY_FILLER = re.compile(r"^\W*(n/?a|none|nil|-+|\?+|tba)\W*$", re.IGNORECASE)

# Raw HTML: a tag opener, a comment, or a character reference. Case text is plain text.
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?|&#?[a-zA-Z0-9]+;")

# Things that look like real identifiers. Cases are fictional composites and carry none.
# (guard, pattern, what): the guard is a cheap search that any match of the pattern must pass,
# so prose without, say, an "@" or a run of digits is cleared without the costlier pattern.
_IDENTIFIERS: list[tuple[re.Pattern[str], re.Pattern[str], str]] = [
    (re.compile("@"), re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "an email address"),
    (re.compile(r"\d{3}"), re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b"), "an NHS number"),
    (
        re.compile(r"0\d\d"),
        re.compile(r"(\+\d{1,3}[ -]?)?\(?\b0\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}\b"),
        "a phone number",
    ),
    (
        re.compile(r"\+\d"),
        re.compile(r"\+\d{1,3}[ -]?\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}\b"),
        "a phone number",
    ),
    (
        re.compile(r"\d"),
        re.compile(
            r"\b\d{1,2}(st|nd|rd|th)?[ /.-]"
            r"(\d{1,2}|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)"
            r"[ /.-]\d{2,4}\b|\b(19|20)\d{2}-\d{2}-\d{2}\b",
            re.IGNORECASE,
        ),
        "a full date (a possible date of birth)",
    ),
    (
        re.compile(r"\d[A-Z]{2}\b"),
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"),
        "a UK postcode",
    ),
]


_PLACEHOLDER_HINTS = ("todo", "tbd", "tbc", "fixme", "xxx", "lorem", "placeholder", "..", "…", "[")


def placeholder(text: str) -> str | None:
    lowered = text.lower()
    hinted = any(hint in lowered for hint in _PLACEHOLDER_HINTS)  # fast path: no regex
    found = _PLACEHOLDER.search(text) if hinted else None
    if found:
        return f"looks like placeholder text ({found.group(0)!r}); write the real content"
    if _ONLY_FILLER.match(text):
        return f"looks like placeholder text ({text.strip()!r}); write the real content"
    return None


def raw_html(text: str) -> str | None:
    if "<" not in text and "&" not in text:  # the common case, without a regex
        return None
    found = _HTML.search(text)
    if found:
        return f"must not contain HTML ({found.group(0)!r}); write plain text"
    return None


# Every identifier pattern needs a digit or an "@": most prose is cleared by one search.
_MAYBE_IDENTIFIER = re.compile(r"[\d@]")


def real_identifier(text: str) -> str | None:
    if not _MAYBE_IDENTIFIER.search(text):
        return None
    for guard, pattern, what in _IDENTIFIERS:
        found = guard.search(text) and pattern.search(text)
        if found:
            return (
                f"looks like {what} ({found.group(0)!r}); cases are fictional composites "
                "and must carry no real identifiers"
            )
    return None


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def too_thin(text: str, min_words: int) -> str | None:
    # Stop counting at the minimum: long prose is cleared without reading all of it.
    if len(list(itertools.islice(_WORD.finditer(text), min_words))) >= min_words:
        return None
    words = word_count(text)
    if words < min_words:
        noun = "word" if words == 1 else "words"
        return f"is too thin to teach from ({words} {noun}; write at least {min_words})"
    return None


def problem_with(text: str, min_words: int) -> str | None:
    """The first rule the text breaks, in the order an author should fix them."""
    if not text.strip():
        return "must not be empty"
    for rule in (raw_html, placeholder, real_identifier):
        message = rule(text)
        if message:
            return message
    return too_thin(text, min_words)
