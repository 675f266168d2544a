"""Where things live in the project, relative to this package (not to the current directory)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "cases"
# The bibliography (CSL-JSON), served with the site so that readers can import it.
REFERENCES_FILE = ROOT / "docs" / "references.json"
DOCS_DIR = ROOT / "docs"
