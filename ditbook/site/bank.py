"""The bank for one build: loaded once per build and shared by the MkDocs hooks and the macros
module (which Zensical loads without the hooks). No MkDocs import: both callers pass plain
values from their configuration."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ditbook import registry
from ditbook.content.editions import EDITIONS

EDITION_ENV = "DIT_EDITION"

# (root, edition) -> (the content files' names, sizes and times, the bank loaded from them)
_loaded: dict[tuple[Path, str], tuple[tuple, registry.Bank]] = {}


def edition_of(extra: Mapping[str, Any]) -> str:
    """The edition asked for by `extra.edition` in mkdocs.yml (itself `!ENV DIT_EDITION`)."""
    edition = str(extra.get("edition") or os.environ.get(EDITION_ENV) or "trainee")
    if edition not in EDITIONS:
        raise ValueError(
            f"Unknown edition {edition!r} (from {EDITION_ENV} or extra.edition); "
            f"expected one of: {', '.join(EDITIONS)}"
        )
    return edition


def _fingerprint(root: Path) -> tuple:
    entries = []
    for kind in registry.CONTENT_TYPES:
        folder = root / kind.folder
        for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else ():
            info = path.stat()
            entries.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(entries)


def bank_for(root: Path, edition: str) -> registry.Bank:
    """The bank under `root` for `edition`, loaded again whenever a content file changed (as
    `mkdocs serve` rebuilds); raises ContentErrors listing every problem."""
    key = (root.resolve(), edition)
    fingerprint = _fingerprint(key[0])
    cached = _loaded.get(key)
    if cached and cached[0] == fingerprint:
        return cached[1]
    bank = registry.load_bank(key[0], edition)
    _loaded[key] = (fingerprint, bank)
    return bank
