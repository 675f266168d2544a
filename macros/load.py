"""Read case files into validated `Case` objects, or into problems an author can act on.

Every problem names the file, the line, the field and what is wrong, and a run reports all of
them at once. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import os
import re
import stat
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ValidationError

from macros.model import Case

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 12
FILE = "(file)"  # the field label of a problem with the file as a whole
_CONTENT_LINE = re.compile(r"^[ \t]*[^#\s]", re.MULTILINE)  # a line that is not a comment
ALIAS_MESSAGE = "anchors and aliases (& and *) are not allowed in case files; write the text out"


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {self.field}: {self.message}"


class CaseErrors(Exception):
    """Raised with every problem found, so a build can stop with the full list."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} {noun} in case files:\n{lines}")


def display_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no YAML bombs) and deep nesting, and keeps node marks."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem=ALIAS_MESSAGE, problem_mark=event.start_mark)
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


Loc = tuple[str | int, ...]


class _Refused(Exception):
    """A YAML feature case files may not use, found while walking the composed document."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_INT = "tag:yaml.org,2002:int"
_PLAIN_INT = re.compile(r"0|[1-9][0-9]*")  # YAML 1.1 reads a leading 0 as octal: not these


def _build(
    node: yaml.Node,
    seen: set[int] | None,
    repeats: list[int],
    construct,
    key_line: int = 1,
    depth: int = 0,
):
    """The document's value, in one walk that refuses aliases (a node met twice) and nesting
    deeper than MAX_DEPTH. A repeated key keeps its first value, and its line goes in `repeats`
    (the caller reports it, with the other problems). Text is taken as is; other scalars go to
    PyYAML.

    `seen` holds the nodes met so far, or is None when the text has no "*" and so no alias.
    Field lines are not recorded here: a valid file never needs them, and `_index` finds them
    for a file that has problems. `key_line` is the line of the nearest key above, where an
    alias is reported (the node's own mark is the anchor's)."""
    if seen is not None:
        if id(node) in seen:
            raise _Refused(key_line, ALIAS_MESSAGE)
        seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Refused(node.start_mark.line + 1, f"nesting is deeper than {MAX_DEPTH} levels")
    kind = type(node)
    if kind is yaml.ScalarNode:
        if node.tag == _STR:
            return node.value
        if node.tag == _INT and _PLAIN_INT.fullmatch(node.value):
            return int(node.value)  # scores: PyYAML's int constructor costs ten times as much
        return construct(node)
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_build(item, seen, repeats, construct, key_line, depth + 1) for item in node.value]
    if kind is not yaml.MappingNode or node.tag != _MAP:
        return construct(node)  # other tags: PyYAML's safe constructor decides (or refuses)
    mapping: dict[Any, Any] = {}
    for key_node, value in node.value:
        if type(key_node) is not yaml.ScalarNode:
            line = key_node.start_mark.line + 1
            raise _Refused(line, "a key must be a plain name, not a list or a mapping")
        key = key_node.value  # as typed: `2:` or `yes:` is a (misspelt) field name, not data
        if key in mapping:
            repeats.append(key_node.start_mark.line + 1)
        elif seen is None and type(value) is yaml.ScalarNode and value.tag == _STR:
            mapping[key] = value.value  # most values: text, without a call
        else:
            line = key_node.start_mark.line + 1
            mapping[key] = _build(value, seen, repeats, construct, line, depth + 1)
    return mapping


def _index(
    node: yaml.Node, loc: Loc = (), lines: dict[Loc, int] | None = None, dupes: list | None = None
) -> tuple[dict[Loc, int], list[tuple[Loc, int, int]]]:
    """The line of every field (its key's line, or the item's line in a list) and every repeated
    key as (field, line, first line), for a document `_build` has walked (so with no aliases)."""
    lines = {} if lines is None else lines
    dupes = [] if dupes is None else dupes
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*loc, i), lines, dupes)
    elif isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key, line = key_node.value, key_node.start_mark.line + 1
            if key in first:
                dupes.append(((*loc, key), line, first[key]))
                continue
            first[key] = lines[(*loc, key)] = line
            _index(value_node, (*loc, key), lines, dupes)
    return lines, dupes


class _CLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's loader, with its tag resolution (Python, called once a scalar) remembered.

    A plain scalar's tag depends on its text alone (there are no path resolvers), and the same
    few hundred keys and values recur in every case file, so a dict answers most of them. The
    answers are PyYAML's own: the first time, `resolve` asks it."""

    _plain_tags: ClassVar[dict[str, str]] = {}
    _REMEMBERED = 20_000  # distinct plain scalars kept, at most

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        if not implicit[0]:  # quoted or block text: always a string
            return _STR
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._plain_tags) < self._REMEMBERED:
                self._plain_tags[value] = tag
        return tag


