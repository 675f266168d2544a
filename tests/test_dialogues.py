"""Annotated dialogues: each rule's exact `file:line: field: message`, the corpus (every moment
present, the weaker and stronger pair), and the built pages in both editions (links to the case
and to the chapter sections, listed from both, on the print page with each turn kept whole)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ditbook.content import chapters, load
from ditbook.models.case import PHASES
from ditbook.models.dialogue import MOMENTS, SECTIONS, TECHNIQUES
from ditbook.paths import CASES_DIR, ROOT
from ditbook.registry import CASES, DIALOGUES, load_all
from ditbook.render import cases as case_render
from ditbook.render import dialogues as dialogue_render

from .conftest import new_page

DIALOGUES_DIR = ROOT / DIALOGUES.folder

# A small valid dialogue: the rules below are each broken by one edit of it.
BASE = """\
# yaml-language-server: $schema=dialogue.schema.json
id: base
title: "Ruth, session 6: a friend who cancelled"
patient: ruth-unheard
moment: middle-episode
session: 6
shows: >-
  The middle phase. Ruth tells the therapist about a friend who cancelled lunch, and the
  therapist slows the episode down to the moment before she cut off.
sections:
  - handbook/techniques.md#keeping-the-focus
turns:
  - speaker: patient
    text: >-
      My friend cancelled lunch on Saturday. It doesn't matter.
  - speaker: therapist
    text: >-
      What did you feel when her message came?
    annotation:
      technique: focusing-on-affect
      element: affect
      note: >-
        "It doesn't matter" is how Ruth cuts off; the question goes back to the moment.
  - speaker: patient
    text: >-
      Annoyed, I suppose. Then nothing.
  - speaker: therapist
    text: >-
      Annoyed, and then nothing. What happened in between?
  - speaker: patient
    text: >-
      I thought, typical. Nobody keeps anything for me.
  - speaker: therapist
    text: >-
      That sounds close to our focus: expecting people to put themselves first.
    annotation:
      technique: linking-to-the-ipaf
      element: other
      note: >-
        The episode is linked to the agreed focus in its own words, and tentatively.
  - speaker: patient
    text: >-
      Maybe. I didn't reply to her.
  - speaker: therapist
    text: >-
      You didn't reply. What did you want to say?
  - speaker: patient
    text: >-
      That I'd been looking forward to it for weeks.
  - speaker: therapist
    text: >-
      That you'd been looking forward to it. Could you have said that to her?
what_to_notice:
  - The therapist goes back to the moment before Ruth cut off.
  - The link to the focus is offered, not imposed.
