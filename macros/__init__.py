"""The macros module that mkdocs-macros loads (`module_name: macros` in mkdocs.yml), and that
Zensical's macros extension loads the same way: it registers the page macros. The macros
themselves are in `ditbook.site.page_macros`."""

from pathlib import Path

from ditbook.site.bank import bank_for, edition_of
from ditbook.site.page_macros import page_macros


def define_env(env) -> None:
    config_file = env.conf.get("config_file_path") or "mkdocs.yml"
    bank = bank_for(Path(config_file).resolve().parent, edition_of(env.conf.get("extra") or {}))

    def current_page() -> str:
        # MkDocs gives the page's file; Zensical's page has its source path directly.
        page = env.page
        if page is None:
            return "index.md"
        file = getattr(page, "file", None)
        return file.src_uri if file is not None else str(page.path)

    def directory_urls() -> bool:
        # Read when a page is rendered: the offline plugin turns directory URLs off later.
        return bool(env.conf.get("use_directory_urls", True))

    for name, function in page_macros(bank, current_page, directory_urls).items():
        env.macro(function, name)