def _loader_for(text: str) -> yaml.SafeLoader:
    """libyaml when it is there and the text cannot nest deeply (its composer recurses in C);
    otherwise the pure-Python loader, which checks depth and aliases as it goes."""
    if getattr(yaml, "__with_libyaml__", False) and text.count("[") + text.count("{") < 500:
        return _CLoader(text)
    return _Loader(text)


def field_path(loc: Iterable[str | int]) -> str:
    """('recurrence', 0, 'example') -> 'recurrence[0].example'"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or FILE


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """The file's data and its composed document (for `_index`), with the problems found so far
    (repeated keys); or no data, and the problem that stopped the file being read."""

    def fail(line: int, message: str, field: str = FILE):
        return None, None, [Problem(path, line, field, message)]

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder or a pipe named *.yaml: never read it
            return fail(1, "is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            size = info.st_size / 1e6
            return fail(1, f"is too large ({size:.1f} MB); a case file must be under 256 KB")
        raw = path.read_bytes()
    except OSError as err:
        return fail(1, f"cannot be read ({err.strerror})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return fail(line, f"is not valid UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8")
    if not _CONTENT_LINE.search(text):
        return fail(1, "is empty; start from `ditbook new-case <id>`")

    loader = None
    try:
        loader = _loader_for(text)  # the reader rejects control characters here already
        node = loader.get_single_node()
        repeats: list[int] = []
        seen = set() if "*" in text else None
        data = None if node is None else _build(node, seen, repeats, loader.construct_object)
    except _Refused as err:
        return fail(err.line, f"is not valid YAML: {err.message}")
    except yaml.MarkedYAMLError as err:
        if err.context == "while scanning a simple key" and err.context_mark:
            # The scanner notices a missing colon only on the next line; point at the key.
            return fail(
                err.context_mark.line + 1,
                "is not valid YAML: a key needs a colon, as in 'key: value'",
            )
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(x for x in (err.context, err.problem) if x)
        return fail(line, f"is not valid YAML: {what}")
    except yaml.YAMLError as err:  # ReaderError: control characters, binary junk
        position = getattr(err, "position", 0) or 0
        line = text[:position].count("\n") + 1
        reason = getattr(err, "reason", None) or str(err).splitlines()[0]
        return fail(line, f"is not valid YAML: {reason}")
    except RecursionError:
        return fail(1, "is not valid YAML: nesting is too deep")
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        line = node.start_mark.line + 1 if node is not None else 1
        return fail(line, f"must be a mapping of fields at the top level (found {_kind_of(data)})")
    problems = []
    if repeats:
        _, dupes = _index(node)
        problems = [
            Problem(path, line, field_path(loc), f"is given twice (first at line {first})")
            for loc, line, first in dupes
        ]
    return data, node, problems


# ---------------------------------------------------------------------------------------------
# pydantic errors in an author's words

_KIND = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "missing": "is required",
}


def _known_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at `loc` (for 'did you mean' hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found:
            return found
    return None


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = error.get("input")
    if kind in ("prose", "case_rule", "score"):
        return error["msg"]
    if kind == "extra_forbidden":
        parent = tuple(error["loc"][:-1])
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, _known_fields(Case, parent), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"is not a known field{hint}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')} (found {got!r})"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = "at least" if kind == "greater_than_equal" else "at most"
        limit = ctx.get("ge", ctx.get("le"))
        return f"must be {bound} {limit} (found {got!r})"
    if kind == "too_short":
        return f"needs at least {_items(ctx.get('min_length'))} (found {ctx.get('actual_length')})"
    if kind == "too_long":
        return f"allows at most {_items(ctx.get('max_length'))} (found {ctx.get('actual_length')})"
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return f"is too long (at most {limit} characters; found {len(got)})"
    if kind == "string_pattern_mismatch":
        if str(ctx.get("pattern", "")).startswith("^EX-"):
            return f"must be EX- and two or three digits, e.g. 'EX-07' (found {got!r})"
        return "must be lower-case letters, digits and single hyphens (e.g. 'maya-invisible')"
    if got is None and kind in _KIND and kind != "missing":
        return "must not be empty"  # `field:` with nothing after it
    if kind in _KIND:
        return _KIND[kind] + ("" if kind == "missing" else f" (found {_shown(got)})")
    return error["msg"]


def _items(count: Any) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _shown(value: Any) -> str:
    """A value as an author wrote it: `date 2024-05-01`, not `datetime.date(2024, 5, 1)`."""
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"


def _kind_of(value: Any) -> str:
    return {list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), f"a {type(value).__name__}"
    )


def _loc_of(error: dict[str, Any], data: Any) -> Loc:
    """The error's place in the author's data: the keys and indexes that are in the file, and a
    last part naming a field that is not (a missing one). Parts in neither are tags pydantic adds
    for union members. Keys are kept as typed, so `goodbye-letter` is named as it was written."""
    loc: list[str | int] = []
    current = data
    parts = error["loc"]
    for i, part in enumerate(parts):
        in_dict = isinstance(current, dict) and part in current
        if in_dict or (isinstance(current, list) and isinstance(part, int) and part < len(current)):
            current = current[part]
        elif i == len(parts) - 1 and (isinstance(part, int) or part.isidentifier()):
            current = None
        else:
            continue
        loc.append(part)
    return tuple(loc)


def _line_for(loc: Loc, lines: dict[Loc, int]) -> int:
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc, 1)


# ---------------------------------------------------------------------------------------------
# Public API


def load_case(path: Path) -> tuple[Case | None, list[Problem]]:
    """One file: its Case, or every problem that stops it being one."""
    data, node, problems = _read_yaml(path)
    if data is None:
        return None, problems
    case = None
    try:
        case = Case.model_validate(data)
    except ValidationError as err:
        errors = err.errors(include_url=False)
    else:
        errors = []
    lines: dict[Loc, int] = {}
    if errors or problems or data.get("id") != path.stem:
        lines, _ = _index(node)
    for error in errors:
        loc = _loc_of(error, data)
        problems.append(Problem(path, _line_for(loc, lines), field_path(loc), _message(error)))
    found_id = data.get("id")
    id_is_valid = not any(_loc_of(e, data)[:1] == ("id",) for e in errors)
    if isinstance(found_id, str) and id_is_valid and found_id != path.stem:
        problems.append(
            Problem(
                path,
                lines.get(("id",), 1),
                "id",
                f"must equal the file name {path.stem!r} (found {found_id!r})",
            )
        )
    if problems:
        return None, sorted(set(problems))
    return case, []


def case_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their case files; flag files in a cases folder that are not cases."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.suffix == ".yaml":
                    files.append(child)
                elif child.suffix == ".yml":
                    problems.append(Problem(child, 1, FILE, "case files must end in .yaml"))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(path, 1, FILE, "does not exist"))
    return files, problems


@contextmanager
def _no_cyclic_gc():
    """Loading makes many short-lived objects and no cycles; Python's cyclic collector, run
    again and again over the growing set of loaded cases, cost a quarter of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _top_level_line(path: Path, key: str) -> int:
    """The line of a top-level key in a file already read and validated (1 if not found)."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:", re.MULTILINE)
    text = path.read_text(encoding="utf-8")
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def load_cases(paths: Sequence[Path]) -> tuple[list[Case], list[Problem]]:
    """Every case under `paths`, and every problem with any of them (never just the first)."""
    with _no_cyclic_gc():
        return _load_cases(paths)


def _load_cases(paths: Sequence[Path]) -> tuple[list[Case], list[Problem]]:
    files, problems = case_files(paths)
    cases: list[Case] = []
    first_seen: dict[str, Path] = {}
    for path in files:
        case, found = load_case(path)
        problems.extend(found)
        if case is None:
            continue
        if case.id in first_seen:
            problems.append(
                Problem(
                    path,
                    _top_level_line(path, "id"),
                    "id",
                    f"duplicates the id of {display_path(first_seen[case.id])}",
                )
            )
            continue
        first_seen[case.id] = path
        cases.append(case)
    return cases, problems


def load_valid_cases(paths: Sequence[Path]) -> list[Case]:
    """Every case, or CaseErrors listing every problem: nothing half-loaded."""
    cases, problems = load_cases(paths)
    if problems:
        raise CaseErrors(problems)
    return cases