"""


def case_ids() -> list[str]:
    return sorted(p.stem for p in CASES_DIR.glob("*.yaml"))


def mutate(old: str, new: str) -> tuple[str, int]:
    """The base with `old` (found exactly once) replaced by `new`, and the line `new` starts on."""
    assert BASE.count(old) == 1, f"{old!r} must occur exactly once in the base"
    at = BASE.index(old)
    return BASE.replace(old, new), BASE.count("\n", 0, at) + 1


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text.count("\n", 0, text.index(needle)) + 1


def problems_of(tmp_path: Path, text: str) -> list[str]:
    """Every problem with one dialogue file, checked with the real cases (as the build does)."""
    (tmp_path / "cases").symlink_to(CASES_DIR, target_is_directory=True)
    folder = tmp_path / "dialogues"
    folder.mkdir()
    (folder / "base.yaml").write_text(text, encoding="utf-8")
    _items, problems = load_all(tmp_path)
    return [f"{p.line}: {p.field}: {p.message}" for p in problems if p.path.parent == folder]


def test_the_base_is_valid(tmp_path):
    assert problems_of(tmp_path, BASE) == []


def test_a_patient_who_is_no_case_is_refused(tmp_path):
    text, line = mutate("patient: ruth-unheard", "patient: nobody-here")
    ids = case_ids()
    shown = ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")
    assert problems_of(tmp_path, text) == [
        f"{line}: patient: names no case 'nobody-here' (known: {shown})"
    ]


def test_an_exercise_patient_is_refused(tmp_path):
    exercise = next(c.id for c in load.load_valid(CASES, [CASES_DIR]) if c.role == "exercise")
    text, line = mutate("patient: ruth-unheard", f"patient: {exercise}")
    assert problems_of(tmp_path, text) == [
        f"{line}: patient: names the case '{exercise}', whose role is exercise; only a case "
        "whose role is worked-example may be named here: an exercise's material is a model answer"
    ]


def test_an_empty_turn_is_refused(tmp_path):
    text, _ = mutate("      Maybe. I didn't reply to her.\n", "      \n")
    line = line_of(text, "  - speaker: patient\n    text: >-\n      \n") + 1
    assert problems_of(tmp_path, text) == [f"{line}: turns[6].text: must not be empty"]


def test_a_turn_with_no_text_at_all_is_refused(tmp_path):
    text, line = mutate("    text: >-\n      Maybe. I didn't reply to her.\n", "    text:\n")
    assert problems_of(tmp_path, text) == [f"{line}: turns[6].text: must not be empty"]


def test_an_unknown_technique_is_refused(tmp_path):
    text, line = mutate("technique: focusing-on-affect", "technique: free-association")
    names = [repr(t) for t in TECHNIQUES]
    expected = ", ".join(names[:-1]) + " or " + names[-1]
    assert problems_of(tmp_path, text) == [
        f"{line}: turns[1].annotation.technique: must be one of {expected} "
        "(found 'free-association')"
    ]


def test_html_in_a_turn_is_refused(tmp_path):
    text, line = mutate(
        "      Annoyed, I suppose. Then nothing.", "      Annoyed, I <b>suppose</b>. Then nothing."
    )
    found = problems_of(tmp_path, text)
    assert found == [f"{line - 1}: turns[2].text: must not contain HTML ('<b>'); write plain text"]


def test_an_annotation_without_a_technique_is_refused(tmp_path):
    text, _ = mutate("      technique: linking-to-the-ipaf\n", "")
    line = line_of(text, "      element: other") - 1
    assert problems_of(tmp_path, text) == [f"{line}: turns[5].annotation.technique: is required"]


def test_an_annotation_on_a_patient_turn_is_refused(tmp_path):
    text, line = mutate(
        "      Maybe. I didn't reply to her.\n",
        "      Maybe. I didn't reply to her.\n"
        "    annotation:\n"
        "      technique: focusing-on-affect\n"
        "      element: affect\n"
        "      note: >-\n"
        "        A patient's turn is not where a technique is shown.\n",
    )
    assert problems_of(tmp_path, text) == [
        f"{line + 1}: turns[6].annotation: only a therapist's turn carries an annotation: "
        "annotate the therapist's reply"
    ]


@pytest.mark.parametrize(
    ("session", "message"),
    [("0", "must be at least 1 (found 0)"), ("17", "must be at most 16 (found 17)")],
)
def test_a_session_outside_1_to_16_is_refused(tmp_path, session, message):
    text, line = mutate("session: 6", f"session: {session}")
    assert problems_of(tmp_path, text) == [f"{line}: session: {message}"]


@pytest.mark.parametrize(
    ("moment", "session", "span"),
    [
        ("reading-the-letter", 11, "sessions 13-16"),
        ("opening-session-1", 2, "session 1"),
        ("agreeing-the-focus", 12, "sessions 2-6"),
        ("middle-episode", 3, "sessions 5-12"),
    ],
)
def test_a_session_that_contradicts_the_moment_is_refused(tmp_path, moment, session, span):
    text, _ = mutate("moment: middle-episode\nsession: 6", f"moment: {moment}\nsession: {session}")
    line = line_of(text, f"session: {session}")
    assert problems_of(tmp_path, text) == [
        f"{line}: session: session {session} does not fit the moment {moment}, which belongs "
        f"to {span}"
    ]


def test_a_section_that_is_not_a_practised_chapter_section_is_refused(tmp_path):
    text, line = mutate(
        "  - handbook/techniques.md#keeping-the-focus", "  - handbook/techniques.md#no-such-anchor"
    )
    found = problems_of(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(f"{line}: sections[0]: must be one of ")
    assert found[0].endswith("(found 'handbook/techniques.md#no-such-anchor')")


def test_a_dialogue_needs_both_speakers(tmp_path):
    text = re.sub(r"speaker: patient", "speaker: therapist", BASE)
    assert problems_of(tmp_path, text) == [
        f"{line_of(text, 'turns:')}: turns: needs turns by both the therapist and the patient"
    ]


def test_a_dialogue_needs_ten_turns(tmp_path):
    text, _ = mutate(
        "  - speaker: therapist\n    text: >-\n      That you'd been looking forward to it. "
        "Could you have said that to her?\n",
        "",
    )
    assert problems_of(tmp_path, text) == [
        f"{line_of(text, 'turns:')}: turns: needs at least 10 items (found 9)"
    ]


# ---------------------------------------------------------------------------------------------
# The corpus


@pytest.fixture(scope="module")
def dialogues():
    return load.load_valid(DIALOGUES, [DIALOGUES_DIR])


@pytest.fixture(scope="module")
def worked():
    return {c.id: c for c in load.load_valid(CASES, [CASES_DIR]) if c.role == "worked-example"}


# The eight moments every dialogue set must show, and the moment of the weaker/stronger pair.
REQUIRED_MOMENTS = {
    "opening-session-1",
    "inviting-an-episode",
    "agreeing-the-focus",
    "middle-episode",
    "transference-taken-up",
    "transference-rejected",
    "raising-the-ending",
    "reading-the-letter",
}


def test_at_least_nine_dialogues_cover_every_moment_and_the_pair(dialogues):
    assert len(dialogues) >= 9
    assert {d.moment for d in dialogues} >= REQUIRED_MOMENTS
    pairs = [d for d in dialogues if d.weaker is not None]
    assert [d.moment for d in pairs] == ["responding-to-item-9"]
    assert REQUIRED_MOMENTS | {"responding-to-item-9"} == set(MOMENTS)


def test_every_dialogue_is_with_a_worked_example_in_session_range(dialogues, worked):
    for d in dialogues:
        assert d.patient in worked, d.id
        assert 10 <= len(d.turns) <= 24, d.id
        _title, first, last = MOMENTS[d.moment]
        assert first <= d.session <= last, d.id
        assert all(s in SECTIONS for s in d.sections), d.id


def test_the_item_9_pair_is_in_a_session_where_the_case_scores_item_9_above_0(dialogues, worked):
    (pair,) = [d for d in dialogues if d.weaker is not None]
    score = next(s for s in worked[pair.patient].scores if s.session == pair.session)
    assert score.phq9_item9 is not None and score.phq9_item9 > 0


def test_dialogues_use_every_patient_a_dialogue_names_with_five_worked_examples(dialogues):
    assert len({d.patient for d in dialogues}) == 5


# ---------------------------------------------------------------------------------------------
# The built pages


def soup_at(site: Path, src_uri: str) -> BeautifulSoup:
    path = site / src_uri.removesuffix(".md") / "index.html"
    if src_uri.endswith("index.md"):
        path = site / src_uri.removesuffix("index.md") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolve(site: Path, page_src: str, href: str) -> tuple[Path, str]:
    """The built file a link from `page_src` leads to, and its fragment."""
    target, _, fragment = href.partition("#")
    base = (site / page_src.removesuffix(".md")).resolve()
    path = (base / target).resolve() if target else base
    return path / "index.html" if path.is_dir() else path, fragment


def links_from(soup: BeautifulSoup, within=None) -> list[str]:
    return [a["href"] for a in (within or soup).select("a[href]")]


def section_nodes(soup: BeautifulSoup, anchor: str) -> list:
    """The elements of a chapter section: from its heading to the next heading of its level or
    above."""
    heading = soup.find(id=anchor)
    assert heading is not None, anchor
    level = int(heading.name[1])
    found = []
    for node in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", node.name or "") and int(node.name[1]) <= level:
            break
        found.append(node)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_every_dialogue_page_links_to_its_case_and_sections(request, edition, dialogues, worked):
    site = request.getfixturevalue(f"{edition}_site")
    for d in dialogues:
        src = dialogue_render.page_path(d)
        soup = soup_at(site, src)
        article = soup.select_one("article")
        assert article.h1 is not None and d.title in article.h1.get_text(), d.id
        targets = {resolve(site, src, href) for href in links_from(soup, article)}
        case_page = site / case_render.page_path(worked[d.patient]).removesuffix(".md")
        assert (case_page / "index.html", "") in targets, d.id
        for section in d.sections:
            page, anchor = section.split("#")
            chapter = (site / page.removesuffix(".md") / "index.html").resolve()
            assert (chapter, anchor) in targets, (d.id, section)
        # Every turn shows its speaker as text, and every annotation is inside its turn.
        turns = article.select(".turn")
        assert len(turns) == len(d.turns) + (len(d.weaker.turns) if d.weaker else 0), d.id
        for turn in turns:
            assert turn.select_one(".turn__speaker").get_text(strip=True), d.id
        for note in article.select(".turn__note"):
            assert "turn" in note.parent.get("class", []), d.id
        notes = sum(1 for t in d.turns if t.annotation)
        notes += sum(1 for t in d.weaker.turns if t.annotation) if d.weaker else 0
        assert len(article.select(".turn__note")) == notes, d.id


@pytest.mark.slow
def test_the_pair_shows_the_weaker_version_first_with_its_reasons(trainee_site, dialogues):
    (pair,) = [d for d in dialogues if d.weaker is not None]
    article = soup_at(trainee_site, dialogue_render.page_path(pair)).select_one("article")
    ids = [h.get("id") for h in article.select("h2, h3")]
    assert ids.index("weaker") < ids.index("why-weaker") < ids.index("stronger")
    reasons = section_nodes(article, "why-weaker")
    assert sum(len(n.select("li")) for n in reasons if n.name == "ul") == len(
        pair.weaker.why_weaker
    )


@pytest.mark.slow
def test_each_chapter_section_links_to_the_dialogues_that_practise_it(trainee_site, dialogues):
    for section in sorted(SECTIONS):
        page, anchor = section.split("#")
        soup = soup_at(trainee_site, page)
        hrefs = [h for node in section_nodes(soup, anchor) for h in links_from(node)]
        reached = {resolve(trainee_site, page, h)[0] for h in hrefs}
        for d in dialogues:
            built = (trainee_site / dialogue_render.page_path(d).removesuffix(".md")).resolve()
            linked = built / "index.html" in reached
            assert linked == (section in d.sections), (section, d.id)


@pytest.mark.slow
def test_each_case_page_lists_its_dialogues(trainee_site, dialogues, worked):
    for case_id, case in worked.items():
        src = case_render.page_path(case)
        soup = soup_at(trainee_site, src)
        mine = {
            (trainee_site / dialogue_render.page_path(d).removesuffix(".md")).resolve()
            / "index.html"
            for d in dialogues
            if d.patient == case_id
        }
        practise = soup.find(id="practise")
        if not mine:
            assert practise is None, case_id
            continue
        assert practise is not None, case_id
        listed = {resolve(trainee_site, src, h)[0] for h in links_from(practise.find_next("ul"))}
        # Drills with the same patient are listed there too.
        listed = {path for path in listed if "/workbook/dialogues/" in path.as_posix()}
        assert listed == mine, case_id


@pytest.mark.slow
def test_the_dialogue_index_lists_every_dialogue_by_phase(trainee_site, dialogues):
    soup = soup_at(trainee_site, dialogue_render.INDEX)
    for d in dialogues:
        phase = dialogue_render.phase_of(d.session)
        rows = [r for r in section_nodes(soup, f"{phase}-phase") if r.name in ("table", "div")]
        titles = [a.get_text() for r in rows for a in r.select("a")]
        assert d.title in titles, (d.id, phase)
    assert set(PHASES) >= {dialogue_render.phase_of(d.session) for d in dialogues}
    assert soup.find(id="technique-names") is not None


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_the_print_page_holds_every_dialogue_turn_by_turn(request, edition, dialogues):
    site = request.getfixturevalue(f"{edition}_site")
    soup = BeautifulSoup((site / "print_page" / "index.html").read_text("utf-8"), "html.parser")
    printed = soup.select_one("#print-site-page")
    text = " ".join(printed.get_text(" ").split())
    turns = printed.select(".turn")
    total = sum(len(d.turns) + (len(d.weaker.turns) if d.weaker else 0) for d in dialogues)
    assert len(turns) == total
    for d in dialogues:
        assert d.title in text, d.id
    for note in printed.select(".turn__note"):
        assert "turn" in note.parent.get("class", [])


def test_the_print_stylesheet_keeps_each_turn_whole_and_the_annotation_below():
    css = (ROOT / "docs" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset \.turn \{([^}]*)\}", css)
    assert rule is not None
    assert "break-inside: avoid" in rule.group(1)
    assert "display: block" in rule.group(1)  # no grid on paper: the note follows the words
    handbook = (ROOT / "docs" / "stylesheets" / "handbook.css").read_text(encoding="utf-8")
    assert "break-inside" not in handbook.split("Annotated dialogues", 1)[1]


# ---------------------------------------------------------------------------------------------
# In a real browser: beside on a wide screen, beneath on a phone and on paper, whole on paper.

LAYOUT_JS = """() => [...document.querySelectorAll(".turn")].filter(t => t.querySelector(
  ".turn__note")).map(t => {
    const text = t.querySelector(".turn__text").getBoundingClientRect();
    const note = t.querySelector(".turn__note").getBoundingClientRect();
    return {
      beside: note.left >= text.right - 1,
      beneath: note.top >= text.bottom - 1,
      avoid: getComputedStyle(t).breakInside,
    };
  })"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("width", "media", "where"),
    [(1280, "screen", "beside"), (390, "screen", "beneath"), (1280, "print", "beneath")],
)
def test_annotations_sit_beside_or_beneath_their_turns(
    browser, trainee_url, dialogues, width, media, where
):
    page = new_page(browser, viewport={"width": width, "height": 900})
    try:
        for d in dialogues[:3]:
            page.goto(trainee_url + dialogue_render.page_path(d).removesuffix(".md") + "/")
            page.emulate_media(media=media)
            layout = page.evaluate(LAYOUT_JS)
            assert layout, d.id
            assert all(turn[where] for turn in layout), (d.id, width, media)
            if media == "print":
                assert {turn["avoid"] for turn in layout} == {"avoid"}
    finally:
        page.context.close()


