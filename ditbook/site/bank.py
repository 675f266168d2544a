"""The bank as the site sees it: which edition a build is for, and every content item loaded
once per project folder and edition (MkDocs' hooks and the page macros share it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ditbook.content.editions import EDITIONS
from ditbook.registry import Bank, load_bank

EDITION_ENV = "DIT_EDITION"

# (project root, edition) -> (the content files' modification times, the bank). `mkdocs serve`
# reloads on every change, so a bank is loaded again when any content file changed.
_banks: dict[tuple[Path, str], tuple[tuple, Bank]] = {}


def edition_of(extra: Mapping[str, Any]) -> str:
    """The edition a build is for: `extra.edition` in mkdocs.yml, else DIT_EDITION, else trainee."""
    edition = str(extra.get("edition") or os.environ.get(EDITION_ENV) or "trainee")
    if edition not in EDITIONS:
        raise ValueError(
            f"Unknown edition {edition!r} (from {EDITION_ENV} or extra.edition); "
            f"expected one of: {', '.join(EDITIONS)}"
        )
    return edition


def _stamp(root: Path) -> tuple:
    from ditbook.registry import CONTENT_TYPES

    stamp = []
    for kind in CONTENT_TYPES:
        for path in sorted((root / kind.folder).glob("*.yaml")):
            stat = path.stat()
            stamp.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamp)


def bank_for(root: Path, edition: str) -> Bank:
    """Every content item under `root` as `edition` holds it; raises ContentErrors with every
    problem. Loaded again only when a content file changed."""
    key = (root.resolve(), edition)
    stamp = _stamp(key[0])
    cached = _banks.get(key)
    if cached is None or cached[0] != stamp:
        _banks[key] = (stamp, load_bank(key[0], edition))
    return _banks[key][1]
