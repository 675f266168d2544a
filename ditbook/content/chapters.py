"""The handbook's chapters as the self-checks see them: whether a chapter exists, its title and
the anchors of its sections, read from `docs/` the way MkDocs' toc extension makes them."""

from __future__ import annotations

import functools
import re

from markdown.extensions.toc import slugify

from ditbook.paths import DOCS_DIR, ROOT

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")
_ATTRS = re.compile(r"\s*\{[^{}]*\}\s*$")
_EXPLICIT_ID = re.compile(r"#([A-Za-z][\w-]*)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def exists(chapter: str) -> bool:
    """Whether `chapter` ('handbook/page.md') is a Markdown file under docs/."""
    return chapter.endswith(".md") and (DOCS_DIR / chapter).is_file()


@functools.cache
def outline(chapter: str) -> tuple[tuple[str, str, int], ...]:
    """(anchor, heading text, level) of every heading in the chapter, in order."""
    text = (DOCS_DIR / chapter).read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[-1]
    found: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
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
        found.append((anchor, plain, level))
    return tuple(found)


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
