"""The bank a build reads, loaded once per edition and content state, and the edition asked for.

No MkDocs here: the hooks and the macros module both call these with plain values."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ditbook.content.editions import EDITIONS
from ditbook.registry import CONTENT_TYPES, Bank, load_bank

EDITION_ENV = "DIT_EDITION"


def edition_of(extra: Mapping[str, Any]) -> str:
    """The edition from mkdocs.yml's `extra.edition` (itself read from DIT_EDITION), or the
    environment, or trainee; ValueError for an unknown one."""
    edition = str(extra.get("edition") or os.environ.get(EDITION_ENV) or "trainee")
    if edition not in EDITIONS:
        raise ValueError(
            f"Unknown edition {edition!r} (from {EDITION_ENV} or extra.edition); "
            f"expected one of: {', '.join(EDITIONS)}"
        )
    return edition


def _state(root: Path) -> tuple[tuple[str, int, int], ...]:
    """What the content files are now: a new state (mkdocs serve after an edit) loads afresh."""
    files = []
    for kind in CONTENT_TYPES:
        for path in sorted((root / kind.folder).glob("*.yaml")):
            stat = path.stat()
            files.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(files)


@functools.lru_cache(maxsize=4)
def _cached(root: Path, edition: str, _state: tuple) -> Bank:
    return load_bank(root, edition)


def bank_for(root: Path, edition: str) -> Bank:
    """The bank under `root` for `edition`, loaded once while its files are unchanged; raises
    ContentErrors listing every problem."""
    root = Path(root).resolve()
    return _cached(root, edition, _state(root))
