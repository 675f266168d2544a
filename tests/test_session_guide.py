"""The session-by-session chapter and the phase checklists, read from the real site.

* the chapter has its seven sections, each at its stable anchor, and in each the six parts a
  trainee looks for (aims, what the therapist does, example lines, what to record, supervision,
  pitfalls) as sub-headings of that section;
* every section tells the trainee to take the measures at the start of the session and to ask
  about any score above 0 on PHQ-9 item 9 that day;
* the chapter is in the navigation right after "The 16 sessions", which links to it;
* the checklists page prints on three A4 pages, one per phase, each headed by its phase.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from ditbook.paths import ROOT

CHAPTER = "session-by-session"
CHECKLISTS = "phase-checklists"

SECTIONS = {
    "session-1": "Session 1",
    "sessions-2-3": "Sessions 2 and 3",
    "session-4": "Session 4",
    "middle-session": "A typical middle session",
    "raising-the-ending": "The session where the ending is raised",
    "letter-session": "The letter session",
    "last-session": "The last session",
}
# Each section's parts: anchor suffix -> heading text.
PARTS = {
    "aims": "Aims",
    "therapist": "What the therapist does",
    "examples": "Example lines",
    "record": "What to record",
    "supervision": "What to take to supervision",
    "pitfalls": "Common pitfalls",
}
PHASES = [
    ("initial-phase", "Initial phase: about sessions 1–4"),
    ("middle-phase", "Middle phase: sessions 5–12"),
    ("ending-phase", "Ending phase: about sessions 13–16"),
]


def words(text: str) -> str:
    return " ".join(text.replace("¶", "").split())


def article(site: Path, slug: str) -> Tag:
    path = site / "handbook" / slug / "index.html"
    assert path.is_file(), f"handbook/{slug}: no page in the built site"
    found = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(
        "article.md-content__inner"
    )
    assert found is not None, f"handbook/{slug}: no <article>"
    return found


def section(page: Tag, anchor: str) -> list[Tag]:
    """The elements after the h2 with this id, up to the next h2."""
    heading = page.find(id=anchor)
    assert heading is not None and heading.name == "h2", f"no <h2 id={anchor!r}>"
    body = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        body.append(sibling)
    return body


@pytest.fixture(scope="module")
def chapter(trainee_site) -> Tag:
    return article(trainee_site, CHAPTER)


def test_chapter_opens_with_learning_objectives(chapter):
    """The objectives (from selfchecks/session-by-session.yaml) come right after the title."""
    box = chapter.find("h1").find_next_sibling()
    assert "selfcheck-objectives" in box.get("class", [])
    lead = box.select_one("p:not(.admonition-title)")
    assert words(lead.get_text()) == "By the end of this chapter you will be able to:"
    objectives = lead.find_next_sibling("ul").find_all("li", recursive=False)
    assert 3 <= len(objectives) <= 5, len(objectives)


@pytest.mark.parametrize("anchor", SECTIONS)
def test_each_section_is_at_its_anchor_with_its_title(chapter, anchor):
    heading = chapter.find(id=anchor)
    assert heading is not None and heading.name == "h2", f"no <h2 id={anchor!r}>"
    assert words(heading.get_text()).startswith(SECTIONS[anchor])


def test_the_sections_come_in_the_order_of_the_therapy(chapter):
    ids = [h["id"] for h in chapter.find_all("h2") if h.get("id") in SECTIONS]
    assert ids == list(SECTIONS)


@pytest.mark.parametrize("anchor", SECTIONS)
def test_each_section_has_the_six_parts_in_order(chapter, anchor):
    body = section(chapter, anchor)
    found = [(h["id"], words(h.get_text())) for h in body if h.name == "h3"]
    assert found == [(f"{anchor}-{part}", title) for part, title in PARTS.items()]
    for element in body:
        if element.name == "h3":
            following = element.find_next_sibling()
            assert following is not None and following.name not in ("h2", "h3"), (
                f"{element['id']}: the part is empty"
            )


def part(chapter: Tag, anchor: str, name: str) -> str:
    heading = chapter.find(id=f"{anchor}-{name}")
    text = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        text.append(sibling.get_text(" "))
    return words(" ".join(text))


@pytest.mark.parametrize("anchor", SECTIONS)
def test_what_to_record_has_the_measures_item_9_and_notes(chapter, anchor):
    text = part(chapter, anchor, "record")
    assert text.startswith("Measures at the start of the session"), text[:80]
    assert "PHQ-9 item 9" in text and "above 0" in text and "that day" in text, text
    assert "Notes:" in text, text


@pytest.mark.parametrize("anchor", SECTIONS)
def test_example_lines_are_labelled_as_examples(chapter, anchor):
    text = part(chapter, anchor, "examples")
    assert text.startswith("Examples, in our own words")
    heading = chapter.find(id=f"{anchor}-examples")
    lines = heading.find_next_sibling("ul").find_all("li")
    assert 2 <= len(lines) <= 5
    assert all(words(li.get_text())[0] in '"\u201c' for li in lines), anchor


def test_no_risk_categories_are_recommended(chapter):
    # NICE and NCISH advise against high/medium/low categories: the chapter may name them only
    # to say not to use them.
    text = words(chapter.get_text(" "))
    for phrase in ("low risk", "medium risk", "high risk"):
        assert phrase not in text.lower(), phrase


def _nav_paths() -> list[str]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    handbook = next(i["Handbook"] for i in config["nav"] if isinstance(i, dict) and "Handbook" in i)
    return [e if isinstance(e, str) else next(iter(e.values())) for e in handbook]


def test_chapter_and_checklists_follow_the_16_sessions_in_the_nav():
    paths = _nav_paths()
    at = paths.index("handbook/the-16-sessions.md")
    assert paths[at + 1] == f"handbook/{CHAPTER}.md"
    assert f"handbook/{CHECKLISTS}.md" in paths


def test_the_16_sessions_links_to_the_chapter(trainee_site):
    page = article(trainee_site, "the-16-sessions")
    targets = {
        posixpath.normpath(posixpath.join("handbook/the-16-sessions/", a["href"].split("#")[0]))
        for a in page.select("a[href]")
    }
    assert f"handbook/{CHAPTER}" in targets


def test_the_16_sessions_keeps_its_phase_anchors(trainee_site):
    page = article(trainee_site, "the-16-sessions")
    for anchor in (
        "the-initial-phase-sessions-14",
        "the-middle-phase-sessions-512",
        "the-ending-phase-sessions-1316",
    ):
        assert page.find(id=anchor) is not None, anchor


def test_each_section_asks_for_its_practice_links():
    """The source calls practice_for with the key of the phase each section belongs to (the
    macro prints nothing while no dialogue or drill names the key)."""
    source = (ROOT / "docs" / "handbook" / f"{CHAPTER}.md").read_text(encoding="utf-8")
    assert "\nrender_macros: true" in source.split("\n---\n", 1)[0]
    phase = {
        "session-1": "the-initial-phase-sessions-14",
        "sessions-2-3": "the-initial-phase-sessions-14",
        "session-4": "the-initial-phase-sessions-14",
        "middle-session": "the-middle-phase-sessions-512",
        "raising-the-ending": "the-ending-phase-sessions-1316",
        "letter-session": "the-ending-phase-sessions-1316",
        "last-session": "the-ending-phase-sessions-1316",
    }
    chunks = source.split("\n## ")
    for anchor, key in phase.items():
        chunk = next(c for c in chunks if f"{{ #{anchor} }}" in c.split("\n", 1)[0])
        call = f"{{{{ practice_for('handbook/the-16-sessions.md#{key}') }}}}"
        assert chunk.count(call) == 1, anchor


# ---------------------------------------------------------------------------------------------
# The checklists: on screen and on paper.


def test_checklists_page_has_one_checklist_per_phase_with_labelled_boxes(trainee_site):
    page = article(trainee_site, CHECKLISTS)
    lists = page.select(".phase-checklist")
    assert len(lists) == 3
    for checklist, (anchor, title) in zip(lists, PHASES, strict=True):
        heading = checklist.find("h2")
        assert heading["id"] == anchor and words(heading.get_text()) == title
        boxes = checklist.select("ul.checklist > li > label > input[type=checkbox]")
        assert len(boxes) >= 10, anchor
        # Each box is named by the text of its label.
        assert all(len(words(box.parent.get_text())) > 10 for box in boxes)


@pytest.mark.browser
@pytest.mark.slow
def test_checklists_print_one_phase_per_a4_page(trainee_site, tmp_path):
    from pypdf import PdfReader

    from ditbook.tools.pdf import print_pages

    out = tmp_path / "checklists.pdf"
    [(_, pages, _)] = print_pages(
        trainee_site, [(f"handbook/{CHECKLISTS}/", out)], say=lambda _: None
    )
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 3
    for number, (page, (_, title)) in enumerate(zip(reader.pages, PHASES, strict=True), 1):
        assert round(page.mediabox.width) == 595 and round(page.mediabox.height) == 842  # A4
        text = words(page.extract_text())
        assert title in text, f"page {number} lacks {title!r}"
        others = [t for _, t in PHASES if t != title and t in text]
        assert others == [], f"page {number} also has {others}"


@pytest.mark.browser
def test_print_css_starts_each_later_checklist_on_a_new_page(watched, trainee_url):
    """The rule itself, not only its result: with short checklists the three pages would come
    out of `break-inside: avoid` alone, until a checklist grew or shrank."""
    page = watched.page
    page.goto(trainee_url + f"handbook/{CHECKLISTS}/", wait_until="load")
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => [...document.querySelectorAll(".phase-checklist")].map(e => {
          const s = getComputedStyle(e);
          return [s.breakBefore, s.breakInside];
        })"""
    )
    assert styles == [["auto", "avoid"], ["page", "avoid"], ["page", "avoid"]]
    assert watched.external == []
