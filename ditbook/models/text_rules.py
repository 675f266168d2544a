"""Rules every piece of case prose must pass, shared by the model and its tests.

Each check returns an author-facing message, or None when the text is acceptable. The wording
is pinned by tests, because it is what authors read.
"""

from __future__ import annotations

import functools
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
# where the pattern itself is costly. For speed, every search starts with a literal or a
# character class, so the regex engine skips straight to the candidates: `\d(?<!\w\d)` is
# `\b\d` written that way.
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_IDENTIFIERS: list[tuple[re.Pattern[str] | None, re.Pattern[str], str]] = [
    (re.compile("@"), re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "an email address"),
    (None, re.compile(r"\d(?<!\w\d)\d\d[ -]?\d{3}[ -]?\d{4}\b"), "an NHS number"),
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
        None,
        re.compile(
            rf"\d(?<!\w\d)(?:\d?(st|nd|rd|th)?[ /.-](of )?(\d{{1,2}}|{_MONTH},?)[ /.-]\d{{2,4}}\b"
            r"|(?:(?<=1)9|(?<=2)0)\d{2}-\d{2}-\d{2}\b)",
            re.IGNORECASE,
        ),
        "a full date (a possible date of birth)",
    ),
    (
        re.compile(r"\d(st|nd|rd|th)?,? \d{4}\b", re.IGNORECASE),
        re.compile(rf"\b{_MONTH}\.? \d{{1,2}}(st|nd|rd|th)?,? \d{{4}}\b", re.IGNORECASE),
        "a full date (a possible date of birth)",
    ),
    (None, re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]? ?\d[A-Z]{2}\b"), "a UK postcode"),
]


def placeholder(text: str) -> str | None:
    lowered = text.lower()
    # A chain of `in` tests is the fast path (a generator over the hints costs twice as much).
    hinted = (
        "todo" in lowered
        or "tbd" in lowered
        or "tbc" in lowered
        or "fixme" in lowered
        or "xxx" in lowered
        or "lorem" in lowered
        or "placeholder" in lowered
        or ".." in lowered
        or "…" in lowered
        or "[" in lowered
    )
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


# Every identifier pattern needs a digit (`\d`: any script's) or an "@".
_MAYBE_IDENTIFIER = re.compile(r"[\d@]")


def _may_hold_identifier(text: str) -> bool:
    # Most prose is cleared here: eleven `in` tests cost a quarter of one regex scan, and text
    # that is all ASCII can hold no other digit.
    if any(char in text for char in "0123456789@"):
        return True
    return not text.isascii() and _MAYBE_IDENTIFIER.search(text) is not None


def real_identifier(text: str) -> str | None:
    if not _may_hold_identifier(text):
        return None
    for guard, pattern, what in _IDENTIFIERS:
        found = (guard is None or guard.search(text)) and pattern.search(text)
        if found:
            return (
                f"looks like {what} ({found.group(0)!r}); cases are fictional composites "
                "and must carry no real identifiers"
            )
    return None


_LETTERS = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_WORD = re.compile(_LETTERS)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


@functools.cache
def _at_least(words: int) -> re.Pattern[str]:
    """Matches text that starts with `words` words: the same words `_WORD` finds (atomic groups
    and possessive gaps keep the engine from splitting one), in one call instead of a match
    object per word."""
    word = f"(?>{_LETTERS})"
    return re.compile(rf"[\W\d_]*+{word}(?:[\W\d_]++{word}){{{words - 1}}}")


def too_thin(text: str, min_words: int) -> str | None:
    if _at_least(min_words).match(text):
        return None
    words = word_count(text)
    noun = "word" if words == 1 else "words"
    return f"is too thin to teach from ({words} {noun}; write at least {min_words})"


def problem_with(text: str, min_words: int) -> str | None:
    """The first rule the text breaks, in the order an author should fix them."""
    if not text.strip():
        return "must not be empty"
    for rule in (raw_html, placeholder, real_identifier):
        message = rule(text)
        if message:
            return message
    return too_thin(text, min_words)
