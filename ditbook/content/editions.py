"""The two editions. The trainee edition holds no SUPERVISOR_ONLY field of any item, and only
what each content type's `trainee_view` allows; the supervisor edition holds everything."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ditbook.content.types import ContentType

EDITIONS = ("trainee", "supervisor")


def without_supervisor_only(item: Any) -> Any:
    """A copy of a model with every field marked SUPERVISOR_ONLY set to None, at any depth."""
    if isinstance(item, list):
        new = [without_supervisor_only(v) for v in item]
        return new if any(a is not b for a, b in zip(new, item, strict=True)) else item
    if not isinstance(item, BaseModel):
        return item
    updates = {}
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("x-supervisor-only"):
            if value is not None:
                updates[name] = None
        else:
            new = without_supervisor_only(value)
            if new is not value:
                updates[name] = new
    return item.model_copy(update=updates) if updates else item


def for_edition(kind: ContentType, items: list[Any], edition: str) -> list[Any]:
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {', '.join(EDITIONS)}")
    if edition == "supervisor":
        return items
    return [kind.trainee_view(without_supervisor_only(item)) for item in items]
