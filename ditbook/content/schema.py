"""What derives from a content model: the JSON Schema for editors and the field reference.

Both are regenerated from the model; tests fail when a committed schema file is stale.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ditbook.content.types import ContentType
from ditbook.models import submission


def _generated(model: type[BaseModel], what: str) -> dict[str, Any]:
    module = model.__module__.replace(".", "/") + ".py"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": f"Generated from {module} by `ditbook schema` ({what}). Do not edit by hand.",
        **model.model_json_schema(mode="validation"),
    }


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_dict(kind: ContentType) -> dict[str, Any]:
    return _generated(kind.model, f"version {kind.schema_version}")


def schema_text(kind: ContentType) -> str:
    return _text(schema_dict(kind))


def format_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a submission or feedback file (`dit-submission`, `dit-feedback`)."""
    return _generated(submission.FORMATS[name], f"format {name}, version {submission.VERSION}")


def format_schema_text(name: str) -> str:
    return _text(format_schema(name))


def _type_name(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        return "mapping"
    if "anyOf" in prop:
        names = [_type_name(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(names)
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    kind = prop.get("type", "any")
    if kind == "object" and "propertyNames" in prop:
        keys = ", ".join(f"`{v}`" for v in prop["propertyNames"].get("enum", []))
        value = _type_name(prop.get("additionalProperties", {}), defs)
        return f"mapping of {keys} to {value}"
    if kind == "array":
        return f"list of {_type_name(prop.get('items', {}), defs)}"
    return {"string": "text", "integer": "whole number", "boolean": "true/false"}.get(kind, kind)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _rules(prop: dict[str, Any]) -> str:
    if "anyOf" in prop:
        merged: dict[str, Any] = {}
        for option in prop["anyOf"]:
            merged.update({k: v for k, v in option.items() if k != "type"})
        prop = {**merged, **prop}
    rules = []
    if "x-min-words" in prop:
        rules.append(f"at least {_count(prop['x-min-words'], 'word')}")
    if "minimum" in prop and "maximum" in prop:
        rules.append(f"{prop['minimum']} to {prop['maximum']}")
    if "maxLength" in prop:
        rules.append(f"at most {prop['maxLength']} characters")
    if "minItems" in prop:
        rules.append(f"at least {_count(prop['minItems'], 'item')}")
    if "maxItems" in prop:
        rules.append(f"at most {_count(prop['maxItems'], 'item')}")
    if prop.get("x-plain-text"):
        rules.append(
            "plain text: no markup (no `<` before a letter, `/`, `!` or `?`), no control characters"
        )
    elif "pattern" in prop:
        rules.append(f"pattern `{prop['pattern']}`")
    if "maxProperties" in prop:
        rules.append(
            f"at most {_count(prop['maxProperties'], 'entry')}".replace("entrys", "entries")
        )
    value = prop.get("additionalProperties")
    if isinstance(value, dict) and "propertyNames" in prop:
        inner = _rules(value)
        if inner:
            rules.append(f"each value: {inner}")
    if "x-refers-to" in prop:
        where = prop.get("x-refers-where") or {}
        condition = "".join(f" whose {k} is {v}" for k, v in where.items())
        rules.append(f"the id of a {prop['x-refers-to']}{condition}")
    items = prop.get("items", {})
    if "x-min-words" in items:
        rules.append(f"each at least {_count(items['x-min-words'], 'word')}")
    return "; ".join(rules)


def field_rows(model: type[BaseModel]) -> list[tuple[str, str, bool, str, str]]:
    """(path, type, required, description, rules) for every field, depth first."""
    schema = model.model_json_schema(mode="validation")
    defs = schema.get("$defs", {})
    rows: list[tuple[str, str, bool, str, str]] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            ref = _ref_of(prop)
            description = prop.get("description") or (
                defs[ref].get("description", "") if ref else ""
            )
            rows.append(
                (path, _type_name(prop, defs), name in required, description.strip(), _rules(prop))
            )
            if ref:
                suffix = "[]." if prop.get("type") == "array" else "."
                walk(defs[ref], path + suffix)

    def _ref_of(prop: dict[str, Any]) -> str | None:
        for candidate in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
            ref = candidate.get("$ref") or candidate.get("items", {}).get("$ref")
            if ref:
                return ref.rsplit("/", 1)[-1]
        return None

    walk(schema, "")
    return rows
