"""The competence map (`competences/competences.yaml`): competence areas, the competences in
each, and the chapter sections, dialogues, drills and exercises that teach or assess them.

The model checks the shape of the file and the form of each target; whether every target
exists is checked against the built site and the content folders by
`tests/test_competence_map.py`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, StringConstraints, ValidationError

from ditbook.models.fields import Strict
from ditbook.paths import ROOT

COMPETENCES_FILE = ROOT / "competences" / "competences.yaml"

SECTION = re.compile(r"^handbook/[a-z0-9-]+\.md#[a-z0-9-]+$")
DIALOGUE = re.compile(r"^dialogues/[a-z0-9-]+$")
DRILL = re.compile(r"^drills/[a-z0-9-]+$")
EXERCISE = re.compile(r"^EX-\d{2}$")
TARGET_FORMS = (SECTION, DIALOGUE, DRILL, EXERCISE)

Target = Annotated[
    str,
    StringConstraints(
        pattern=r"^(handbook/[a-z0-9-]+\.md#[a-z0-9-]+|dialogues/[a-z0-9-]+|drills/[a-z0-9-]+|EX-\d{2})$"
    ),
]
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
        "sibling UCL CORE frameworks, since DIT's own domain labels are not publicly described."
    )
    competences: list[Competence] = Field(min_length=1)


class CompetenceMap(Strict):
    areas: list[Area] = Field(min_length=1)

    def targets(self) -> list[str]:
        """Every target named anywhere in the map, in order, without repeats."""
        return list(dict.fromkeys(t for a in self.areas for c in a.competences for t in c.targets))


def load(path: Path = COMPETENCES_FILE) -> CompetenceMap:
    """Read and validate the competence map; a bad file raises ValueError naming the file and
    the field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: is not valid YAML: {error}") from None
    try:
        return CompetenceMap.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise ValueError(f"{path}: {problems}") from None
