"""The one file that knows about MkDocs: a hooks module (see `hooks:` in mkdocs.yml).

It loads and validates every case when the configuration is read (the build stops with the full
list of problems), registers the macros with mkdocs-macros, and adds one generated page per case
(and one assignment sheet per exercise) to the site. Everything else is pure functions in
`macros.load`, `macros.render` and `macros.charts`; moving to another site generator means
rewriting this file only.
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from macros import charts, render
from macros.load import CaseErrors, load_valid_cases
from macros.model import Case

log = logging.getLogger("mkdocs.plugins.ditbook")

EDITION_ENV = "DIT_EDITION"
PRINT_ENV = "DIT_PRINT"  # set by the print build: case pages join the navigation

# State for the current build. mkdocs serve reloads the config on each rebuild, which resets it.
_state: dict[str, Any] = {"cases": {}, "edition": "trainee"}


def _edition(config: MkDocsConfig) -> str:
    edition = str(config.extra.get("edition") or os.environ.get(EDITION_ENV) or "trainee")
    if edition not in render.EDITIONS:
        raise PluginError(
            f"Unknown edition {edition!r} (from {EDITION_ENV} or extra.edition); "
            f"expected one of: {', '.join(render.EDITIONS)}"
        )
    return edition


def _cases_dir(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path or ".").resolve().parent
    return base / str(config.extra.get("cases_dir", "cases"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    edition = _edition(config)
    config.extra["edition"] = edition
    try:
        cases = load_valid_cases([_cases_dir(config)])
    except CaseErrors as err:
        raise PluginError(str(err)) from None
    if not cases:
        raise PluginError(f"No case files in {_cases_dir(config)}")
    _state.update(cases={c.id: c for c in cases}, edition=edition)
    if edition == "supervisor":
        # INFO, not WARNING: --strict turns warnings into failures.
        log.info("Supervisor edition: contains model answers; never publish it.")

    plugin = config.plugins.get("macros")
    if plugin is None:
        raise PluginError("mkdocs.yml must list the macros plugin before the hooks run")
    plugin.register_macros(MACROS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    edition = _state["edition"]
    for case in _state["cases"].values():
        src = render.page_path(case)
        href = _href_from(src)
        if case.role == "worked-example":
            content = render.case_page(case)
        else:
            content = render.exercise_page(case, edition, href)
            sheet = render.sheet_path(case)
            files.append(File.generated(config, sheet, content=render.assignment_sheet(case)))
        files.append(File.generated(config, src, content=content))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """For the print build only, list every case page under the Workbook section.

    The sidebar of the web site lists only the index: with hundreds of cases, a full sidebar in
    every page makes the build quadratic. mkdocs-print-site prints only pages in the navigation.
    """
    if not os.environ.get(PRINT_ENV):
        return nav
    pages = []
    for case in sorted(_state["cases"].values(), key=lambda c: (c.role, c.id)):
        file = files.get_file_from_path(render.page_path(case))
        if file is not None:
            pages.append(Page(None, file, config))
    section = Section("Cases and exercises", pages)
    for page in pages:
        page.parent = section
    nav.items.append(section)
    nav.pages.extend(pages)
    return nav


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    context["edition"] = _state["edition"]
    return context


# ---------------------------------------------------------------------------------------------
# Macros: thin wrappers that find the case and the calling page, then call the render layer.


def _href_from(src_uri: str):
    here = posixpath.dirname(src_uri)

    def href(target: str) -> str:
        return posixpath.relpath(target, here or ".")

    return href


def _current_href():
    plugin_page = _macros_env_page()
    return _href_from(plugin_page.file.src_uri if plugin_page else "index.md")


_env: dict[str, Any] = {}


def _macros_env_page():
    return _env.get("page")


def _case(case_id: str) -> Case:
    try:
        return _state["cases"][case_id]
    except KeyError:
        known = ", ".join(sorted(_state["cases"]))
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


def worked_case(case_id: str) -> str:
    """A worked example in full, for embedding in a page."""
    return render.case_page(_worked(case_id, "worked_case")).split("\n", 1)[1]


def case_index() -> str:
    """The table of every case and exercise."""
    return render.case_index(list(_state["cases"].values()), _current_href())


def case_link(case_id: str) -> str:
    """A link to a case's page, titled."""
    return render.case_link(_case(case_id), _current_href())


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
    return render.field_reference()


def case_count() -> int:
    """How many cases there are."""
    return len(_state["cases"])


MACROS = {
    f.__name__: f
    for f in (
        ipaf_card,
        worked_case,
        case_index,
        case_link,
        case_excerpt,
        score_chart,
        session_timeline,
        field_reference,
        case_count,
    )
}


@event_priority(100)  # before mkdocs-macros renders the page: links are made relative to it
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _env["page"] = page
    return markdown
