"""Only the adapter knows MkDocs: the model, loader, render layer and CLI import none of it."""

from __future__ import annotations

import re
import subprocess
import sys

PURE = [
    "macros.model",
    "macros.load",
    "macros.render",
    "macros.charts",
    "macros.schema",
    "macros.cli",
    "macros.text_rules",
    "macros.scaffold",
    "macros.browser",
    "macros.pdf",
    "macros.html_fixes",
]


def test_pure_modules_do_not_import_mkdocs():
    code = (
        "import importlib, sys\n"
        f"for name in {PURE!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', "
        "'mkdocs_macros', 'mkdocs_print_site_plugin'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_only_the_adapter_imports_mkdocs():
    from macros.paths import ROOT

    imports_mkdocs = re.compile(r"^\s*(from|import) mkdocs(\.|\s|$)", re.MULTILINE)
    importers = sorted(
        path.name
        for path in (ROOT / "macros").glob("*.py")
        if imports_mkdocs.search(path.read_text(encoding="utf-8"))
    )
    # bench.py reaches MkDocs only through the adapter, to time the real build.
    assert importers == ["mkdocs_adapter.py"]
