"""Load a folder of content files into validated items, or into problems an author can act on.

Every problem names the file, the line, the field and what is wrong, and a run reports all of
them at once: the file's own problems, then the rules across files (duplicate ids, and any other
field the model marks UNIQUE). Nothing here knows about MkDocs or about any one content type.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ditbook.content import messages, yaml_source
from ditbook.content.problems import FILE, ContentErrors, Problem, display_path, field_path
from ditbook.content.types import ContentType
from ditbook.content.yaml_source import Loc, Source


@dataclass(frozen=True)
class Loaded:
    """A valid item, with its file and the line of each field (for cross-file problems)."""

    item: Any
    source: Source


def load_file(kind: ContentType, path: Path) -> tuple[Loaded | None, list[Problem]]:
    """One file: its item, or every problem that stops it being one."""
    source = yaml_source.read(path, kind.scaffold_hint)
    if source.data is None:
        return None, source.problems
    problems = list(source.problems)
    item = None
    try:
        item = kind.model.model_validate(source.data)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            loc = messages.place(error, source.data)
            text = messages.message(error, kind.model)
            problems.append(Problem(path, source.line_of(loc), field_path(loc), text))
    found_id = source.data.get(kind.id_field)
    id_problem = any(p.field == kind.id_field for p in problems)
    if isinstance(found_id, str) and not id_problem and found_id != path.stem:
        problems.append(
            Problem(
                path,
                source.line_of((kind.id_field,)),
                kind.id_field,
                f"must equal the file name {path.stem!r} (found {found_id!r})",
            )
        )
    if problems:
        return None, sorted(set(problems))
    return Loaded(item, source), []


def content_files(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their .yaml files; flag files in them that look like content but are
    not named as such."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.suffix == ".yaml":
                    files.append(child)
                elif child.suffix == ".yml":
                    problems.append(Problem(child, 1, FILE, "content files must end in .yaml"))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(path, 1, FILE, "does not exist"))
    return files, problems


def load(kind: ContentType, paths: Sequence[Path]) -> tuple[list[Loaded], list[Problem]]:
    """Every item under `paths`, and every problem with any of them (never just the first)."""
    files, problems = content_files(paths)
    loaded: list[Loaded] = []
    for path in files:
        found, file_problems = load_file(kind, path)
        problems.extend(file_problems)
        if found is not None:
            loaded.append(found)
    problems.extend(cross_file_problems(kind, loaded))
    return loaded, problems


def load_valid(kind: ContentType, paths: Sequence[Path]) -> list[Any]:
    """Every item, or ContentErrors listing every problem: nothing half-loaded."""
    loaded, problems = load(kind, paths)
    if problems:
        raise ContentErrors(problems, kind.files_label)
    return [entry.item for entry in loaded]


# ---------------------------------------------------------------------------------------------
# Rules across files


def unique_fields(model: type[BaseModel], prefix: Loc = ()) -> Iterator[Loc]:
    """The paths of every field marked UNIQUE, through nested models (not through lists)."""
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("x-unique"):
            yield (*prefix, name)
        nested = messages.nested_model(info.annotation)
        if nested is not None and not _is_list(info.annotation):
            yield from unique_fields(nested, (*prefix, name))


def _is_list(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) is list:
        return True
    return any(_is_list(a) for a in getattr(annotation, "__args__", ()) or ())


def _value_at(item: Any, loc: Loc) -> Any:
    for part in loc:
        item = getattr(item, str(part), None)
        if item is None:
            return None
    return item


def cross_file_problems(kind: ContentType, loaded: Sequence[Loaded]) -> list[Problem]:
    """A value of a UNIQUE field used by two files: reported at the second, naming the first."""
    problems = []
    for loc in unique_fields(kind.model):
        first: dict[Any, tuple[Path, int]] = {}
        for entry in sorted(loaded, key=lambda e: e.source.path):
            value = _value_at(entry.item, loc)
            if value is None:
                continue
            line = entry.source.line_of(loc)
            if value in first:
                other, other_line = first[value]
                problems.append(
                    Problem(
                        entry.source.path,
                        line,
                        field_path(loc),
                        f"duplicates {value!r}, already used at {display_path(other)}:{other_line}",
                    )
                )
            else:
                first[value] = (entry.source.path, line)
    return problems


def references(model: type[BaseModel], prefix: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(path, content type) of every field marked `refers_to`, through nested models and lists
    (a list's items are the path's `*` part)."""
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and "x-refers-to" in extra:
            yield (*prefix, name), str(extra["x-refers-to"])
        nested = messages.nested_model(info.annotation)
        if nested is not None:
            step = (name, "*") if _is_list(info.annotation) else (name,)
            yield from references(nested, (*prefix, *step))


def requirements(model: type[BaseModel]) -> dict[Loc, tuple[dict[str, str], str]]:
    """(values the item named must have, why) for every `refers_to` field that sets `where`."""
    found: dict[Loc, tuple[dict[str, str], str]] = {}

    def walk(node: type[BaseModel], prefix: Loc) -> None:
        for name, info in node.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict) and extra.get("x-refers-where"):
                found[(*prefix, name)] = (extra["x-refers-where"], str(extra.get("x-refers-why")))
            nested = messages.nested_model(info.annotation)
            if nested is not None:
                step = (name, "*") if _is_list(info.annotation) else (name,)
                walk(nested, (*prefix, *step))

    walk(model, ())
    return found


def values_at(value: Any, loc: Loc, at: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if not loc:
        yield at, value
        return
    part, rest = loc[0], loc[1:]
    if part == "*":
        for i, item in enumerate(value or ()):
            yield from values_at(item, rest, (*at, i))
    elif value is not None:
        yield from values_at(getattr(value, str(part), None), rest, (*at, part))


def reference_problems(
    kind: ContentType,
    loaded: Sequence[Loaded],
    known: dict[str, set[str]],
    items: dict[str, dict[str, Any]] | None = None,
) -> list[Problem]:
    """A `refers_to` field naming an item that does not exist, or (given `items`: content type
    -> id -> item) one without the values its `where` asks for: reported at the field."""
    problems = []
    wanted = requirements(kind.model)
    for loc, other in references(kind.model):
        ids = known.get(other, set())
        where, why = wanted.get(loc, ({}, ""))
        for entry in loaded:
            for at, value in values_at(entry.item, loc):
                if value is None:
                    continue
                if value not in ids:
                    shown = ", ".join(sorted(ids)[:8]) + (", ..." if len(ids) > 8 else "")
                    message = f"names no {other} {value!r} (known: {shown})"
                else:
                    named = (items or {}).get(other, {}).get(value)
                    message = _unmet(other, value, named, where, why)
                    if message is None:
                        continue
                problems.append(
                    Problem(entry.source.path, entry.source.line_of(at), field_path(at), message)
                )
    return problems


def _unmet(other: str, value: str, named: Any, where: dict[str, str], why: str) -> str | None:
    """Why the item `named` may not be named here, or None when it has every value asked for."""
    if named is None:
        return None
    for name, needed in where.items():
        found = getattr(named, name, None)
        if found != needed:
            reason = f": {why}" if why else ""
            return f"names {other} {value!r}, whose {name} is {found!r}, not {needed!r}{reason}"
    return None
