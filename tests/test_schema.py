"""Files derived from the model must not drift from it."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from macros import schema
from macros.paths import SCHEMA_FILE

from .conftest import CASE_FILES


def test_committed_schema_is_fresh():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema.schema_text(), (
        "cases/case.schema.json is stale: run `ditbook schema`"
    )


def test_real_cases_satisfy_the_json_schema_editors_use():
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for path in CASE_FILES:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), document)


def test_schema_rejects_unknown_keys_as_editors_should():
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = yaml.safe_load(CASE_FILES[0].read_text(encoding="utf-8"))
    data["fictionl"] = True
    with pytest.raises(jsonschema.ValidationError, match="fictionl"):
        jsonschema.validate(data, document)
