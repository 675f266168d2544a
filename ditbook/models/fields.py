"""Field types shared by every content model, and the markers the engine reads from a model.

A content model is a tree of `Strict` classes whose text fields are `Prose` or `Label`. Two
markers, set with `Field(json_schema_extra=...)`, tell the engine what to do beyond validation:

- `SUPERVISOR_ONLY`: the field is removed from the trainee edition (see `content.editions`).
- `UNIQUE`: no two files may share the field's value (a cross-file rule in `content.load`).
- `refers_to("case")`: the value is the id of an item of that content type, which must exist
  (checked across content types in `ditbook.registry`); `where=` narrows it to items with
  given field values (a dialogue's patient must be a worked example).

Both also appear in the generated JSON Schema and field reference, so authors see them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from ditbook.models import text_rules

SUPERVISOR_ONLY: dict[str, Any] = {"x-supervisor-only": True}
UNIQUE: dict[str, Any] = {"x-unique": True}


def refers_to(
    content_type: str, where: dict[str, Any] | None = None, why: str = ""
) -> dict[str, Any]:
    """The value is the id of an item of `content_type`; with `where`, of an item whose fields
    have those values (e.g. a case whose role is worked-example), `why` saying why to authors."""
    marker: dict[str, Any] = {"x-refers-to": content_type}
    if where:
        marker["x-refers-where"] = dict(where)
    if why:
        marker["x-refers-why"] = why
    return marker


SLUG_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
# What an author is told when a value does not match a pattern (pydantic only names the regex);
# `{found}` is replaced by the value as typed.
PATTERN_HINTS: dict[str, str] = {
    SLUG_PATTERN: "must be lower-case letters, digits and single hyphens (e.g. 'maya-invisible')",
}


class Strict(BaseModel):
    # strict: a number or a date where text belongs (YAML reads `12` or `2020-01-01` as one) is
    # an error, not silently turned into text; nor is text turned into a number.
    # extra=forbid: a misspelt key is an error, not a field quietly ignored.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _prose_checker(min_words: int):
    def check(value: str) -> str:
        message = text_rules.problem_with(value, min_words)
        if message:
            raise PydanticCustomError("prose", message)
        return value

    return check


def Prose(min_words: int, max_chars: int = 6000):
    """Plain text of at least `min_words` words: no HTML, no placeholders, no real identifiers.

    Blank lines separate paragraphs. Markdown is not interpreted: every character is shown as typed.
    """
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_chars),
        AfterValidator(_prose_checker(min_words)),
        Field(json_schema_extra={"minLength": 1, "x-min-words": min_words}),
    ]


Label = Prose(1, max_chars=120)
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=40)]
FileId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]


def rule_error(message: str, values: dict[str, Any] | None = None) -> PydanticCustomError:
    """A content rule broken: the message (with `{name}`s filled from `values`) is shown to the
    author as written."""
    return PydanticCustomError("content_rule", message, values)


def no_repeats(values: list) -> list:
    """A list that names no item twice (themes, presentations, a dialogue's sections...)."""
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise rule_error("lists '{item}' more than once", {"item": repeated[0]})
    return values
