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

from ditbook.content import chapters, editions, load
from ditbook.content.problems import ContentErrors, Problem
from ditbook.content.types import ContentType
from ditbook.models import case, case_rules, dialogue, drill, selfcheck
from ditbook.render import cases as case_pages
from ditbook.render import dialogues as dialogue_pages
from ditbook.render import drills as drill_pages
from ditbook.render import selfchecks as selfcheck_pages
from ditbook.render.pages import PageGroup

CASES = ContentType(
    name="case",
    folder="cases",
    model=case.Case,
    render=case_pages.pages,
    link=case_pages.link,
    trainee_view=case_rules.trainee_view,
    checks=case_rules.case_checks,
    scaffold_hint="start from `ditbook new-case <id>`",
)

DIALOGUES = ContentType(
    name="dialogue",
    folder="dialogues",
    model=dialogue.Dialogue,
    render=dialogue_pages.pages,
    link=dialogue_pages.link,
    practises=dialogue_pages.practised,
    checks=chapters.practice_checks,  # each section it names lists it
    scaffold_hint="copy a dialogue from dialogues/ and change it",
    required=False,
)

DRILLS = ContentType(
    name="drill",
    folder="drills",
    model=drill.Drill,
    render=drill_pages.pages,
    link=drill_pages.link,
    practises=drill_pages.practised,
    checks=chapters.practice_checks,  # each section it names lists it
    scaffold_hint="start from a drill in drills/: one skill, six statements or more",
    required=False,
    schema_version=drill.SCHEMA_VERSION,
)

SELFCHECKS = ContentType(
    name="selfcheck",
    folder="selfchecks",
    model=selfcheck.SelfCheck,
    render=selfcheck_pages.pages,
    link=selfcheck_pages.link,
    checks=selfcheck.selfcheck_checks,
    scaffold_hint="start from another chapter's file in selfchecks/",
    # A chapter that calls objectives() or self_check() without a file stops the build, and a
    # test requires a file for every chapter; a site without chapters needs no folder.
    required=False,
)

# The print page shows the content types' pages in this order: the answer key comes last.
CONTENT_TYPES: tuple[ContentType, ...] = (CASES, DIALOGUES, DRILLS, SELFCHECKS)


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

    @property
    def drills(self) -> list[drill.Drill]:
        return self.items[DRILLS.name]

    @functools.cached_property
    def page_groups(self) -> list[tuple[ContentType, Sequence[PageGroup]]]:
        """(content type, its page groups) for every content type, in registration order;
        rendered once per bank."""
        return [(kind, kind.render(self)) for kind in CONTENT_TYPES]

    def linked_to_section(self, section: str) -> list[tuple[str, str]]:
        """(src_uri, title) of every item with a page that practises `section` (a chapter
        section, as 'handbook/page.md#anchor'), in registration order: one it names in its
        `sections`, or one its content type derives (see ContentType.practises)."""
        return [
            kind.link(item)
            for kind in CONTENT_TYPES
            if kind.link is not None
            for item in self[kind]
            if section in practised_sections(kind, item)
        ]

    def referring_to(self, kind_name: str, item_id: str) -> list[tuple[str, str]]:
        """(src_uri, title) of every item, of any content type with pages, that refers to the
        item `item_id` of the content type `kind_name` (a dialogue with a case's patient, say),
        in registration order: the links a page gives back to what refers to it."""
        links = []
        for other in CONTENT_TYPES:
            if other.link is None:
                continue
            fields = [loc for loc, to in load.references(other.model) if to == kind_name]
            for entry in self[other]:
                values = {v for loc in fields for _, v in load.values_at(entry, loc)}
                if item_id in values:
                    links.append(other.link(entry))
        return links


def practised_sections(kind: ContentType, item: Any) -> Sequence[str]:
    """The chapter sections an item practises: as its content type derives them, or else the
    sections it names."""
    if kind.practises is not None:
        return kind.practises(item)
    return getattr(item, "sections", None) or ()


def load_all(root: Path) -> tuple[dict[str, list[Any]], list[Problem]]:
    """Every content type's items under `root`, and every problem with any of them."""
    loaded: dict[str, list[load.Loaded]] = {}
    problems: list[Problem] = []
    for kind in CONTENT_TYPES:
        folder = root / kind.folder
        if not kind.required and not folder.exists():
            loaded[kind.name] = []
            continue
        found, found_problems = load.load(kind, [folder])
        if kind.required and not found and not found_problems:
            found_problems = [
                Problem(folder, 1, "(folder)", f"holds no {kind.files_label} (*.yaml)")
            ]
        loaded[kind.name] = found
        problems.extend(found_problems)
    # Across content types: every `refers_to` field names an item that exists, and one with the
    # values its `where` asks for (a drill's patient is a worked example, say).
    by_id = {
        kind.name: {getattr(e.item, kind.id_field): e.item for e in loaded[kind.name]}
        for kind in CONTENT_TYPES
    }
    known = {name: set(found) for name, found in by_id.items()}
    for kind in CONTENT_TYPES:
        problems.extend(load.reference_problems(kind, loaded[kind.name], known, by_id))
    return {name: [e.item for e in entries] for name, entries in loaded.items()}, problems


def load_bank(root: Path, edition: str) -> Bank:
    """The whole bank for one edition, or ContentErrors listing every problem."""
    items, problems = load_all(root)
    if problems:
        raise ContentErrors(problems)
    return Bank(
        edition,
        {k.name: editions.for_edition(k, items[k.name], edition) for k in CONTENT_TYPES},
    )
