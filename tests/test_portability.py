"""Only the MkDocs hooks know MkDocs: the models, the loader, the render layer, the page macros
and the tooling import none of it, so moving to another site generator rewrites one module."""

from __future__ import annotations

import re
import subprocess
import sys

from ditbook.paths import ROOT

PACKAGE = ROOT / "ditbook"
HOOKS = "ditbook.site.hooks"
MKDOCS_PACKAGES = {"mkdocs", "material", "mkdocs_macros", "mkdocs_print_site_plugin"}


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_but_the_hooks_imports_no_mkdocs_package():
    pure = [name for name in _modules() if name != HOOKS]
    assert len(pure) > 20, pure  # the walk found the package
    code = (
        "import importlib, sys\n"
        f"for name in {pure!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & " + repr(MKDOCS_PACKAGES) + "))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_only_the_hooks_import_mkdocs():
    imports_mkdocs = re.compile(r"^\s*(from|import) mkdocs(\.|\s|$)", re.MULTILINE)
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "macros").glob("*.py")]
    importers = sorted(
        path.relative_to(ROOT).as_posix()
        for path in sources
        if imports_mkdocs.search(path.read_text(encoding="utf-8"))
    )
    assert importers == ["ditbook/site/hooks.py"]
