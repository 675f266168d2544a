"""The page macros: what a page with `render_macros: true` can call.

Thin wrappers that find the item and the calling page, then call the render layer. No MkDocs
import: `macros/__init__.py` registers them with mkdocs-macros (or Zensical's macros), and the
benchmark renders pages with them through plain Jinja. The authors' page lists every macro with
the first paragraph of its docstring.
"""

from __future__ import annotations

from collections.abc import Callable

from ditbook.models.case import Case
from ditbook.registry import CONTENT_TYPES, Bank
from ditbook.render import cases as case_render
from ditbook.render import charts, dialogues, reference
from ditbook.render.pages import href_from


def page_macros(bank: Bank, current_page: Callable[[], str]) -> dict[str, Callable]:
    """Every page macro, bound to `bank` and to `current_page` (the src_uri of the page being
    rendered, for relative links)."""
    by_id = {c.id: c for c in bank.cases}

    def here():
        return href_from(current_page())

    def _case(case_id: str) -> Case:
        try:
            return by_id[case_id]
        except KeyError:
            known = ", ".join(sorted(by_id))
            raise KeyError(f"no case with id {case_id!r}; known ids: {known}") from None

    def _worked(case_id: str, macro: str) -> Case:
        case = _case(case_id)
        if case.role != "worked-example":
            # An exercise's IPAF is a model answer: a chapter must never show it.
            raise ValueError(f"{macro}: {case_id!r} is an exercise; chapters show worked examples")
        return case

    def ipaf_card(case_id: str) -> str:
        """The four-part IPAF card of a worked example."""
        return case_render.ipaf_card(_worked(case_id, "ipaf_card"))

    def case_index() -> str:
        """The table of every case and exercise."""
        return case_render.case_index(bank.cases, here())

    def case_link(case_id: str) -> str:
        """A link to a case's page, titled."""
        return case_render.case_link(_case(case_id), here())

    def case_excerpt(case_id: str, field: str) -> str:
        """One field of a worked example (e.g. goodbye_letter)."""
        return case_render.case_excerpt(_worked(case_id, "case_excerpt"), field)

    def score_chart(case_id: str) -> str:
        """The PHQ-9/GAD-7 chart and table of a worked example."""
        case = _worked(case_id, "score_chart")
        return (
            charts.score_chart(case.id, case.title, case.scores)
            + "\n\n"
            + charts.score_table(case.scores)
        )

    def session_timeline() -> str:
        """The 16 sessions in three phases."""
        return charts.session_timeline()

    def field_reference(content_type: str = "case") -> str:
        """The fields of a content type's files (case by default), from its data model."""
        kinds = {k.name: k for k in CONTENT_TYPES}
        if content_type not in kinds:
            raise KeyError(
                f"field_reference: no content type {content_type!r}; known: {sorted(kinds)}"
            )
        return reference.field_reference(kinds[content_type].model)

    def exercise_data() -> str:
        """Every exercise's id, title and vignette as JSON, for the worksheet."""
        return case_render.exercise_data(bank.cases)

    def case_count() -> int:
        """How many cases there are."""
        return len(bank.cases)

    def practice_for(section: str) -> str:
        """The dialogues and drills that practise a chapter section ('handbook/page.md#anchor'),
        as a "Practise this" box; nothing while there are none."""
        return reference.practice_links(bank.linked_to_section(section), here())

    def dialogue_index() -> str:
        """Every annotated dialogue, in a table per phase."""
        return dialogues.dialogue_index(bank.items["dialogue"], bank.cases, here())

    def technique_names() -> str:
        """The technique names the dialogues' annotations use, and what the sources say of
        each."""
        return dialogues.technique_names()

    def macro_reference() -> str:
        """This table: every page macro and what it gives."""
        return reference.macro_reference(macros)

    macros: dict[str, Callable] = {
        f.__name__: f
        for f in (
            ipaf_card,
            case_index,
            case_link,
            case_excerpt,
            score_chart,
            session_timeline,
            field_reference,
            exercise_data,
            case_count,
            practice_for,
            dialogue_index,
            technique_names,
            macro_reference,
        )
    }
    return macros
