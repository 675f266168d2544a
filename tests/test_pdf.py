"""The real PDFs, made by `ditbook pdf` with Debian's chromium, parsed with pypdf."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from macros.paths import ROOT

from .test_editions import normalise, secret_snippets

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DITBOOK = str(Path(sys.executable).with_name("ditbook"))


def chapter_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "docs" / "handbook").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        titles.append(yaml.safe_load(front)["title"])
    assert len(titles) >= 14
    return titles


def make(*args: str, dist: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [DITBOOK, "pdf", *args, "--dist", str(dist)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    dist = tmp_path_factory.mktemp("dist")
    out = {}
    for edition in ("trainee", "supervisor"):
        result = make("--edition", edition, dist=dist)
        assert result.returncode == 0, result.stderr[-3000:]
        path = dist / f"dit-handbook-{edition}.pdf"
        # Progress, then the path and page count at the end.
        assert result.stdout.startswith(f"Building the {edition} edition ...\n")
        assert re.search(
            rf"Wrote .*dit-handbook-{edition}\.pdf \(\d+ pages, [\d.]+ s\)\n$", result.stdout
        )
        out[edition] = path
    return out


@functools.cache
def text_of(path: Path) -> str:
    return normalise(" ".join(page.extract_text() or "" for page in PdfReader(path).pages))


def outline_titles(path: Path) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(" ".join(item.title.split()))

    walk(PdfReader(path).outline)
    return titles


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_page_count_is_in_the_expected_range(pdfs, edition):
    pages = len(PdfReader(pdfs[edition]).pages)
    assert 60 <= pages <= 600, pages


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_outline_lists_every_chapter_and_worked_case(pdfs, cases, edition):
    titles = outline_titles(pdfs[edition])
    for chapter in chapter_titles():
        assert any(t.startswith(chapter) for t in titles), f"no bookmark for {chapter!r}"
    for case in cases:
        if case.role == "worked-example":
            assert case.title in titles, f"no bookmark for {case.title!r}"


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_text_has_every_chapter_title_and_the_cover_names_the_edition(pdfs, edition):
    text = text_of(pdfs[edition])
    for chapter in chapter_titles():
        assert normalise(chapter) in text, chapter
    cover = normalise(PdfReader(pdfs[edition]).pages[0].extract_text())
    assert f"{edition.capitalize()} edition" in cover
    assert re.search(r"Date \d{4}-\d{2}-\d{2}", cover)


def test_pdf_is_tagged_for_assistive_technology(pdfs):
    root = PdfReader(pdfs["trainee"]).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_trainee_pdf_has_no_model_answer_and_supervisor_pdf_has_them(pdfs, cases):
    secrets = secret_snippets(cases)
    trainee, supervisor = text_of(pdfs["trainee"]), text_of(pdfs["supervisor"])
    assert [where for where, piece in secrets if piece in trainee] == []
    # Text extraction must work for the absence check to mean anything.
    found = [where for where, piece in secrets if piece in supervisor]
    assert len(found) >= 0.9 * len(secrets), f"only {len(found)} of {len(secrets)} found"


def test_assignment_sheets_one_per_exercise_without_answers(tmp_path, cases):
    result = make("--sheets", dist=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    exercises = [c for c in cases if c.exercise]
    sheets = sorted((tmp_path / "sheets").glob("*.pdf"))
    assert len(sheets) == len(exercises)
    secrets = secret_snippets(cases)
    for case in exercises:
        path = tmp_path / "sheets" / f"{case.exercise.id}-{case.id}.pdf"
        text = text_of(path)
        assert f"Assignment {case.exercise.id}" in text
        assert "Trainee:" in text and "Date set:" in text
        assert [where for where, piece in secrets if piece in text] == []


def test_missing_chromium_says_how_to_install_it(tmp_path):
    result = make(dist=tmp_path, env={"DIT_CHROMIUM": str(tmp_path / "no-such-browser")})
    assert result.returncode == 1
    assert "sudo apt-get install chromium" in result.stderr
    assert not list(tmp_path.iterdir())
