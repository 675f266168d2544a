"""Where things live in the project, relative to this package (not to the current directory)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "cases"
