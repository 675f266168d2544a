"""The one file that knows about MkDocs: a hooks module (see `hooks:` in mkdocs.yml).

It loads and validates every case when the configuration is read (the build stops with the full
list of problems), registers the macros with mkdocs-macros, and adds one generated page per case
(and one assignment sheet per exercise) to the site. Everything else is pure functions in
`macros.load`, `macros.render` and `macros.charts`; moving to another site generator means
rewriting this file only.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from macros import charts, html_fixes, render
from macros.load import CaseErrors, load_valid_cases
from macros.model import Case

log = logging.getLogger("mkdocs.plugins.ditbook")

EDITION_ENV = "DIT_EDITION"

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


def _build_date() -> str:
    # SOURCE_DATE_EPOCH makes the printed date reproducible when it is set.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def _version() -> str:
    try:
        return metadata.version("dit-handbook")
    except metadata.PackageNotFoundError:
        return "unreleased"


def _cases_dir(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path or ".").resolve().parent
    return base / str(config.extra.get("cases_dir", "cases"))


OFFLINE_SHIM = "javascripts/vendor/iframe-worker/shim.js"


@event_priority(100)  # before Material's offline plugin, which otherwise adds a CDN script
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if os.environ.get("DIT_OFFLINE", "").lower() in ("1", "true", "yes"):
        # Search runs in a worker; from file:// Material needs this shim, served by the site.
        config.extra["polyfills"] = [OFFLINE_SHIM]
    edition = _edition(config)
    config.extra["edition"] = edition
    config.extra["edition_title"] = f"{edition.capitalize()} edition"
    config.extra["build_date"] = _build_date()
    config.extra["version"] = _version()
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


@event_priority(-100)  # after mkdocs-print-site has taken its copy of the navigation
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Put every case page in the print page, but not in the sidebar.

    The sidebar lists only the case index: Material renders the whole navigation into every
    page, so hundreds of cases in it would make the build quadratic. mkdocs-print-site prints only
    the navigation it saved in its own on_nav; we give it the navigation plus the cases.
    """
    printer = config.plugins.get("print-site")
    if printer is None:
        return nav
    renderer = getattr(printer, "renderer", None)
    if renderer is None or not isinstance(getattr(renderer, "items", None), list):
        raise PluginError("mkdocs-print-site changed: cannot add the case pages to the print page")
    cases = sorted(_state["cases"].values(), key=render.reading_order)
    groups = (
        ("Worked cases", [render.page_path(c) for c in cases if c.role == "worked-example"]),
        ("Exercises", [render.page_path(c) for c in cases if c.role == "exercise"]),
        ("Assignment sheets", [render.sheet_path(c) for c in cases if c.role == "exercise"]),
    )
    sections = []
    for title, paths in groups:
        pages = [f.page for f in map(files.get_file_from_path, paths) if f and f.page]
        if pages:
            sections.append(Section(title, pages))
    renderer.items = [*nav.items, *sections]
    return nav


@event_priority(-100)  # after mkdocs-print-site has written the print page
def on_post_build(config: MkDocsConfig) -> None:
    """Mend the print page's anchors that mkdocs-print-site links to but does not prefix.

    It rewrites `#x` links (and labels' `for`) in a page to `<page>-x` but prefixes only heading
    and footnote ids, so links to footnote back-references or to ids set with attribute lists
    (glossary terms), and the worksheet's labels, would point at nothing.
    """
    path = Path(config.site_dir) / "print_page" / "index.html"
    if not path.exists():
        return
    html = path.read_text(encoding="utf-8")
    wanted = set(re.findall(r'(?:href="#|for=")([^"]+)"', html))
    chunks = re.split(r'(<section class="print-page" id="[^"]+")', html)
    for i in range(1, len(chunks) - 1, 2):
        prefix = re.search(r'id="([^"]+)"', chunks[i]).group(1)

        def mend(match: re.Match, prefix: str = prefix) -> str:
            ident = match.group(1)
            full = f"{prefix}-{ident}"
            return f'id="{full}"' if full in wanted and not ident.startswith(prefix) else match[0]

        chunks[i + 1] = re.sub(r'id="([^"]+)"', mend, chunks[i + 1])
    html = "".join(chunks)
    # A link with a query (the worksheet opened for an exercise) becomes "#page-?q=..." on the
    # print page; on paper it can only point at the page itself.
    html = re.sub(r'href="#([^"?]+)-\?[^"]*"', r'href="#\1"', html)
    path.write_text(html_fixes.fix_print_page(html), encoding="utf-8")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return html_fixes.fix_page(output)  # markup the theme writes that HTML does not allow


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return html_fixes.fix_page(output) if template_name.endswith(".html") else output  # 404


# ---------------------------------------------------------------------------------------------
# Macros: thin wrappers that find the case and the calling page, then call the render layer.


def _href_from(src_uri: str):
    here = posixpath.dirname(src_uri)

    def href(target: str) -> str:
        return posixpath.relpath(target, here or ".")

    return href


def _current_href():
    page = _env.get("page")  # set by on_page_markdown, just before mkdocs-macros renders it
    return _href_from(page.file.src_uri if page else "index.md")


_env: dict[str, Any] = {}


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


def exercise_data() -> str:
    """Every exercise's id, title and vignette as JSON, for the worksheet."""
    return render.exercise_data(list(_state["cases"].values()))


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
        exercise_data,
        case_count,
    )
}


@event_priority(100)  # before mkdocs-macros renders the page: links are made relative to it
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _env["page"] = page
    return markdown
