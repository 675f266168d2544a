"""What the engine needs to know about a kind of structured content.

A content type is one pydantic model, the folder its YAML files live in, and one render function
that turns the validated items into pages. Registering one (see `ditbook.registry`) gives it
loading with `file:line: field: message` errors, the cross-file rules (ids equal to file names,
fields marked UNIQUE), the trainee edition without its SUPERVISOR_ONLY fields, the JSON Schema
and the field reference, and the hostile-input tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


def _whole(item: Any) -> Any:
    return item


@dataclass(frozen=True)
class ContentType:
    name: str  # singular, as authors say it: "case"
    folder: str  # the folder of its files, relative to the project root: "cases"
    model: type[BaseModel]
    # the bank (every content type's items, as one edition holds them) -> this type's pages,
    # as a list of render.pages.PageGroup
    render: Callable[[Any], Sequence[Any]]
    # an item -> (its page's src_uri, its title): for links to it from the items it refers to
    link: Callable[[Any], tuple[str, str]] | None = None
    # an item -> every chapter section it practises, as 'handbook/page.md#anchor': those it
    # names in its `sections` and those that follow from its data (a dialogue's session); each
    # of those sections lists it. None: the sections it names, if any.
    practises: Callable[[Any], Sequence[str]] | None = None
    # what of an item the trainee edition may hold, after SUPERVISOR_ONLY fields are removed
    trainee_view: Callable[[Any], Any] = _whole
    # rules across an item's fields, run once the model has validated it: item -> (field, message)
    checks: Callable[[Any], Iterable[tuple[tuple[str | int, ...], str]]] | None = None
    scaffold_hint: str = ""  # told to an author whose file is empty
    id_field: str = "id"  # must equal the file name without .yaml
    schema_version: int = 1  # raised when a change to the model breaks existing files
    # whether a project must have at least one item: cases are the workbook; a project (or a
    # test's small site) may have no dialogues, and then its folder may be missing or empty
    required: bool = True

    @property
    def files_label(self) -> str:
        return f"{self.name} files"

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"
