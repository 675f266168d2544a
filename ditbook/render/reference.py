"""Reference pages for authors, generated from the code: the fields of each content model and
the macros a page can call."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping

from pydantic import BaseModel

from ditbook.content.schema import field_rows
from ditbook.render.markdown import cell, inline


def field_reference(model: type[BaseModel]) -> str:
    """The table of a content model's fields for authors, derived from the model."""
    rows = [
        "| Field | Type | Required | What it holds | Rules |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path, kind, required, description, rules in field_rows(model):
        cells = [f"`{path}`", kind, "yes" if required else "no", inline(description), rules]
        rows.append("| " + " | ".join(map(cell, cells)) + " |")
    return "\n".join(rows) + "\n"


def macro_reference(macros: Mapping[str, Callable]) -> str:
    """The table of page macros: how to call each, and what it gives (its docstring)."""
    rows = ["| Macro | What it gives |", "| --- | --- |"]
    for name, function in sorted(macros.items()):
        params = ", ".join(inspect.signature(function).parameters)
        call = f"`{{{{ {name}({params}) }}}}`"
        doc = inspect.getdoc(function) or ""
        rows.append(f"| {cell(call)} | {cell(inline(doc.split(chr(10) + chr(10))[0]))} |")
    return "\n".join(rows) + "\n"


def practice_links(links: list[tuple[str, str]], href) -> str:
    """An admonition listing the dialogues and drills for a chapter section; nothing if none."""
    if not links:
        return ""
    items = "\n".join(f"    - [{inline(title)}]({href(src)})" for src, title in links)
    return f'!!! example "Practise this"\n\n{items}\n'
