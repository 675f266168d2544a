"""pydantic's validation errors, in an author's words and at the author's place in the file."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from pydantic import BaseModel

from ditbook.content.yaml_source import Loc
from ditbook.models.fields import PATTERN_HINTS

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
# Errors raised by the models' own rules: their message is already written for authors.
_AUTHORED = {"prose", "content_rule"}


def message(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = error.get("input")
    if kind in _AUTHORED:
        return error["msg"]
    if kind == "extra_forbidden":
        parent = tuple(error["loc"][:-1])
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, _known_fields(model, parent), n=1)
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
        pattern = str(ctx.get("pattern", ""))
        hint = PATTERN_HINTS.get(pattern, f"must match the pattern {pattern}")
        return hint.format(found=repr(got))
    if got is None and kind in _KIND and kind != "missing":
        return "must not be empty"  # `field:` with nothing after it
    if kind in _KIND:
        return _KIND[kind] + ("" if kind == "missing" else f" (found {_shown(got)})")
    return error["msg"]


def place(error: dict[str, Any], data: Any) -> Loc:
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


def _known_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at `loc` (for 'did you mean' hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = nested_model(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = nested_model(arg)
        if found:
            return found
    return None


def _items(count: Any) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _shown(value: Any) -> str:
    """A value as an author wrote it: `date 2024-05-01`, not `datetime.date(2024, 5, 1)`."""
    if isinstance(value, dt.date):
        return f"date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"
