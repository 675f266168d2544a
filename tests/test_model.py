"""Every real case file is a complete IPAF: parametrised over cases/*.yaml (empty glob fails)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ditbook.models import text_rules

from .conftest import CASE_FILES, load_case

# What makes an IPAF complete, written out here rather than read from the model, so that a
# change that weakened the model would still fail on a case missing any of these.
REQUIRED_TEXT = {
    "ipaf.self_representation": 3,
    "ipaf.other_representation": 3,
    "ipaf.affect.conscious": 3,
    "ipaf.affect.less_conscious": 3,
    "ipaf.defensive_function": 10,
    "symptom_link": 20,
    "agreed_wording": 20,
    "transference": 25,
    "phases.initial": 25,
    "phases.middle": 25,
    "phases.ending": 25,
    "goodbye_letter": 120,
}


def _get(data: dict, dotted: str):
    value = data
    for part in dotted.split("."):
        value = value[part]
    return value


def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_there_are_cases_to_check():
    assert len(CASE_FILES) >= 3


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_is_valid(path: Path):
    case, problems = load_case(path)
    assert problems == [], "\n".join(map(str, problems))
    assert case is not None and case.id == path.stem


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_covers_every_ipaf_element(path: Path):
    data = _raw(path)
    for field, min_words in REQUIRED_TEXT.items():
        text = _get(data, field)
        assert isinstance(text, str), f"{path.name}: {field} is missing"
        assert text_rules.word_count(text) >= min_words, f"{path.name}: {field} is too thin"
    recurrence = data["recurrence"]
    assert len(recurrence) >= 2
    assert {"past", "current"} <= {r["when"] for r in recurrence}
    for relationship in recurrence:
        assert text_rules.word_count(relationship["example"]) >= 12, relationship["who"]
    assert data["fictional"] is True


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_file_points_editors_at_the_schema(path: Path):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=case.schema.json"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_scores_tell_a_story_of_sixteen_sessions(path: Path):
    case, _ = load_case(path)
    assert case is not None
    assert len(case.scores) <= 16
    assert [s.session for s in case.scores] == sorted({s.session for s in case.scores})


def test_exercise_ids_are_unique(cases):
    ids = [c.exercise.id for c in cases if c.exercise]
    assert len(ids) == len(set(ids))
