"""Read one YAML content file into plain data, with the line of every field.

Content files are hand-written, so the reader is strict about what YAML may do in them: no
anchors or aliases (no YAML bombs, and text is written out where it is read), no nesting deeper
than MAX_DEPTH, one value per key (a repeated key is reported, never silently overwritten), and
only UTF-8 text under MAX_FILE_BYTES. Problems are `Problem`s; nothing here raises for bad input.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ditbook.content.problems import FILE, Problem, field_path

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
ALIAS_MESSAGE = "anchors and aliases (& and *) are not allowed; write the text out"
_CONTENT_LINE = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)  # a line that is not a comment

Loc = tuple[str | int, ...]


@dataclass
class Source:
    """A file's data and where each field is: `lines[('ipaf', 'affect')]` is its key's line."""

    path: Path
    data: dict[str, Any] | None = None
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of a field, or of the nearest field above it that is in the file."""
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)


class _Refused(Exception):
    """Something content files may not use, found while walking the composed document."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


class _PythonLoader(yaml.SafeLoader):
    """The pure-Python loader, refusing aliases and deep nesting while it composes (libyaml's
    composer recurses in C, so deeply bracketed text must never reach it)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem=ALIAS_MESSAGE, problem_mark=self.peek_event().start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"nesting is deeper than {MAX_DEPTH} levels",
                    problem_mark=self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _loader_for(text: str) -> yaml.SafeLoader:
    """libyaml when it is there and the text cannot nest deeply; the checking loader otherwise."""
    if getattr(yaml, "__with_libyaml__", False) and text.count("[") + text.count("{") < 500:
        return yaml.CSafeLoader(text)
    return _PythonLoader(text)


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Walk:
    """One walk over the composed document: builds the data, records each field's line, and
    refuses aliases (a node met twice) and deep nesting. A repeated key keeps its first value
    and is recorded in `repeats` as (field, line, first line)."""

    def __init__(self, construct):
        self.construct = construct
        self.lines: dict[Loc, int] = {}
        self.repeats: list[tuple[Loc, int, int]] = []
        self._seen: set[int] = set()

    def value(self, node: yaml.Node, loc: Loc, key_line: int, depth: int = 0) -> Any:
        if id(node) in self._seen:
            raise _Refused(key_line, ALIAS_MESSAGE)  # the alias's own mark is the anchor's
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark.line + 1, f"nesting is deeper than {MAX_DEPTH} levels")
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            return node.value
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            # An alias item is its anchor's node, whose mark is the anchor's: report the key's line.
            return [
                self.value(item, (*loc, i), key_line, depth + 1)
                for i, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self._mapping(node, loc, depth)
        return self.construct(node)  # numbers, booleans, dates; other tags are refused there

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(line, "a key must be a plain name, not a list or a mapping")
            key = key_node.value  # as typed: `2:` or `yes:` is a (misspelt) field name
            if key in mapping:
                self.repeats.append(((*loc, key), line, self.lines[(*loc, key)]))
                continue
            self.lines[(*loc, key)] = line
            mapping[key] = self.value(value_node, (*loc, key), line, depth + 1)
        return mapping


def read(path: Path, empty_hint: str = "") -> Source:
    """The file's data and field lines, or the problem that stopped it being read."""
    source = Source(path)

    def fail(line: int, message: str) -> Source:
        source.problems.append(Problem(path, line, FILE, message))
        return source

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder or a pipe named *.yaml: never read it
            return fail(1, "is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            size = info.st_size / 1e6
            return fail(1, f"is too large ({size:.1f} MB); a content file must be under 256 KB")
        raw = path.read_bytes()
    except OSError as err:
        return fail(1, f"cannot be read ({err.strerror})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return fail(line, f"is not valid UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8")
    if not _CONTENT_LINE.search(text):
        return fail(1, "is empty" + (f"; {empty_hint}" if empty_hint else ""))

    loader = _loader_for(text)  # the reader rejects control characters here already
    walk = _Walk(loader.construct_object)
    try:
        node = loader.get_single_node()
        data = None if node is None else walk.value(node, (), 1)
    except _Refused as err:
        return fail(err.line, f"is not valid YAML: {err.message}")
    except yaml.MarkedYAMLError as err:
        if err.context == "while scanning a simple key" and err.context_mark:
            # The scanner notices a missing colon only on the next line; point at the key.
            line = err.context_mark.line + 1
            return fail(line, "is not valid YAML: a key needs a colon, as in 'key: value'")
        mark = err.problem_mark or err.context_mark
        what = " ".join(x for x in (err.context, err.problem) if x)
        return fail(mark.line + 1 if mark else 1, f"is not valid YAML: {what}")
    except yaml.YAMLError as err:  # ReaderError: control characters, binary junk
        position = getattr(err, "position", 0) or 0
        reason = getattr(err, "reason", None) or str(err).splitlines()[0]
        return fail(text[:position].count("\n") + 1, f"is not valid YAML: {reason}")
    except RecursionError:
        return fail(1, "is not valid YAML: nesting is too deep")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        line = node.start_mark.line + 1 if node is not None else 1
        return fail(line, f"must be a mapping of fields at the top level (found {_kind_of(data)})")
    source.data, source.lines = data, walk.lines
    source.problems = [
        Problem(path, line, field_path(loc), f"is given twice (first at line {first})")
        for loc, line, first in walk.repeats
    ]
    return source


def _kind_of(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), f"a {type(value).__name__}"
    )
