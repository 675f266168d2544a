"""The handbook's chapters as the self-checks, dialogues and drills see them: whether a chapter
exists, its title, the anchors of its sections (read from `docs/` the way MkDocs' toc extension
makes them) and the sections that call practice_for to list what practises them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from markdown.extensions.toc import slugify

from ditbook.paths import DOCS_DIR, ROOT

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
_EXPLICIT_ID = re.compile(r"#([A-Za-z][\w-]*)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def exists(chapter: str) -> bool:
    """Whether `chapter` ('handbook/page.md') is a Markdown file under docs/."""
    return chapter.endswith(".md") and (DOCS_DIR / chapter).is_file()


# A page's call for the list of what practises one of its sections: {{ practice_for('...') }}
_PRACTICE_FOR = re.compile(r"""\{\{\s*practice_for\(\s*(["'])(?P<section>[^"']*)\1\s*\)\s*\}\}""")


@functools.cache
def _parsed(
    chapter: str,
) -> tuple[tuple[tuple[str, str, int, int], ...], tuple[tuple[str, int], ...]]:
    """(anchor, heading text, level, line) of every heading in the chapter, and (section, line)
    of every practice_for call, in order; code blocks skipped."""
    text = (DOCS_DIR / chapter).read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[-1]
    found: list[tuple[str, str, int, int]] = []
    calls: list[tuple[str, int]] = []
    seen: set[str] = set()
    fenced = False
    for number, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        calls += [(call["section"], number) for call in _PRACTICE_FOR.finditer(line)]
        match = _HEADING.match(line)
        if not match:
            continue
        level, heading = len(match.group(1)), match.group(2)
        attrs = _ATTRS.search(heading)
        explicit = _EXPLICIT_ID.search(attrs.group(0)) if attrs else None
        heading = _ATTRS.sub("", heading).rstrip("#").strip()
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
        plain = re.sub(r"[*_`]", "", plain)
        anchor = explicit.group(1) if explicit else slugify(plain, "-")
        base, n = anchor, 0
        while anchor in seen:  # as the toc extension numbers a repeated heading
            n += 1
            anchor = f"{base}_{n}"
        seen.add(anchor)
        found.append((anchor, plain, level, number))
    return tuple(found), tuple(calls)


def outline(chapter: str) -> tuple[tuple[str, str, int], ...]:
    """(anchor, heading text, level) of every heading in the chapter, in order."""
    return tuple((anchor, text, level) for anchor, text, level, _line in _parsed(chapter)[0])


def title(chapter: str) -> str:
    """The chapter's H1 (its file name when it has none)."""
    for _anchor, text, level in outline(chapter):
        if level == 1:
            return text
    return chapter.rsplit("/", 1)[-1].removesuffix(".md")


def section_title(section: str) -> str:
    """The heading of 'handbook/page.md#anchor'."""
    chapter, _, anchor = section.partition("#")
    for found, text, _level in outline(chapter):
        if found == anchor:
            return text
    raise KeyError(f"no section #{anchor} in {chapter}")


def anchors(chapter: str) -> list[str]:
    return [anchor for anchor, _text, _level in outline(chapter)]


@functools.lru_cache(maxsize=1)
def reading_order() -> tuple[str, ...]:
    """The chapters in the order of the navigation in mkdocs.yml."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return tuple(re.findall(r"^\s*-\s+(?:[^:\n]+:\s+)?(handbook/[\w-]+\.md)\s*$", text, re.M))


def practice_problem(section: str) -> str | None:
    """Why the chapter section 'handbook/page.md#anchor' would not list the dialogues and drills
    that name it: there is no such chapter or section, or no practice_for call for it within the
    section (from its heading to the next heading of its level or above); None when it would."""
    chapter, _, anchor = section.partition("#")
    if not exists(chapter):
        return f"names no chapter: docs/{chapter} does not exist"
    headings, calls = _parsed(chapter)
    at = next((i for i, heading in enumerate(headings) if heading[0] == anchor), None)
    if at is None:
        return f"names no section #{anchor} in {chapter}"
    _anchor, _text, level, start = headings[at]
    later = [line for _a, _t, deeper, line in headings[at + 1 :] if deeper <= level]
    end = later[0] if later else float("inf")
    if any(named == section and start < line < end for named, line in calls):
        return None
    return (
        f"the section #{anchor} of docs/{chapter} does not list what practises it: add "
        f"{{{{ practice_for('{section}') }}}} under its heading"
    )


def practice_checks(item) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Rules across files for an item that names the chapter sections it practises (a
    dialogue, a drill): each section lists it, so that the link goes both ways."""
    for index, section in enumerate(item.sections):
        problem = practice_problem(section)
        if problem is not None:
            yield ("sections", index), problem
