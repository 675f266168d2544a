"""The competence map (`competences/competences.yaml`): competence areas, the competences in
each, and the chapter sections, dialogues, drills and exercises that teach or assess them.

The model checks the shape of the file and the form of each target; whether every target
exists is checked against the built site and the content folders by
`tests/test_competence_map.py`. The file is read by the engine's loader (`ditbook.content.load`),
so a problem is reported like any content file's: `file:line: field: message`, every problem at
once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ditbook.content import load as content_load
from ditbook.content.problems import ContentErrors
from ditbook.content.types import ContentType
from ditbook.models.fields import PATTERN_HINTS, Strict
from ditbook.paths import ROOT

COMPETENCES_FILE = ROOT / "competences" / "competences.yaml"

SECTION = re.compile(r"^handbook/[a-z0-9-]+\.md#[a-z0-9-]+$")
DIALOGUE = re.compile(r"^dialogues/[a-z0-9-]+$")
DRILL = re.compile(r"^drills/[a-z0-9-]+$")
EXERCISE = re.compile(r"^EX-\d{2}$")
TARGET_FORMS = (SECTION, DIALOGUE, DRILL, EXERCISE)

TARGET_PATTERN = (
    r"^(handbook/[a-z0-9-]+\.md#[a-z0-9-]+|dialogues/[a-z0-9-]+|drills/[a-z0-9-]+|EX-\d{2})$"
)
PATTERN_HINTS[TARGET_PATTERN] = (
    "must be a chapter section 'handbook/<page>.md#<anchor>', 'dialogues/<id>', 'drills/<id>' "
    "or an exercise id 'EX-nn' (found {found})"
)
Target = Annotated[str, StringConstraints(pattern=TARGET_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=3, strip_whitespace=True)]


class Competence(Strict):
    name: Text = Field(description="The competence, in the handbook's own words.")
    targets: list[Target] = Field(
        min_length=1,
        description="What teaches or assesses it: 'handbook/<page>.md#<anchor>', "
        "'dialogues/<id>', 'drills/<id>' or 'EX-nn'.",
    )


class Area(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    label: Text
    label_status: Literal["confirmed", "inferred"] = Field(
        description="'confirmed': the label is confirmed for DIT; 'inferred': taken from the "
        "sibling UCL CORE frameworks, since this handbook does not report DIT's own domain labels."
    )
    competences: list[Competence] = Field(min_length=1)


class CompetenceMap(Strict):
    areas: list[Area] = Field(min_length=1)

    def targets(self) -> list[str]:
        """Every target named anywhere in the map, in order, without repeats."""
        return list(dict.fromkeys(t for a in self.areas for c in a.competences for t in c.targets))


# Not a registered content type (one file, not a folder of items, and no pages of its own): the
# description lets the engine's loader read it like one.
KIND = ContentType(
    name="competence map",
    folder="competences",
    model=CompetenceMap,
    render=lambda bank: [],
    id_field="",
    scaffold_hint="write the competence areas under 'areas:' (see the file's own header)",
)


def load(path: Path = COMPETENCES_FILE) -> CompetenceMap:
    """Read and validate the competence map; a bad file raises ContentErrors listing every
    problem as `file:line: field: message`."""
    found, problems = content_load.load_file(KIND, path)
    if found is None:
        raise ContentErrors(problems, "the competence map")
    return found.item
