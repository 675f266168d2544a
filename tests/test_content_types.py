"""What every registered content type gets for free, tested for each: files that validate, a
fresh JSON Schema, a field reference, a trainee edition without supervisor-only fields, and
refusal of hostile files with `file:line: field: message`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from ditbook.content import editions, load, schema
from ditbook.content.problems import field_path
from ditbook.paths import ROOT
from ditbook.registry import CONTENT_TYPES
from ditbook.render.reference import field_reference
from ditbook.tools.cli import schema_path

KINDS = pytest.mark.parametrize("kind", CONTENT_TYPES, ids=lambda k: k.name)
SCRIPT = "<script>alert(document.cookie)</script>"


def files_of(kind) -> list[Path]:
    return sorted((ROOT / kind.folder).glob("*.yaml"))


@KINDS
def test_the_folder_holds_valid_files(kind):
    files = files_of(kind)
    assert files, f"no {kind.files_label} in {kind.folder}/"
    loaded, problems = load.load(kind, [ROOT / kind.folder])
    assert [str(p) for p in problems] == []
    assert len(loaded) == len(files)


@KINDS
def test_the_committed_schema_is_fresh(kind):
    path = schema_path(kind)
    assert path.read_text(encoding="utf-8") == schema.schema_text(kind), (
        f"{path.relative_to(ROOT)} is stale: run `ditbook schema`"
    )


@KINDS
def test_the_field_reference_names_every_field(kind):
    table = field_reference(kind.model)
    rows = schema.field_rows(kind.model)
    assert rows
    for path, *_ in rows:
        assert f"`{path}`" in table


def _supervisor_only_values(item: Any, loc: tuple = ()) -> list[str]:
    """The places in an item where a SUPERVISOR_ONLY field still holds a value."""
    found = []
    if isinstance(item, list):
        for i, value in enumerate(item):
            found += _supervisor_only_values(value, (*loc, i))
    elif isinstance(item, BaseModel):
        for name, info in type(item).model_fields.items():
            value = getattr(item, name)
            extra = info.json_schema_extra
            if isinstance(extra, dict) and extra.get("x-supervisor-only") and value is not None:
                found.append(field_path((*loc, name)))
            found += _supervisor_only_values(value, (*loc, name))
    return found


@KINDS
def test_the_trainee_view_holds_no_supervisor_only_field(kind):
    items = load.load_valid(kind, [ROOT / kind.folder])
    trainee = editions.for_edition(kind, items, "trainee")
    assert [f for item in trainee for f in _supervisor_only_values(item)] == []
    assert editions.for_edition(kind, items, "supervisor") is items


def _text_paths(data: Any, loc: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _text_paths(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _text_paths(value, (*loc, i))
    elif isinstance(data, str):
        yield loc


def _set(data: Any, loc: tuple, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


@KINDS
def test_html_is_refused_in_every_text_field(kind, tmp_path):
    """Each text value of a real file, with a script tag in front: the file is refused, and a
    problem names that very field (HTML is rejected, or the field takes only set values)."""
    base = files_of(kind)[0]
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    paths = list(_text_paths(data))
    assert len(paths) > 10
    accepted = []
    for loc in paths:
        mutated = yaml.safe_load(base.read_text(encoding="utf-8"))
        _set(mutated, loc, f"{SCRIPT} {_get(mutated, loc)}")
        path = tmp_path / base.name
        path.write_text(yaml.safe_dump(mutated, sort_keys=False, allow_unicode=True), "utf-8")
        found, problems = load.load_file(kind, path)
        if found is not None or field_path(loc) not in {p.field for p in problems}:
            accepted.append(field_path(loc))
    assert accepted == []


def _get(data: Any, loc: tuple) -> Any:
    for part in loc:
        data = data[part]
    return data


HOSTILE_FILES = {
    "five-megabytes": (b"summary: " + b"x" * 5_000_000, "is too large (5.0 MB)"),
    "billion-laughs": (
        b'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n',
        "anchors and aliases",
    ),
    "deep-nesting": (b"a: " + b"{b: " * 500 + b"1" + b"}" * 500, "nesting is deeper"),
    "binary-junk": (bytes(range(256)) * 40, "is not valid"),
    "python-tag": (b"id: !!python/object/apply:os.system ['touch /tmp/owned']\n", "could not"),
    "not-utf8": (b"id: caf\xe9\n", "is not valid UTF-8"),
    "empty": (b"# nothing here\n", "is empty"),
}


@KINDS
@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_a_hostile_file_is_refused_at_the_file(kind, name, tmp_path):
    content, says = HOSTILE_FILES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    found, problems = load.load_file(kind, path)
    assert found is None
    assert len(problems) == 1
    assert problems[0].field == "(file)" and problems[0].line >= 1
    assert says in problems[0].message
    assert not Path("/tmp/owned").exists()


def test_a_reference_to_an_item_that_does_not_exist_is_reported(tmp_path):
    """`refers_to` fields, through nested models and lists, checked against the known ids."""
    from typing import Annotated

    from pydantic import Field

    from ditbook.content.types import ContentType
    from ditbook.models.fields import Strict, refers_to

    class Turn(Strict):
        speaker: Annotated[str, Field(json_schema_extra=refers_to("case"))]

    class Talk(Strict):
        id: str
        patient: Annotated[str, Field(json_schema_extra=refers_to("case"))]
        turns: list[Turn]

    kind = ContentType(name="talk", folder="talks", model=Talk, render=lambda items, e: [])
    assert list(load.references(Talk)) == [
        (("patient",), "case"),
        (("turns", "*", "speaker"), "case"),
    ]
    path = tmp_path / "t.yaml"
    path.write_text(
        "id: t\npatient: ruth\nturns:\n  - speaker: ruth\n  - speaker: nobody\n", "utf-8"
    )
    loaded, problems = load.load(kind, [path])
    assert problems == []
    found = load.reference_problems(kind, loaded, {"case": {"ruth", "amina"}})
    assert [f"{p.line}: {p.field}: {p.message}" for p in found] == [
        "5: turns[1].speaker: names no case 'nobody' (known: amina, ruth)"
    ]
