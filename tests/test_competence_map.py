"""The competence map: every target it names exists, every area has a target, and a bad or
missing target is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ditbook.content.problems import ContentErrors
from ditbook.models.competences import COMPETENCES_FILE, CompetenceMap, load
from ditbook.paths import ROOT

from .conftest import new_page


def exercise_ids() -> set[str]:
    ids = set()
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        exercise = data.get("exercise") or {}
        if exercise.get("id"):
            ids.add(exercise["id"])
    return ids


def missing_targets(cmap: CompetenceMap, site: Path) -> list[str]:
    """The targets of `cmap` that do not exist: chapter anchors in the built `site`,
    dialogue and drill ids in their folders, exercise ids in cases/."""
    exercises = exercise_ids()
    missing = []
    for target in cmap.targets():
        if target.startswith("handbook/"):
            page, anchor = target.split("#", 1)
            html = site / page.removesuffix(".md") / "index.html"
            if not html.is_file() or f'id="{anchor}"' not in html.read_text(encoding="utf-8"):
                missing.append(target)
        elif target.startswith(("dialogues/", "drills/")):
            if not (ROOT / f"{target}.yaml").is_file():
                missing.append(target)
        elif target not in exercises:
            missing.append(target)
    return missing


@pytest.fixture(scope="module")
def cmap() -> CompetenceMap:
    return load()


def test_every_target_exists(cmap, trainee_site):
    assert not missing_targets(cmap, trainee_site), (
        f"{COMPETENCES_FILE}: targets that do not exist: {missing_targets(cmap, trainee_site)}"
    )


def test_every_area_and_competence_has_a_target(cmap):
    for area in cmap.areas:
        targets = [t for c in area.competences for t in c.targets]
        assert targets, f"{COMPETENCES_FILE}: area {area.id!r} has no target"


def test_the_map_covers_the_five_areas(cmap):
    assert [a.label for a in cmap.areas] == [
        "Generic therapeutic competences",
        "Basic analytic/dynamic competences",
        "Specific DIT techniques",
        "Metacompetences",
        "Supervision",
    ]
    # This handbook does not report DIT's own domain labels, so no area label is claimed as
    # confirmed for DIT (supervision included: only its separate UCL framework is confirmed).
    assert [a.id for a in cmap.areas if a.label_status != "inferred"] == []


@pytest.mark.parametrize(
    "target",
    [
        "handbook/techniques.md#no-such-section",
        "handbook/no-such-chapter.md#intro",
        "dialogues/no-such-dialogue",
        "drills/no-such-drill",
        "EX-99",
    ],
)
def test_a_planted_missing_target_is_caught(cmap, trainee_site, target):
    data = cmap.model_dump()
    data["areas"][0]["competences"][0]["targets"].append(target)
    planted = CompetenceMap.model_validate(data)
    assert missing_targets(planted, trainee_site) == [target]


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_a_badly_formed_target_names_file_line_and_field(tmp_path):
    data = yaml.safe_load(COMPETENCES_FILE.read_text(encoding="utf-8"))
    data["areas"][1]["competences"][0]["targets"][0] = "techniques#focus"
    bad = tmp_path / "competences.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    line = _line_of(bad, "techniques#focus")
    assert _problems(bad) == [
        f"{bad}:{line}: areas[1].competences[0].targets[0]: must be a chapter section "
        "'handbook/<page>.md#<anchor>', 'dialogues/<id>', 'drills/<id>' or an exercise id "
        "'EX-nn' (found 'techniques#focus')"
    ]


def test_every_problem_is_reported_at_once_as_file_line_field_message(tmp_path):
    data = yaml.safe_load(COMPETENCES_FILE.read_text(encoding="utf-8"))
    data["areas"][0]["competences"] = []
    data["areas"][2]["label_status"] = "probable"
    bad = tmp_path / "competences.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert _problems(bad) == [
        f"{bad}:{_line_of(bad, 'competences: []')}: areas[0].competences: "
        "needs at least 1 item (found 0)",
        f"{bad}:{_line_of(bad, 'probable')}: areas[2].label_status: "
        "must be one of 'confirmed' or 'inferred' (found 'probable')",
    ]


def test_a_file_that_is_not_yaml_names_its_line(tmp_path):
    bad = tmp_path / "competences.yaml"
    bad.write_text("areas:\n  - id: generic\n    label: [unclosed\n", encoding="utf-8")
    [problem] = _problems(bad)
    assert problem.startswith(f"{bad}:") and ": (file): is not valid YAML" in problem


def test_the_page_shows_every_area_with_links(cmap, trainee_site):
    html = (trainee_site / "handbook" / "competence-map" / "index.html").read_text(encoding="utf-8")
    for area in cmap.areas:
        assert f'id="{area.id}"' in html, f"handbook/competence-map: no section for {area.id}"
    assert html.count("<tr>") - len(cmap.areas) == sum(len(a.competences) for a in cmap.areas)
    assert 'href="../references/#iapt-dit-framework-2010"' in html


# In a real browser: the links are stacked one per line in a table cell, so each must be a
# target at least 24 px high (WCAG 2.2, 2.5.8), at a desktop width and at a phone's.
TARGET_BOXES = """() => [...document.querySelectorAll('article table td a')].map(a => {
  const r = a.getBoundingClientRect();
  return [a.textContent.trim(), r.width, r.height];
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_every_link_in_the_map_is_a_24_px_target(browser, trainee_url, cmap, width):
    page = new_page(browser, viewport={"width": width, "height": 900})
    try:
        page.goto(trainee_url + "handbook/competence-map/", wait_until="load")
        boxes = page.evaluate(TARGET_BOXES)
    finally:
        page.context.close()
    assert len(boxes) == sum(len(c.targets) for a in cmap.areas for c in a.competences)
    small = [(text, round(w, 1), round(h, 1)) for text, w, h in boxes if w < 24 or h < 24]
    assert small == [], f"width {width}: links smaller than 24 x 24 px"
