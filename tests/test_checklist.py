"""The authors' clinical checklist against the code it describes.

The checklist lists the prompt ids of each exercise kind and the outcome thresholds by hand, so
that authors can read them without opening the code. These tests fail when the page and the
model drift apart.
"""

from __future__ import annotations

import re

from ditbook.models import outcomes
from ditbook.models.exercise import PROMPTS
from ditbook.paths import ROOT

CHECKLIST = ROOT / "docs" / "authors" / "clinical-checklist.md"
ROW = re.compile(r"^\| `(?P<kind>[a-z-]+)` \| (?P<ids>.+) \|$")
# A file of the repository named in code style, e.g. `ditbook/models/exercise.py`.
CODE_PATH = re.compile(r"`(?P<path>[\w.-]+(?:/[\w.-]+)+\.[a-z]+)`")
# A name said to be defined in such a file, e.g. `PROMPTS` in `ditbook/models/exercise.py`.
NAME_IN_PATH = re.compile(r"`(?P<name>[A-Za-z_]\w*)` in `(?P<path>[\w./-]+\.py)`")


def _prompt_table() -> dict[str, list[str]]:
    rows = {}
    for line in CHECKLIST.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[match["kind"]] = re.findall(r"`([a-z-]+)`", match["ids"])
    return rows


def test_the_prompt_table_lists_every_kind_with_its_prompt_ids_in_order():
    expected = {kind: [prompt_id for prompt_id, _ in prompts] for kind, prompts in PROMPTS.items()}
    assert _prompt_table() == expected


def test_the_outcome_thresholds_are_the_validators():
    text = CHECKLIST.read_text(encoding="utf-8")
    stated = {
        "PHQ-9 caseness": f"PHQ-9 of **{outcomes.PHQ9_CASENESS} or more**",
        "GAD-7 caseness": f"GAD-7 of **{outcomes.GAD7_CASENESS} or more**",
        "PHQ-9 reliable change": f"**{outcomes.PHQ9_RELIABLE} or more** on the PHQ-9",
        "GAD-7 reliable change": f"**{outcomes.GAD7_RELIABLE} or more** on the GAD-7",
    }
    missing = [name for name, phrase in stated.items() if phrase not in text]
    assert not missing, f"{CHECKLIST.name} does not state: {', '.join(missing)}"


def test_the_rule_order_given_is_the_validators():
    # Deterioration first, then recovered, then improvement: a reliable fall on one measure
    # with a reliable rise on the other is a deterioration, as the page says.
    assert outcomes.Change((16, 10), (10, 14)).classify() == "reliable-deterioration"
    text = " ".join(CHECKLIST.read_text(encoding="utf-8").split())
    assert (
        "reliable deterioration, then recovered, then reliable improvement, then no reliable change"
        in text
    )


def test_every_code_path_the_checklist_names_exists():
    text = CHECKLIST.read_text(encoding="utf-8")
    paths = {match["path"] for match in CODE_PATH.finditer(text)}
    assert paths, f"{CHECKLIST.name} names no code path: the pattern no longer matches the page"
    missing = sorted(path for path in paths if not (ROOT / path).is_file())
    assert not missing, f"{CHECKLIST.name} names files that do not exist: {', '.join(missing)}"


def test_every_name_the_checklist_places_in_a_module_is_defined_there():
    text = CHECKLIST.read_text(encoding="utf-8")
    placed = [(match["name"], match["path"]) for match in NAME_IN_PATH.finditer(text)]
    assert placed, f"{CHECKLIST.name} places no name in a module: the pattern no longer matches"
    wrong = []
    for name, path in placed:
        source = ROOT / path
        defined = re.compile(rf"^(?:{name}\b\s*[:=]|(?:def|class) {name}\b)", re.MULTILINE)
        if not source.is_file() or not defined.search(source.read_text(encoding="utf-8")):
            wrong.append(f"{name} in {path}")
    assert not wrong, f"{CHECKLIST.name} places names where they are not defined: {wrong}"
