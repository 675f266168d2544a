"""A problem in a content file, as an author reads it: `file:line: field: message`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

FILE = "(file)"  # the field label of a problem with the file as a whole


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {self.field}: {self.message}"


class ContentErrors(Exception):
    """Raised with every problem found, so a build can stop with the full list."""

    def __init__(self, problems: Sequence[Problem], what: str = "content files"):
        self.problems = list(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} {noun} in {what}:\n{lines}")


def display_path(path: Path) -> str:
    """The path relative to the current folder when it is below it; otherwise as given."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def field_path(loc: Iterable[str | int]) -> str:
    """('recurrence', 0, 'example') -> 'recurrence[0].example'"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or FILE