@pytest.mark.browser
def test_the_print_page_keeps_every_turn_whole(watched, trainee_url):
    page = watched.page
    page.goto(trainee_url + "print_page/", wait_until="load")
    page.emulate_media(media="print")
    values = page.evaluate(
        """() => [...document.querySelectorAll("#print-site-page .turn")]
          .map(e => getComputedStyle(e).breakInside)"""
    )
    assert values and set(values) == {"avoid"}


def test_the_technique_names_table_names_every_technique():
    table = dialogue_render.technique_names()
    for label, _status in TECHNIQUES.values():
        assert label in table


def test_every_dialogue_file_is_shaped_for_editors():
    for path in sorted(DIALOGUES_DIR.glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=dialogue.schema.json", path.name


def test_a_copy_of_the_folder_validates_only_with_its_cases(tmp_path):
    """The patient check is across folders: with no cases, every dialogue's patient is unknown."""
    shutil.copytree(DIALOGUES_DIR, tmp_path / "dialogues")
    (tmp_path / "cases").mkdir()
    _items, problems = load_all(tmp_path)
    named = {p.path.name for p in problems if p.field == "patient"}
    assert named == {p.name for p in DIALOGUES_DIR.glob("*.yaml")}


def test_a_chapter_section_that_stops_listing_its_dialogues_is_reported_at_each(
    tmp_path, monkeypatch
):
    """Take the practice_for call out of one chapter section, and every dialogue naming the
    section is refused at that entry of its `sections`: the link back cannot be lost quietly."""
    section = "handbook/techniques.md#keeping-the-focus"
    shutil.copytree(ROOT / "docs" / "handbook", tmp_path / "handbook")
    chapter = tmp_path / "handbook" / "techniques.md"
    call = f"{{{{ practice_for('{section}') }}}}"
    text = chapter.read_text(encoding="utf-8")
    assert text.count(call) == 1
    chapter.write_text(text.replace(call, ""), encoding="utf-8")
    monkeypatch.setattr(chapters, "DOCS_DIR", tmp_path)
    chapters._parsed.cache_clear()
    try:
        _found, problems = load.load(DIALOGUES, [DIALOGUES_DIR])
    finally:
        monkeypatch.undo()
        chapters._parsed.cache_clear()
    naming = [d for d in load.load_valid(DIALOGUES, [DIALOGUES_DIR]) if section in d.sections]
    assert len(naming) >= 2
    got = sorted((p.path.stem, p.line, p.field) for p in problems)
    wanted = []
    for d in naming:
        text = (DIALOGUES_DIR / f"{d.id}.yaml").read_text(encoding="utf-8")
        index = d.sections.index(section)
        wanted.append((d.id, line_of(text, f"  - {section}\n"), f"sections[{index}]"))
    assert got == sorted(wanted)
    assert all("does not list what practises it" in p.message for p in problems)
