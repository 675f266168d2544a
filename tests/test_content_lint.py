"""Tests for the content lint (ditbook/tools/content_lint.py) and a run of it over the real docs,
self-checks, dialogues and drills."""

from __future__ import annotations

from pathlib import Path

import pytest

from ditbook.tools import content_lint as lint

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOCS = ROOT / "docs"


# One forbidden phrase per line, in the order of the lint's rules.
PLANTED = """\
Dynamic interpersonal therapy (DIT), also known as Interpersonal Therapy (IPT), is brief.
DIT is a longer-term treatment, typically lasting 12-20 sessions.
DIT uses free association to reach unconscious conflicts.
To be licensed as a DIT practitioner you need 150 hours.
What are the theories behind Dynamic Interpersonal Theory?
In REDIT the control arm was low-intensity CBT.
Wright et al. found DIT worked well in IAPT.
NICE recommends DIT for depression.
Sessions last 50 minutes, but we have not seen it stated in the manual.
"""

EXPECTED = [
    "docs/bad.md:1: DIT described as IPT: they are different therapies (DIT is psychodynamic, "
    "IPT is not)",
    "docs/bad.md:2: DIT given as 12-20 sessions: DIT is 16 weekly sessions (only complex-care "
    "adaptations run longer)",
    "docs/bad.md:3: free association presented as a DIT technique: DIT is focal and does not "
    "use it (say so in the same sentence)",
    "docs/bad.md:4: 'licensed' DIT practitioner: there is no DIT licence; practitioner status "
    "comes from training, supervised cases and a case study",
    "docs/bad.md:5: 'Dynamic Interpersonal Theory': the name is Dynamic Interpersonal Therapy",
    "docs/bad.md:6: 'low-intensity CBT': REDIT's control arm was low-intensity treatment (LIT); "
    "say 'low-intensity treatment'",
    "docs/bad.md:7: 'Wright et al.': no such DIT study could be found; do not cite it",
    "docs/bad.md:8: NICE said to recommend DIT by name: NICE recommends short-term "
    "psychodynamic psychotherapy (STPP), not DIT",
    "docs/bad.md:9: a note about the handbook's sources: hedge in clinical prose instead "
    "('usually', 'is described as', 'this handbook does not report'); certainty is explained once, "
    "in Using this handbook",
]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    path = docs / name
    path.write_text(text, encoding="utf-8")
    return docs


def _run(tmp_path: Path) -> list[str]:
    return [str(p) for p in lint.lint_paths([tmp_path / "docs"], root=tmp_path)]


def test_each_planted_phrase_is_reported_exactly(tmp_path: Path) -> None:
    _write(tmp_path, "bad.md", PLANTED)
    assert _run(tmp_path) == EXPECTED


def test_every_rule_is_exercised_by_the_planted_file() -> None:
    assert len(EXPECTED) == len(lint.RULES)


@pytest.mark.parametrize(
    "line",
    [
        "DIT aka IPT.",
        "DIT is a form of interpersonal psychotherapy.",
        "Interpersonal psychotherapy is also called DIT by some sites.",
        "Courses run between 12 and 20 weeks of DIT.",
        "DIT: 12 to 20 sessions.",
        "DIT lasts 12\u201320 weekly sessions.",
        "DIT lasts 12\u201420 weeks.",
        "Free-associating is how DIT sessions begin.",
        "Only a licensed therapist may offer DIT.",
        "DIT practitioners must be licensed.",
        "The handbook on dynamic interpersonal theory.",
        "a low intensity cognitive behavioural programme",
        "As Wright et al (2015) reported.",
        "DIT is endorsed by NICE.",
        # Notes about the handbook's own sources, as they once stood in the chapters.
        "In practice this means, as we read it, a fixed number of sessions.",
        "The slide text we saw breaks off mid-sentence.",
        "We found **no recommendation of psychodynamic therapy** for either condition.",
        "We read this in a summary; in our reading, the evidence is modest.",
        "That suggests two recordings per case, but we could not find which sessions are rated.",
        "The service cut-offs of most of these measures could not be confirmed.",
        "The manual's detailed guidance on the letter was not available to us.",
        "The other two ranges are a well-founded inference.",
        "We haven't confirmed it in our sources.",
        # ... and as they stood in the chapters, self-checks and dialogues later.
        "The sources do not lay down the order of events within a middle session.",
        "The sources leave open when the letter is given.",
        "The sources don\u2019t fix the timing.",
        "The timing is this handbook's guidance; the sources do not fix it.",
        "Some therapists explain the frame later; the sources describe both.",
        "When exactly it is first raised is not fixed by the sources.",
        "The letter is part of DIT; secondary descriptions present it as written by the therapist.",
        "It is drawn from secondary descriptions, as the manual's guidance was not available.",
        "The point rests on secondary sources.",
    ],
)
def test_variants_are_caught(line: str) -> None:
    assert lint.lint_text(line, "docs/x.md"), line


