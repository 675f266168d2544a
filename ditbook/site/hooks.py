"""The MkDocs hooks (loaded through `macros/hooks.py`): the only code that knows MkDocs' events.

- on_config: the edition and build facts for the templates, and every content file validated
  (the build stops with the full list of problems).
- on_files: one generated page per item, as its content type renders it; in the trainee
  edition, the supervisor-only folder (`docs/supervision/`) dropped.
- on_nav: the generated pages added to the print page.
- on_post_page, on_post_template: the theme's invalid markup mended (`html_fixes`).
- on_post_build: the print page's anchors and markup mended.

The page macros are registered by `macros/__init__.py` (mkdocs-macros' `define_env`), which both
MkDocs and Zensical load.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ditbook.content.problems import ContentErrors
from ditbook.registry import Bank
from ditbook.site import html_fixes, print_page
from ditbook.site.bank import bank_for, edition_of

log = logging.getLogger("mkdocs.plugins.ditbook")

OFFLINE_SHIM = "javascripts/vendor/iframe-worker/shim.js"


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


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


def _bank(config: MkDocsConfig) -> Bank:
    try:
        return bank_for(_root(config), config.extra["edition"])
    except ContentErrors as err:
        raise PluginError(str(err)) from None


@event_priority(100)  # before Material's offline plugin, which otherwise adds a CDN script
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if os.environ.get("DIT_OFFLINE", "").lower() in ("1", "true", "yes"):
        # Search runs in a worker; from file:// Material needs this shim, served by the site.
        config.extra["polyfills"] = [OFFLINE_SHIM]
    try:
        edition = edition_of(config.extra)
    except ValueError as err:
        raise PluginError(str(err)) from None
    config.extra["edition"] = edition
    config.extra["edition_title"] = f"{edition.capitalize()} edition"
    config.extra["build_date"] = _build_date()
    config.extra["version"] = _version()
    _bank(config)  # every problem in every content file stops the build here
    if edition == "supervisor":
        # INFO, not WARNING: --strict turns warnings into failures.
        log.info("Supervisor edition: contains model answers; never publish it.")
    return config


# Pages only the supervisor edition has: the marking and assignment-pack pages, and what they
# hold (the rubric and model answers). The trainee edition drops the whole folder.
SUPERVISOR_FOLDER = "supervision/"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if config.extra["edition"] != "supervisor":
        for file in [f for f in files if f.src_uri.startswith(SUPERVISOR_FOLDER)]:
            files.remove(file)
    for _kind, groups in _bank(config).page_groups:
        for group in groups:
            for page in group.pages:
                files.append(File.generated(config, page.src_uri, content=page.markdown))
    return files


@event_priority(-100)  # after mkdocs-print-site has taken its copy of the navigation
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    printer = config.plugins.get("print-site")
    if printer is None:
        return nav
    sections = []
    for _kind, groups in _bank(config).page_groups:
        for group in groups:
            found = [files.get_file_from_path(p.src_uri) for p in group.pages]
            pages = [f.page for f in found if f and f.page]
            if pages:
                sections.append(Section(group.title, pages))
    try:
        print_page.add_sections(printer, nav.items, sections)
    except print_page.PrintPluginChanged as err:
        raise PluginError(str(err)) from None
    return nav


@event_priority(-100)  # after mkdocs-print-site has written the print page
def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "print_page" / "index.html"
    if path.exists():
        html = print_page.mend_anchors(path.read_text(encoding="utf-8"))
        path.write_text(html_fixes.fix_print_page(html), "utf-8")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return html_fixes.fix_page(output)  # markup the theme writes that HTML does not allow


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return html_fixes.fix_page(output) if template_name.endswith(".html") else output  # 404
