"""Make an invalid case file from a valid base and a row of the table in `invalid_cases.py`, and
work out the lines its messages must name, by plain text search (never by the loader under test).

A row is either edits to the base text, or the whole file as bytes (for what no edit of a case can
be: an empty file, binary junk, a YAML bomb). Each edit finds its place with a regular expression
(multi-line mode) that must match exactly once, or the row fails loudly.

An expected message is written `LINE: field: message`. LINE, and any `{...}` in the message, is
one of:

- `{@}`, `{@+N}`, `{@-N}`: the line where the row's only edit landed (plus or minus N);
- `{/regex/}`: the line where the regex matches the mutated text (exactly once);
- `{document}`: the first line that is not blank or a comment (where a missing top-level field
  is reported);
- `{a.b[2].c}`: the line of that key path in the mutated text, found by indentation alone (block
  mappings and block lists; `- {...}` items count as one line);
- a plain number, in a row that gives the whole file only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BASE = Path(__file__).parent / "fixtures" / "invalid" / "base.yaml"


@dataclass(frozen=True)
class Edit:
    op: str  # "sub", "block", "before" or "after"
    at: str  # a regex that must match the text exactly once
    text: str


def sub(at: str, text: str) -> Edit:
    """Replace the text the regex matches (taken as is: no backslash escapes, no groups)."""
    return Edit("sub", at, text)


def block(at: str, text: str = "") -> Edit:
    """Replace the line the match starts on, and the lines indented under it, with `text` (or
    delete them)."""
    return Edit("block", at, text)


def before(at: str, text: str) -> Edit:
    """Insert `text` as new lines before the line the match starts on."""
    return Edit("before", at, text)


def after(at: str, text: str) -> Edit:
    """Insert `text` as new lines after the line the match ends on."""
    return Edit("after", at, text)


@dataclass(frozen=True)
class Row:
    name: str  # also the file name, and the id the base is given first
    expected: tuple[str, ...]
    edits: tuple[Edit, ...] = ()
    whole: bytes | None = None


class MutationError(AssertionError):
    """A row that cannot be applied as written: a pattern or a key path that is not found once."""


def _only_match(pattern: str, text: str, what: str) -> re.Match[str]:
    found = list(re.finditer(pattern, text, re.MULTILINE))
    if len(found) != 1:
        raise MutationError(
            f"{what} {pattern!r} matches {len(found)} times; it must match exactly once"
        )
    return found[0]


def _line_index(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _block_end(lines: list[str], start: int) -> int:
    """The index after the last line indented under lines[start] (blank lines inside count;
    blank lines after it do not)."""
    end = start + 1
    for i in range(start + 1, len(lines)):
        if not _is_content(lines[i]):
            continue
        if _indent(lines[i]) <= _indent(lines[start]):
            break
        end = i + 1
    return end


def apply_edit(text: str, edit: Edit) -> tuple[str, int]:
    """The edited text, and the index of the line where the edit landed."""
    match = _only_match(edit.at, text, f"{edit.op}:")
    lines = text.split("\n")
    first = _line_index(text, match.start())
    new = edit.text.split("\n")
    if edit.op == "sub":
        return text[: match.start()] + edit.text + text[match.end() :], first
    if edit.op == "block":
        end = _block_end(lines, first)
        lines[first:end] = new if edit.text else []
        return "\n".join(lines), first
    if edit.op == "before":
        lines[first:first] = new
        return "\n".join(lines), first
    if edit.op == "after":
        last = _line_index(text, match.end()) + 1
        lines[last:last] = new
        return "\n".join(lines), last
    raise MutationError(f"unknown edit {edit.op!r}")


def mutated(row: Row, base: str) -> tuple[bytes, int | None]:
    """The row's file as bytes, and (for a row of one edit) the line the edit landed on.

    The base is first given the row's name as its id, so that the file name matches. Lone
    surrogates in the text stand for raw bytes (`"\\udca0"` is the byte 0xa0)."""
    if row.whole is not None:
        return row.whole, None
    text, landed = apply_edit(base, sub(r"^id: base$", f"id: {row.name}"))
    for edit in row.edits:
        text, landed = apply_edit(text, edit)
    return text.encode("utf-8", "surrogateescape"), landed + 1 if len(row.edits) == 1 else None


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_PATH = re.compile(r"[^.\[\]]+(\.[^.\[\]]+|\[\d+\])*")


def key_line(text: str, path: str) -> int:
    """The line of a key path (`ipaf.affect.conscious`, `recurrence[1].when`) in YAML text,
    found by indentation: each key must appear once among its siblings."""
    if not _PATH.fullmatch(path):
        raise MutationError(f"not a key path: {path!r}")
    parts = [name or int(index) for name, index in _PART.findall(path)]
    lines = text.split("\n")
    start, end = 0, len(lines)  # the lines holding the children of the node reached so far
    found = -1
    for part in parts:
        children = [i for i in range(start, end) if _is_content(lines[i])]
        if not children:
            raise MutationError(f"{path!r}: nothing under {found + 1} to find {part!r} in")
        level = _indent(lines[children[0]])
        siblings = [i for i in children if _indent(lines[i]) == level]
        if isinstance(part, int):
            items = [i for i in siblings if lines[i].lstrip(" ").startswith("- ")]
            if part >= len(items):
                raise MutationError(f"{path!r}: only {len(items)} items, no [{part}]")
            found = items[part]
            start, end = found, _block_end(lines, found)
            # Read the item's first line as if its dash were spaces: its keys line up below.
            lines = [*lines[:found], lines[found].replace("- ", "  ", 1), *lines[found + 1 :]]
        else:
            key = re.compile(rf" *{re.escape(part)}:(\s|$)")
            keyed = [i for i in siblings if key.match(lines[i])]
            if len(keyed) != 1:
                raise MutationError(f"{path!r}: {part!r} is found {len(keyed)} times")
            found = keyed[0]
            start, end = found + 1, _block_end(lines, found)
    return found + 1


_TOKEN = re.compile(r"\{/(.+?)/\}|\{([^{}]+)\}")
_EDIT_LINE = re.compile(r"@([+-]\d+)?")


def expected_lines(row: Row, content: bytes, landed: int | None) -> list[str]:
    """The row's messages as `str(problem)` prints them for the file `<name>.yaml`."""
    text = content.decode("utf-8", "replace")

    def line(token: re.Match[str]) -> str:
        regex, name = token.groups()
        if regex is not None:
            return str(_line_index(text, _only_match(regex, text, "line of").start()) + 1)
        if edit := _EDIT_LINE.fullmatch(name):
            if landed is None:
                raise MutationError(f"{row.name}: {{@}} needs a row of exactly one edit")
            return str(landed + int(edit.group(1) or 0))
        if name == "document":
            return str(next(i for i, x in enumerate(text.split("\n")) if _is_content(x)) + 1)
        return str(key_line(text, name))

    out = []
    for message in row.expected:
        token = _TOKEN.match(message)
        number = re.match(r"\d+", message) if row.whole is not None else None
        where = token or number
        if where is None or not message.startswith(": ", where.end()):
            raise MutationError(f"{row.name}: {message!r} does not start with a line to work out")
        at = line(token) if token else number.group(0)
        rest = _TOKEN.sub(line, message[where.end() + 2 :])
        out.append(f"{row.name}.yaml:{at}: {rest}")
    return out


def write_row(row: Row, folder: Path, base: str) -> tuple[Path, list[str]]:
    """Write the row's file into `folder`; return it with the lines the loader must print."""
    content, landed = mutated(row, base)
    path = folder / f"{row.name}.yaml"
    path.write_bytes(content)
    return path, expected_lines(row, content, landed)
