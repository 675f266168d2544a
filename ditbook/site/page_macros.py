"""The macros a page can call (pages that set `render_macros: true` in their front matter).

Each is a thin wrapper: it finds the item and the calling page, then calls the render layer.
`page_macros` makes them for one bank; `macros/__init__.py` registers them with mkdocs-macros
(and Zensical's macros extension, which loads the same module). The authors' page of macros is
generated from this module, and a test fails when a macro is undocumented or used by no page.
"""

from __future__ import annotations

from collections.abc import Callable

from ditbook import registry
from ditbook.content.references import load_valid as load_references
from ditbook.models import submission
from ditbook.models.case import Case
from ditbook.render import case_page
from ditbook.render import cases as render
from ditbook.render import charts, diagrams, dialogues, drills, reference, supervision
from ditbook.paths import REFERENCES_FILE
from ditbook.render.pages import href_from
from ditbook.render.references import bibliography as render_bibliography


def page_macros(bank: registry.Bank, current_page: Callable[[], str]) -> dict[str, Callable]:
    """The page macros for `bank`; `current_page()` is the src_uri of the page being rendered
    (links are made relative to it)."""
    by_id = {c.id: c for c in bank.cases}

    def case(case_id: str) -> Case:
        try:
            return by_id[case_id]
        except KeyError:
            known = ", ".join(sorted(by_id))
            raise KeyError(f"no case with id {case_id!r}; known ids: {known}") from None

    def worked(case_id: str, macro: str) -> Case:
        found = case(case_id)
        if found.role != "worked-example":
            # An exercise's IPAF is a model answer: a chapter must never show it.
            raise ValueError(f"{macro}: {case_id!r} is an exercise; chapters show worked examples")
        return found

    def ipaf_card(case_id: str) -> str:
        """The four-part IPAF card of a worked example."""
        return case_page.ipaf_card(worked(case_id, "ipaf_card"))

    def case_index() -> str:
        """The table of every case and exercise."""
        return render.case_index(bank.cases, href_from(current_page()))

    def case_link(case_id: str) -> str:
        """A link to a case's page, titled."""
        return render.case_link(case(case_id), href_from(current_page()))

    def case_excerpt(case_id: str, field: str) -> str:
        """One field of a worked example (e.g. goodbye_letter)."""
        return render.case_excerpt(worked(case_id, "case_excerpt"), field)

    def score_chart(case_id: str) -> str:
        """The PHQ-9/GAD-7 chart and table of a worked example."""
        found = worked(case_id, "score_chart")
        return (
            charts.score_chart(found.id, found.title, found.scores)
            + "\n\n"
            + charts.score_table(found.scores)
        )

    def session_timeline() -> str:
        """The 16 sessions in three phases."""
        return charts.session_timeline()

    def blank_ipaf_diagram() -> str:
        """An IPAF diagram with labels and empty boxes, to fill in by hand."""
        return diagrams.blank_ipaf_diagram()

    def field_reference(kind: str = "case") -> str:
        """The fields of one content type's files, from its model."""
        types = {t.name: t for t in registry.CONTENT_TYPES}
        if kind not in types:
            raise ValueError(f"field_reference: no content type {kind!r}; known: {sorted(types)}")
        return reference.field_reference(types[kind].model)

    def file_format_reference(name: str) -> str:
        """The fields of a submission file (`dit-submission`) or a feedback file
        (`dit-feedback`), from its model."""
        if name not in submission.FORMATS:
            raise ValueError(
                f"file_format_reference: no format {name!r}; known: {sorted(submission.FORMATS)}"
            )
        return reference.field_reference(submission.FORMATS[name])

    def format_schemas() -> str:
        """The JSON Schemas of the submission and feedback files, for the pages that read them."""
        return render.json_script(
            {name: submission.format_schema(name) for name in submission.FORMATS},
            "dit-file-schemas",
        )

    def marking_data() -> str:
        """Supervisor edition only (the build stops otherwise): every exercise's prompts, rubric
        and model answer as JSON, for the marking page."""
        return supervision.marking_data(bank.cases, bank.edition)

    def supervision_link() -> str:
        """In the supervisor edition, a note linking to the supervision loop and the marking
        page; nothing in the trainee edition, which has neither."""
        if bank.edition != "supervisor":
            return ""
        href = href_from(current_page())
        return (
            '!!! info "Supervisor edition: setting and marking written work"\n\n'
            f"    [The supervision loop]({href('supervision/index.md')}) explains how to set an "
            "exercise, receive the trainee's answers as a file, "
            f"[mark them]({href('supervision/mark.md')}) and return feedback, with nothing "
            "leaving either device.\n"
        )

    def exercise_data() -> str:
        """Every exercise's id, title and vignette as JSON, for the worksheet."""
        return render.exercise_data(bank.cases)

    def case_count() -> int:
        """How many cases there are."""
        return len(bank.cases)

    def practice_for(section: str) -> str:
        """Links to the dialogues and drills that practise one chapter section, given as
        'handbook/page.md#anchor' (each item names its sections)."""
        return reference.practice_links(
            bank.linked_to_section(section), href_from(current_page())
        )

    def bibliography() -> str:
        """The references page's list, from `docs/references.json` (CSL-JSON): every work in
        APA style, grouped in the page's sections, each with the anchor chapters link to. The
        build stops if an entry is incomplete or links to anything but a canonical record."""
        return render_bibliography(load_references(REFERENCES_FILE))

    def dialogue_index() -> str:
        """The annotated dialogues, by phase, with their patients."""
        return dialogues.dialogue_index(bank.items["dialogue"], bank.cases, href_from(current_page()))

    def technique_names() -> str:
        """The techniques a dialogue's annotation may name, with what the sources confirm."""
        return dialogues.technique_names()

    def drill_index() -> str:
        """The deliberate-practice drills: one row per skill, with its levels and patients."""
        return drills.drill_index(bank.items["drill"], bank.cases, href_from(current_page()))

    def macro_reference() -> str:
        """This table: every macro a page can call."""
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
            blank_ipaf_diagram,
            field_reference,
            file_format_reference,
            format_schemas,
            marking_data,
            supervision_link,
            exercise_data,
            case_count,
            practice_for,
            dialogue_index,
            technique_names,
            drill_index,
            bibliography,
            macro_reference,
        )
    }
    return macros