@pytest.mark.parametrize(
    "line",
    [
        "DIT and IPT are different therapies; DIT is not a form of IPT.",
        "Dynamic Interpersonal Therapy (DIT) runs for 16 weekly sessions.",
        "Interpersonal Psychotherapy, known as IPT, was developed by Klerman and Weissman.",
        "IPT runs 12\u201316 sessions; complex-care DIT adaptations run 20\u201328 sessions.",
        "See pages 12\u201320 of the guide.",
        "DIT does not use free association: the therapist keeps the focus.",
        "Opening non-directively is not the same as free association.",
        "There is no DIT licence.",
        "This handbook is licensed under CC BY-SA 4.0.",
        "The control arm was low-intensity treatment (LIT), the usual IAPT step 2.",
        "NICE recommends short-term psychodynamic psychotherapy (STPP), of which DIT is one form.",
        "NICE does not recommend DIT by name.",
        "A nice way to recommend DIT to a colleague.",
        "Dynamic Interpersonal Therapy is also known as DIT.",
        # Clinical hedges, and "we" in other senses.
        "Sessions usually last about 50 minutes; keep to your service's length.",
        "This handbook does not report which sessions are rated, so ask your course.",
        "The ending phase is usually described as sessions 13 to 16.",
        "Together we could not see a way forward, she said, until the letter.",
        "In session 6 we found the pattern again, in the room.",
        "No order of events within a middle session is laid down.",
        # "sources" and "secondary" in other senses.
        "The two thresholds come from different sources and serve different purposes.",
        "Session by session gives the reasons and the sources: the phases follow the guide.",
        "In secondary or complex care, DIT is often extended to 20 or 24 sessions.",
        "That is like calling a whole secondary school tense.",
    ],
)
def test_correct_statements_pass(line: str) -> None:
    assert lint.lint_text(line, "docs/x.md") == []


def test_quoted_claims_are_exempt_only_on_the_misconceptions_page(tmp_path: Path) -> None:
    text = (
        '**Claim:** "DIT is also known as Interpersonal Therapy (IPT)."\n'
        '> "DIT is a longer-term treatment, typically lasting 12-20 sessions."\n'
        '  **Claim:** "Wright et al. showed it works."\n'
        "**Correction:** the control arm was low-intensity CBT.\n"
    )
    _write(tmp_path, "misconceptions.md", text)
    _write(tmp_path, "other.md", text)
    low_cbt = lint.MESSAGES["low-intensity-cbt"]
    assert _run(tmp_path) == [
        f"docs/misconceptions.md:4: {low_cbt}",
        f"docs/other.md:1: {lint.MESSAGES['dit-is-ipt']}",
        f"docs/other.md:2: {lint.MESSAGES['sessions-12-20']}",
        f"docs/other.md:3: {lint.MESSAGES['wright-et-al']}",
        f"docs/other.md:4: {low_cbt}",
    ]


def test_notes_about_sources_are_allowed_only_on_the_pages_about_sources(tmp_path: Path) -> None:
    line = "This could not be confirmed in the manual.\n"
    _write(tmp_path, "using-this-handbook.md", line)
    _write(tmp_path, "chapter.md", line)
    (tmp_path / "docs" / "authors").mkdir()
    (tmp_path / "docs" / "authors" / "checklist.md").write_text(line, encoding="utf-8")
    assert _run(tmp_path) == [f"docs/chapter.md:1: {lint.MESSAGES['source-note']}"]


def test_one_line_can_break_several_rules() -> None:
    line = "Wright et al. compared DIT with low-intensity CBT."
    assert [p.message for p in lint.lint_text(line, "docs/x.md")] == [
        lint.MESSAGES["low-intensity-cbt"],
        lint.MESSAGES["wright-et-al"],
    ]


def test_main_prints_problems_and_exits_nonzero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "bad.md", PLANTED)
    monkeypatch.chdir(tmp_path)
    assert lint.main(["docs"]) == 1
    assert capsys.readouterr().out.splitlines() == EXPECTED


