"""Rules every piece of case prose must pass, shared by the model and its tests.

Each check returns an author-facing message, or None when the text is acceptable. The wording
is pinned by tests, because it is what authors read.
"""

from __future__ import annotations

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
_IDENTIFIERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "an email address"),
    (re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b"), "an NHS number"),
    (re.compile(r"(\+\d{1,3}[ -]?)?\(?\b0\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}\b"), "a phone number"),
    (re.compile(r"\+\d{1,3}[ -]?\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}\b"), "a phone number"),
    (
        re.compile(
            r"\b\d{1,2}(st|nd|rd|th)?[ /.-]"
            r"(\d{1,2}|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)"
            r"[ /.-]\d{2,4}\b|\b(19|20)\d{2}-\d{2}-\d{2}\b",
            re.IGNORECASE,
        ),
        "a full date (a possible date of birth)",
    ),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"), "a UK postcode"),
]


def placeholder(text: str) -> str | None:
    found = _PLACEHOLDER.search(text)
    if found:
        return f"looks like placeholder text ({found.group(0)!r}); write the real content"
    if _ONLY_FILLER.match(text):
        return f"looks like placeholder text ({text.strip()!r}); write the real content"
    return None


def raw_html(text: str) -> str | None:
    found = _HTML.search(text)
    if found:
        return f"must not contain HTML ({found.group(0)!r}); write plain text"
    return None


def real_identifier(text: str) -> str | None:
    for pattern, what in _IDENTIFIERS:
        found = pattern.search(text)
        if found:
            return (
                f"looks like {what} ({found.group(0)!r}); cases are fictional composites "
                "and must carry no real identifiers"
            )
    return None


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text))


def too_thin(text: str, min_words: int) -> str | None:
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
