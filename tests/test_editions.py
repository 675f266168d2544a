"""Trainee edition: model answers and marking guides are absent from every file built.

Not hidden: absent, from every HTML page, the search index, the sitemap and the print page.
The supervisor edition has them all, with a banner on every page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from ditbook.models.case import Case

TEXT_SUFFIXES = {".html", ".json", ".js", ".xml", ".txt", ".md"}


def normalise(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.replace("\\", " ").split())


def site_text(site: Path) -> dict[Path, str]:
    """Every text file of a built site, as plain text (JSON decoded first)."""
    out = {}
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".json":
            raw = json.dumps(json.loads(raw), ensure_ascii=False)
            raw = raw.encode().decode("unicode_escape", errors="ignore")
        out[path] = normalise(raw)
    return out


def answers_of(case: Case) -> dict[str, str]:
    """Every supervisor-only text of an exercise, by field."""
    assert case.exercise is not None
    ex = case.exercise
    guide = ex.marking_guide
    texts = {
        "history": case.history,
        "ipaf.self_representation": case.ipaf.self_representation,
        "ipaf.other_representation": case.ipaf.other_representation,
        "ipaf.affect.conscious": case.ipaf.affect.conscious,
        "ipaf.affect.less_conscious": case.ipaf.affect.less_conscious,
        "ipaf.defensive_function": case.ipaf.defensive_function,
        "symptom_link": case.symptom_link,
        "agreed_wording": case.agreed_wording,
        "transference": case.transference,
        "phases.initial": case.phases.initial,
        "phases.middle": case.phases.middle,
        "phases.ending": case.phases.ending,
        **({"goodbye_letter": case.goodbye_letter} if case.goodbye_letter else {}),
        **({"treatment_choice": case.treatment_choice} if case.treatment_choice else {}),
        **({"outcome.review": case.outcome.review} if case.outcome.review else {}),
        **{f"good_answer[{i}]": t for i, t in enumerate(guide.good_answer)},
        **{f"common_mistakes[{i}]": t for i, t in enumerate(guide.common_mistakes)},
        **{f"discussion[{i}]": t for i, t in enumerate(guide.discussion)},
        **{f"gaps[{i}]": t for i, t in enumerate(case.exercise.gaps or [])},
        **{f"likely_corrections[{i}]": t for i, t in enumerate(ex.likely_corrections or [])},
        **({"decision": ex.decision} if ex.decision else {}),
        "exemplars.meets": ex.exemplars.meets,
        "exemplars.not_yet": ex.exemplars.not_yet,
    }
    for i, criterion in enumerate(ex.rubric):
        for level in ("not_yet", "partly", "meets"):
            texts[f"rubric[{i}].levels.{level}"] = getattr(criterion.levels, level)
    if case.reversal:
        texts["reversal"] = case.reversal
    if case.exercise.kind == "complete-the-ipaf":
        # The three given elements are shown to trainees on purpose; only the fourth is secret.
        for element in ("self_representation", "other_representation", "defensive_function"):
            if element != case.exercise.missing_element:
                texts.pop(f"ipaf.{element}")
        if case.exercise.missing_element != "affect":
            texts.pop("ipaf.affect.conscious")
            texts.pop("ipaf.affect.less_conscious")
    return texts


def snippet(text: str) -> str:
    """A distinctive run of up to ten words from the middle of the text (openings like "Dear
    Marek, we are coming to the end" are shared by many letters)."""
    words = normalise(text).split()
    middle = max(0, len(words) // 2 - 5)
    return " ".join(words[middle : middle + 10])


def secret_snippets(cases: list[Case]) -> list[tuple[str, str]]:
    found = []
    for case in cases:
        if case.exercise is None:
            continue
        given = normalise(case.exercise.vignette + " " + (case.exercise.flawed_formulation or ""))
        for field, text in answers_of(case).items():
            piece = snippet(text)
            if piece not in given:  # a phrase the vignette itself gives is no secret
                found.append((f"{case.id}: {field}", piece))
    return found


@pytest.fixture(scope="module")
def secrets(cases):
    found = secret_snippets(cases)
    assert len(found) >= 5 * 15, "too few model-answer texts to check: are there exercises?"
    return found


def test_trainee_site_contains_no_model_answer_anywhere(trainee_site, secrets):
    files = site_text(trainee_site)
    assert any(p.name == "search_index.json" for p in files)
    assert any(p.name == "sitemap.xml" for p in files)
    leaks = [
        f"{where} leaks into {path.relative_to(trainee_site)}"
        for where, piece in secrets
        for path, text in files.items()
        if piece in text
    ]
    assert leaks == []


def test_supervisor_site_contains_every_model_answer(supervisor_site, secrets):
    files = site_text(supervisor_site)
    missing = [where for where, piece in secrets if not any(piece in t for t in files.values())]
    assert missing == []


def test_banner_on_every_supervisor_page_and_no_trainee_page(trainee_site, supervisor_site):
    supervisor_pages = list(supervisor_site.rglob("*.html"))
    assert len(supervisor_pages) > 20
    for page in supervisor_pages:
        if page.name == "404.html":
            continue
        assert 'class="edition-banner"' in page.read_text(encoding="utf-8"), page
    for page in trainee_site.rglob("*.html"):
        assert "edition-banner" not in page.read_text(encoding="utf-8"), page


def test_every_exercise_has_a_page_and_an_answer_free_sheet_in_the_trainee_site(
    trainee_site, cases
):
    exercises = [c for c in cases if c.exercise]
    assert len(exercises) >= 5
    for case in exercises:
        page = (trainee_site / "workbook" / "exercises" / case.id / "index.html").read_text(
            encoding="utf-8"
        )
        assert case.exercise.id in page
        assert normalise(case.exercise.vignette)[:80] in normalise(page)
        assert "Model answer" not in page and "Marking guide" not in page
        sheet = trainee_site / "workbook" / "sheets" / case.id / "index.html"
        assert f"Assignment {case.exercise.id}" in sheet.read_text(encoding="utf-8")


def test_an_exercise_is_never_shown_as_a_worked_example(trainee_site, supervisor_site, cases):
    for site in (trainee_site, supervisor_site):
        for case in cases:
            if case.exercise:
                assert not (site / "workbook" / "cases" / case.id).exists()