def test_main_exits_zero_on_clean_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "good.md", "DIT is a brief psychodynamic therapy of 16 sessions.\n")
    monkeypatch.chdir(tmp_path)
    assert lint.main([]) == 0
    assert capsys.readouterr().out == ""


def test_main_reports_a_missing_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert lint.main(["nowhere"]) == 2
    assert "nowhere: no such file or directory" in capsys.readouterr().err


def _write_at(tmp_path: Path, relative: str, text: str) -> None:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_yaml_is_checked_for_source_notes_only(tmp_path: Path) -> None:
    """Self-checks quote wrong claims as wrong options, so only the source-note rule applies."""
    _write_at(
        tmp_path,
        "selfchecks/letter.yaml",
        "questions:\n"
        "  - id: outline\n"
        "    options:\n"
        "      - text: DIT uses free association only in the middle phase.\n"
        "    explanation: >-\n"
        "      The outline has six parts. It is drawn from secondary descriptions.\n",
    )
    _write_at(
        tmp_path,
        "dialogues/first.yaml",
        "turns:\n  - note: >-\n      Some therapists open otherwise; the sources describe both.\n",
    )
    _write_at(tmp_path, "drills/stance.yml", "purpose: Wright et al. Also, we saw it once.\n")
    note = lint.MESSAGES["source-note"]
    problems = lint.lint_paths(
        [tmp_path / "selfchecks", tmp_path / "dialogues", tmp_path / "drills"], root=tmp_path
    )
    assert [str(p) for p in problems] == [
        f"dialogues/first.yaml:3: {note}",
        f"drills/stance.yml:1: {note}",
        f"selfchecks/letter.yaml:6: {note}",
    ]


def test_a_phrase_wrapped_across_two_lines_is_reported_at_the_line_it_starts_on() -> None:
    note = lint.MESSAGES["source-note"]
    folded = (
        "purpose: >-\n"
        "  The phrase is usually credited to mentalization-based treatment; we have\n"
        "  not seen it in the DIT manual itself.\n"
        "  Nothing to see here.\n"
        "  The manual's guidance on the letter was not available to us.\n"
    )
    assert [str(p) for p in lint.lint_text(folded, "drills/x.yaml")] == [
        f"drills/x.yaml:2: {note}",
        f"drills/x.yaml:5: {note}",
    ]
    wrapped = "This map follows that layout; the\nsources leave open the domain labels.\n"
    assert [p.line for p in lint.lint_text(wrapped, "docs/x.md")] == [1]


def test_the_self_check_of_the_page_about_sources_is_exempt(tmp_path: Path) -> None:
    line = "explanation: Hedged points rest on secondary sources.\n"
    _write_at(tmp_path, "selfchecks/using-this-handbook.yaml", line)
    _write_at(tmp_path, "selfchecks/goodbye-letter.yaml", line)
    problems = lint.lint_paths([tmp_path / "selfchecks"], root=tmp_path)
    assert [str(p) for p in problems] == [
        f"selfchecks/goodbye-letter.yaml:1: {lint.MESSAGES['source-note']}"
    ]


def test_main_by_default_lints_the_docs_self_checks_dialogues_and_drills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "good.md", "DIT is a brief psychodynamic therapy of 16 sessions.\n")
    for folder in ("selfchecks", "dialogues", "drills"):
        _write_at(tmp_path, f"{folder}/x.yaml", "id: x\nnote: The sources do not say.\n")
    monkeypatch.chdir(tmp_path)
    assert lint.main([]) == 1
    note = lint.MESSAGES["source-note"]
    assert capsys.readouterr().out.splitlines() == [
        f"dialogues/x.yaml:2: {note}",
        f"drills/x.yaml:2: {note}",
        f"selfchecks/x.yaml:2: {note}",
    ]


def test_real_content_is_clean() -> None:
    paths = lint.default_paths(ROOT)
    assert [p.name for p in paths] == list(lint.DEFAULT_PATHS)
    files = lint.content_files(paths)
    assert any(p.parent.name == "handbook" for p in files), "no handbook pages found under docs/"
    for folder in ("selfchecks", "dialogues", "drills"):
        assert any(p.parent.name == folder and p.suffix == ".yaml" for p in files), folder
    problems = [str(p) for p in lint.lint_paths(paths, root=ROOT)]
    assert problems == []
