"""The content types of the handbook, and the bank: every item of each, loaded and validated.

Adding a kind of structured content means one model (in `ditbook.models`), one render function
(in `ditbook.render`) and one `ContentType` here; everything else comes with the registration.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ditbook.content import editions, load
from ditbook.content.problems import ContentErrors, Problem
from ditbook.content.types import ContentType
from ditbook.models import case
from ditbook.render import cases as case_pages
from ditbook.render.pages import PageGroup

CASES = ContentType(
    name="case",
    folder="cases",
    model=case.Case,
    render=case_pages.pages,
    trainee_view=case.trainee_view,
    scaffold_hint="start from `ditbook new-case <id>`",
)

CONTENT_TYPES: tuple[ContentType, ...] = (CASES,)


@dataclass(frozen=True)
class Bank:
    """Every item of every content type, as one edition may hold them."""

    edition: str
    items: dict[str, list[Any]]  # content type name -> items

    def __getitem__(self, kind: ContentType) -> list[Any]:
        return self.items[kind.name]

    @property
    def cases(self) -> list[case.Case]:
        return self.items[CASES.name]

    @functools.cached_property
    def page_groups(self) -> list[tuple[ContentType, Sequence[PageGroup]]]:
        """(content type, its page groups) for every content type, in registration order;
        rendered once per bank."""
        return [(kind, kind.render(self[kind], self.edition)) for kind in CONTENT_TYPES]


def load_all(root: Path) -> tuple[dict[str, list[Any]], list[Problem]]:
    """Every content type's items under `root`, and every problem with any of them."""
    items: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for kind in CONTENT_TYPES:
        folder = root / kind.folder
        loaded, found = load.load(kind, [folder])
        if not loaded and not found:
            found = [Problem(folder, 1, "(folder)", f"holds no {kind.files_label} (*.yaml)")]
        items[kind.name] = [entry.item for entry in loaded]
        problems.extend(found)
    return items, problems


def load_bank(root: Path, edition: str) -> Bank:
    """The whole bank for one edition, or ContentErrors listing every problem."""
    items, problems = load_all(root)
    if problems:
        raise ContentErrors(problems)
    return Bank(
        edition,
        {k.name: editions.for_edition(k, items[k.name], edition) for k in CONTENT_TYPES},
    )
