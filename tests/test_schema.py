"""Files derived from the model must not drift from it."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from ditbook.content import schema
from ditbook.registry import CASES
from ditbook.tools.cli import schema_path

from .conftest import CASE_FILES

SCHEMA_FILE = schema_path(CASES)


def test_committed_schema_is_fresh():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema.schema_text(CASES), (
        "cases/case.schema.json is stale: run `ditbook schema`"
    )


def test_real_cases_satisfy_the_json_schema_editors_use():
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for path in CASE_FILES:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), document)


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [("fictionl", True, "fictionl"), ("fictional", False, "True was expected")],
    ids=["unknown-key", "not-fictional"],
)
def test_schema_rejects_what_editors_should_flag(key: str, value, says: str):
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    data[key] = value
    with pytest.raises(jsonschema.ValidationError, match=says):
        jsonschema.validate(data, document)


def test_field_reference_gives_every_limit_the_model_sets():
    rows = {path: rules for path, _, _, _, rules in schema.field_rows(CASES.model)}
    assert rows["title"] == "at least 1 word; at most 120 characters"
    assert rows["summary"] == "at least 15 words; at most 600 characters"
    assert rows["scores[].phq9"] == "0 to 27"
    assert rows["themes"].startswith("at least 1 item; at most 8 items")
