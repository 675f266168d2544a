"""The macros a page can call (pages that set `render_macros: true` in their front matter).

Each is a thin wrapper: it finds the item and the calling page, then calls the render layer.
`page_macros` makes them for one bank; `macros/__init__.py` registers them with mkdocs-macros
(and Zensical's macros extension, which loads the same module). The authors' page of macros is
generated from this module, and a test fails when a macro is undocumented or used by no page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ditbook import registry
from ditbook.content.references import load_valid as load_references
from ditbook.content.schema import format_schema
from ditbook.models import submission
from ditbook.models.case import Case
from ditbook.render import case_page
from ditbook.render import cases as render
from ditbook.models import competences as competence_model
from ditbook.paths import REFERENCES_FILE, ROOT
from ditbook.render import (
    charts,
    competences,
    diagrams,
    dialogues,
    drills,
    reference,
    supervision,
)
from ditbook.render import selfchecks as render_selfchecks
from ditbook.render.pages import href_from, url_from
from ditbook.render.references import bibliography as render_bibliography


def page_macros(
    bank: registry.Bank,
    current_page: Callable[[], str],
    directory_urls: Callable[[], bool] = lambda: True,
) -> dict[str, Callable]:
    """The page macros for `bank`; `current_page()` is the src_uri of the page being rendered
    (links are made relative to it), `directory_urls()` the build's `use_directory_urls` (asked
    when a page is rendered: a plugin may change it after the macros are registered)."""
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
            {name: format_schema(name) for name in submission.FORMATS},
            "dit-file-schemas",
        )

    def marking_data() -> str:
        """Supervisor edition only (the build stops otherwise): every exercise's prompts, rubric
        and model answer as JSON, for the marking page."""
        return supervision.marking_data(bank.cases, bank.edition)

    def pack_choices() -> str:
        """The assignment pack page's checkboxes: every exercise, with its id, title, kind and
        difficulty, and the address of its assignment sheet for the page's script."""
        return supervision.pack_choices(bank.cases, url_from(current_page(), directory_urls()))

    def supervision_link() -> str:
        """In the supervisor edition, a note linking to the supervision loop, the assignment
        pack and the marking page; nothing in the trainee edition, which has none of them."""
        if bank.edition != "supervisor":
            return ""
        href = href_from(current_page())
        return (
            '!!! info supervision-note "Supervisor edition: setting and marking written work"\n\n'
            f"    [The supervision loop]({href('supervision/index.md')}) explains how to set an "
            f"exercise (several at once as an [assignment pack]({href('supervision/pack.md')})), "
            "receive the trainee's answers as a file, "
            f"[mark them]({href('supervision/mark.md')}) and return feedback, with nothing "
            "leaving either device.\n"
        )

    def page_url(target: str) -> str:
        """The address of a page or file of the site (given as in the docs folder, e.g.
        `javascripts/worksheet.js` or `workbook/worksheet.md`) relative to the calling page, with
        or without directory URLs: for a script's src or other markup MkDocs does not rewrite."""
        return url_from(current_page(), directory_urls())(target)

    def exercise_data() -> str:
        """Every exercise's id, title and vignette as JSON, for the worksheet."""
        return render.exercise_data(bank.cases)

    def case_count() -> int:
        """How many cases there are."""
        return len(bank.cases)

    def practice_for(section: str) -> str:
        """Links to the dialogues and drills that practise one section of the calling chapter,
        given as 'handbook/page.md#anchor': those that name the section, and those that follow
        from their data (a dialogue's session, a drill's phase, for the session-by-session
        chapter). Call it within that section."""
        page = current_page()
        if section.partition("#")[0] != page:
            raise ValueError(
                f"practice_for: {section!r} is not a section of {page}; a chapter lists the "
                "practice of its own sections"
            )
        return reference.practice_links(bank.linked_to_section(section), href_from(page))

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

    def competence_map() -> str:
        """The competence map, from `competences/competences.yaml`: one table per competence
        area, each competence with links to the chapter sections, dialogues, drills and
        exercises that teach or assess it. The build stops if a target is unknown."""
        cmap = competence_model.load()
        titles = {}
        for target in cmap.targets():
            titles[target] = _target_link(target)
        return competences.competence_map(cmap, titles, href_from(current_page()))

    def _target_link(target: str) -> tuple[str, str]:
        if target.startswith("handbook/"):
            page, anchor = target.split("#", 1)
            return target, chapter_section_title(page, anchor)
        kinds = {"dialogues": registry.DIALOGUES, "drills": registry.DRILLS}
        if target.startswith(tuple(f"{k}/" for k in kinds)):
            folder, item_id = target.split("/", 1)
            kind = kinds[folder]
            for item in bank[kind]:
                if item.id == item_id:
                    return kind.link(item)
            raise KeyError(f"competence map: no {kind.name} with id {item_id!r}")
        for found in bank.cases:
            if found.exercise is not None and found.exercise.id == target:
                src, _ = registry.CASES.link(found)
                return src, f"{target}: {found.title}"
        raise KeyError(f"competence map: no exercise with id {target!r}")

    checks = {item.chapter: item for item in bank[registry.SELFCHECKS]}

    def chapter_check(macro: str):
        page = current_page()
        try:
            return checks[page]
        except KeyError:
            slug = page.rsplit("/", 1)[-1].removesuffix(".md")
            raise KeyError(
                f"{macro}: {page} has no self-check file; write selfchecks/{slug}.yaml"
            ) from None

    def objectives() -> str:
        """The chapter's learning objectives, from `selfchecks/<chapter>.yaml`: call it right
        after the chapter's H1."""
        return render_selfchecks.objectives(chapter_check("objectives"))

    def self_check() -> str:
        """The chapter's self-check questions, from `selfchecks/<chapter>.yaml`, interactive
        on the site (a Check button and feedback) and with their answers in the answer key:
        call it at the chapter's end."""
        return render_selfchecks.self_check(chapter_check("self_check"), href_from(current_page()))

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
            pack_choices,
            supervision_link,
            page_url,
            exercise_data,
            case_count,
            practice_for,
            dialogue_index,
            technique_names,
            drill_index,
            competence_map,
            bibliography,
            objectives,
            self_check,
            macro_reference,
        )
    }
    return macros


HEADING = re.compile(r"^#{2,4}\s+(?P<text>.+?)(?:\s+\{\s*#(?P<id>[a-z0-9-]+)\s*\})?\s*$")


def _slug(text: str) -> str:
    """The anchor MkDocs gives a heading without an explicit id."""
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[\s]+", "-", text.strip())


def chapter_section_title(page: str, anchor: str) -> str:
    """'Chapter title: section heading' for a chapter section given as 'handbook/x.md' and an
    anchor; KeyError if the chapter has no such section."""
    source = (ROOT / "docs" / page).read_text(encoding="utf-8")
    title = re.search(r"^title:\s*(.+)$", source, re.MULTILINE)
    chapter = title.group(1).strip() if title else page
    for line in source.splitlines():
        match = HEADING.match(line)
        if match and (match["id"] or _slug(match["text"])) == anchor:
            return f"{chapter}: {match['text'].strip()}"
    raise KeyError(f"competence map: {page} has no section #{anchor}")
