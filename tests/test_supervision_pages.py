"""The supervisor edition's supervision pages: present there with the rubric data they need,
absent (pages, data and links) from the trainee edition."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ditbook.content import editions
from ditbook.models.exercise import PROMPTS
from ditbook.registry import CASES
from ditbook.render import cases as render
from ditbook.render import supervision

SUPERVISOR_PAGES = ("supervision/mark/index.html", "supervision/pack/index.html")


def embedded(page: Path, element_id: str):
    html = page.read_text(encoding="utf-8")
    found = re.search(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S
    )
    assert found, f"no #{element_id} in {page}"
    return json.loads(found.group(1))


def test_the_trainee_edition_has_no_supervision_page_and_no_rubric_data(trainee_site):
    assert not (trainee_site / "supervision").exists()
    for path in trainee_site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "marking-data" not in text, path
            assert "supervision/mark" not in text, path
            assert "supervision/pack" not in text, path
            assert "Assignment pack" not in text, path
            assert 'id="pack-form"' not in text, path


def test_the_marking_data_refuses_the_trainee_edition(cases):
    trainee_cases = editions.for_edition(CASES, cases, "trainee")
    with pytest.raises(supervision.SupervisorOnly, match="supervisor edition only"):
        supervision.marking_data(trainee_cases, "trainee")
    with pytest.raises(supervision.SupervisorOnly, match="no rubric"):
        supervision.marking_data(trainee_cases, "supervisor")


def test_the_marking_page_holds_every_exercise_with_its_rubric(supervisor_site, cases):
    data = embedded(supervisor_site / SUPERVISOR_PAGES[0], "marking-data")
    exercises = [c for c in cases if c.exercise]
    assert sorted(data) == sorted(c.exercise.id for c in exercises)
    for case in exercises:
        ex = case.exercise
        entry = data[ex.id]
        assert [p[0] for p in entry["prompts"]] == [p for p, _ in PROMPTS[ex.kind]]
        assert [(r["prompt"], r["criterion"]) for r in entry["rubric"]] == [
            (c.prompt, c.criterion) for c in ex.rubric
        ]
        assert entry["rubric"][0]["levels"][2] == ex.rubric[0].levels.meets
        assert entry["model_answer"] == ex.exemplars.meets
    schemas = embedded(supervisor_site / SUPERVISOR_PAGES[0], "dit-file-schemas")
    assert sorted(schemas) == ["dit-feedback", "dit-submission"]


def test_the_print_page_leaves_the_tools_out(supervisor_site):
    text = (supervisor_site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert 'id="marking-data"' not in text


def test_a_model_answer_is_split_by_prompt_only_when_it_is_written_so(cases):
    split = whole = 0
    for case in (c for c in cases if c.exercise):
        parts = supervision.model_answer_by_prompt(case)
        if parts:
            split += 1
            assert list(parts) == [p for p, _ in PROMPTS[case.exercise.kind]]
            assert all(part in case.exercise.exemplars.meets for part in parts.values())
        else:
            whole += 1
    assert split and whole  # both kinds exist in the workbook


def test_the_workbook_index_links_to_the_loop_in_the_supervisor_edition_only(
    trainee_site, supervisor_site
):
    supervisor = (supervisor_site / "workbook" / "index.html").read_text(encoding="utf-8")
    assert 'href="../supervision/"' in supervisor
    assert 'href="../supervision/mark/"' in supervisor
    assert 'href="../supervision/pack/"' in supervisor
    trainee = (trainee_site / "workbook" / "index.html").read_text(encoding="utf-8")
    assert "supervision/" not in trainee.replace("stylesheets/supervision.css", "")
    loop = (supervisor_site / "supervision" / "index.html").read_text(encoding="utf-8")
    for step in ("1. Set", "2. Submit", "3. Mark", "4. Return", "What stays where"):
        assert f">{step}<" in loop, step
    assert 'href="pack/">Assignment pack</a>' in loop
    assert 'href="mark/">Mark a submission</a>' in loop


def test_the_pack_page_lists_every_exercise_with_the_address_of_its_sheet(supervisor_site, cases):
    from bs4 import BeautifulSoup

    page = supervisor_site / SUPERVISOR_PAGES[1]
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    form = soup.find("form", id="pack-form")
    boxes = form.select("input[type=checkbox][name=exercise]")
    exercises = sorted((c for c in cases if c.exercise), key=render.reading_order)
    assert [b["value"] for b in boxes] == [c.exercise.id for c in exercises]
    for box, case in zip(boxes, exercises, strict=True):
        label = " ".join(form.find("label", attrs={"for": box["id"]}).get_text().split())
        kind = render.KIND_NAMES[case.exercise.kind]
        assert label == f"{case.exercise.id} {case.title} {kind} · {case.difficulty}"
        # The address resolves, from the page, to the sheet the build wrote.
        sheet = (page.parent / box["data-sheet"] / "index.html").resolve()
        assert sheet == (supervisor_site / render.sheet_path(case)[: -len(".md")]).resolve() / (
            "index.html"
        )
        assert sheet.exists()
    assert form.find("button", type="submit").get_text() == "Print the pack"
    assert form.find("label", attrs={"for": "pack-name"}) and form.find(
        "label", attrs={"for": "pack-due"}
    )
    assert soup.find(id="pack-message")["aria-live"] == "polite"
    script = soup.find("script", src=lambda s: bool(s) and s.endswith("pack.js"))
    assert (page.parent / script["src"]).resolve() == (supervisor_site / "supervision" / "pack.js")


def test_the_pack_choices_escape_a_title(cases):
    case = next(c for c in cases if c.exercise)
    odd = case.model_copy(update={"title": 'Ann & "Bo" <b>'})
    html = supervision.pack_choices([odd], lambda target: f"../../{target}")
    assert "Ann &amp; &quot;Bo&quot; &lt;b&gt;" in html
    assert "<b>" not in html
    with pytest.raises(ValueError, match="no exercises"):
        supervision.pack_choices([c for c in cases if not c.exercise], str)
