"""The page macros: what a page with `render_macros: true` can call.

Thin wrappers that find the item and the calling page, then call the render layer. No MkDocs
here: `macros/__init__.py` registers these with mkdocs-macros, and the benchmark renders pages
with them through plain Jinja. The authors' page of macros is generated from the docstrings.
"""

from __future__ import annotations

from collections.abc import Callable

from ditbook.content.references import load_valid as load_references
from ditbook.models.case import Case
from ditbook.paths import REFERENCES_FILE
from ditbook.registry import CASES, Bank
from ditbook.render import cases as render
from ditbook.render import charts
from ditbook.render.pages import href_from
from ditbook.render.reference import field_reference as model_fields
from ditbook.render.reference import macro_reference as macro_table
from ditbook.render.reference import practice_links
from ditbook.render.references import bibliography as render_bibliography


def page_macros(bank: Bank, current_page: Callable[[], str]) -> dict[str, Callable]:
    """Every page macro, bound to `bank`; `current_page()` gives the src_uri of the page being
    rendered, so that links are relative to it."""
    by_id = {c.id: c for c in bank.cases}

    def _href():
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
        return render.ipaf_card(_worked(case_id, "ipaf_card"))

    def case_index() -> str:
        """The table of every case and exercise."""
        return render.case_index(bank.cases, _href())

    def case_link(case_id: str) -> str:
        """A link to a case's page, titled."""
        return render.case_link(_case(case_id), _href())

    def case_excerpt(case_id: str, field: str) -> str:
        """One field of a worked example (e.g. goodbye_letter)."""
        return render.case_excerpt(_worked(case_id, "case_excerpt"), field)

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

    def field_reference() -> str:
        """The case-file fields, from the data model."""
        return model_fields(CASES.model)

    def exercise_data() -> str:
        """Every exercise's id, title and vignette as JSON, for the worksheet."""
        return render.exercise_data(bank.cases)

    def case_count() -> int:
        """How many cases there are."""
        return len(bank.cases)

    def practice_for(section: str) -> str:
        """The dialogues and drills that practise a chapter section ('handbook/page.md#anchor'),
        as a list; nothing while there are none."""
        return practice_links(bank.linked_to_section(section), _href())

    def bibliography() -> str:
        """The references page's list, from `docs/references.json` (CSL-JSON): every work in
        APA style, grouped in the page's sections, each with the anchor chapters link to. The
        build stops if an entry is incomplete or links to anything but a canonical record."""
        return render_bibliography(load_references(REFERENCES_FILE))

    def macro_reference() -> str:
        """This table: every page macro, how to call it and what it gives."""
        return macro_table(macros)

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
            bibliography,
            macro_reference,
        )
    }
    return macros
