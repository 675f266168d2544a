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
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from ditbook import registry
from ditbook.content import chapters, load
from ditbook.models import sessions
from ditbook.models.case import MAX_SESSIONS
from ditbook.models.dialogue import MOMENTS
from ditbook.paths import ROOT
from ditbook.render import dialogues as dialogue_render
from ditbook.site.page_macros import page_macros

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


def test_each_section_asks_for_its_own_practice_links():
    """Each section calls practice_for once, with its own key: the macro lists what practises
    that section (a call with another chapter's key stops the build, tested below)."""
    source = (ROOT / "docs" / "handbook" / f"{CHAPTER}.md").read_text(encoding="utf-8")
    assert "\nrender_macros: true" in source.split("\n---\n", 1)[0]
    chunks = source.split("\n## ")
    for anchor in SECTIONS:
        chunk = next(c for c in chunks if f"{{ #{anchor} }}" in c.split("\n", 1)[0])
        calls = re.findall(r"practice_for\('([^']*)'\)", chunk)
        assert calls == [f"handbook/{CHAPTER}.md#{anchor}"], anchor


# ---------------------------------------------------------------------------------------------
# Links both ways: each section lists the dialogues of its session and the drills of its phase;
# each dialogue links to the section of its session, each drill of a phase to that phase's
# sections.

# The section of "The 16 sessions" for the phase each section belongs to: the drills naming it
# are that phase's drills.
PHASE_SECTION = {
    "session-1": "handbook/the-16-sessions.md#the-initial-phase-sessions-14",
    "sessions-2-3": "handbook/the-16-sessions.md#the-initial-phase-sessions-14",
    "session-4": "handbook/the-16-sessions.md#the-initial-phase-sessions-14",
    "middle-session": "handbook/the-16-sessions.md#the-middle-phase-sessions-512",
    "raising-the-ending": "handbook/the-16-sessions.md#the-ending-phase-sessions-1316",
    "letter-session": "handbook/the-16-sessions.md#the-ending-phase-sessions-1316",
    "last-session": "handbook/the-16-sessions.md#the-ending-phase-sessions-1316",
}


def expected_section(session: int, moment: str) -> str:
    """The section a dialogue belongs to, as the chapter describes the sessions: agreeing the
    focus, raising the ending and reading the letter are the sections' own moments, whatever the
    session; otherwise its number decides (the ending raised by session 13, the letter read
    before the last session)."""
    own = {
        "agreeing-the-focus": "session-4",
        "raising-the-ending": "raising-the-ending",
        "reading-the-letter": "letter-session",
    }
    if moment in own:
        return own[moment]
    if session == 1:
        return "session-1"
    if session in (2, 3):
        return "sessions-2-3"
    if session == 4:
        return "session-4"
    if 5 <= session <= 12:
        return "middle-session"
    if session == 13:
        return "raising-the-ending"
    if session in (14, 15):
        return "letter-session"
    assert session == 16
    return "last-session"


# Where the shipped dialogues belong, read from their files and the chapter by hand.
SHIPPED = {
    "amina-item-9-weaker-and-stronger": "session-1",
    "george-first-session": "session-1",
    "daniel-lets-discuss-on-thursday": "sessions-2-3",
    "ruth-small-and-furious": "session-4",
    "lewis-a-diary-change": "middle-session",
    "amina-gone-by-the-summer": "middle-session",
    "daniel-the-unfinished-chapter": "middle-session",
    "george-only-right": "raising-the-ending",
    "lewis-the-letter": "letter-session",
}


@pytest.fixture(scope="module")
def dialogues():
    return load.load_valid(registry.DIALOGUES, [ROOT / registry.DIALOGUES.folder])


@pytest.fixture(scope="module")
def drills():
    return load.load_valid(registry.DRILLS, [ROOT / registry.DRILLS.folder])


def test_the_engine_table_is_the_chapter_sections_in_order():
    chapter = f"handbook/{CHAPTER}.md"
    h2 = [a for a, _text, level in chapters.outline(chapter) if level == 2 and a in SECTIONS]
    assert list(sessions.SESSION_GUIDE_SECTIONS) == h2 == list(SECTIONS)
    for anchor, (heading, *_rest) in sessions.SESSION_GUIDE_SECTIONS.items():
        assert heading == chapters.section_title(f"{chapter}#{anchor}"), anchor
        assert sessions.heading(f"{chapter}#{anchor}") == heading
    # The sessions run 1 to 16 with no gap and no overlap, each section within one phase.
    spans = [(first, last) for _h, first, last, _m in sessions.SESSION_GUIDE_SECTIONS.values()]
    assert [n for first, last in spans for n in range(first, last + 1)] == list(
        range(1, MAX_SESSIONS + 1)
    )
    assert {a: sessions.PHASE_SECTIONS[sessions.phase_of_section(a)] for a in SECTIONS} == (
        PHASE_SECTION
    )
    named = {m for *_rest, moments in sessions.SESSION_GUIDE_SECTIONS.values() for m in moments}
    assert named <= set(MOMENTS)


@pytest.mark.parametrize(
    ("moment", "session"),
    [(m, n) for m, (_title, first, last) in MOMENTS.items() for n in range(first, last + 1)],
)
def test_every_moment_in_every_session_it_allows_belongs_to_the_section_describing_it(
    moment, session
):
    found = sessions.session_section(session, moment)
    assert found == f"handbook/{CHAPTER}.md#{expected_section(session, moment)}"


def test_the_shipped_dialogues_belong_where_the_chapter_puts_them(dialogues):
    found = {d.id: dialogue_render.session_section(d).partition("#")[2] for d in dialogues}
    assert found == SHIPPED
    assert {expected_section(d.session, d.moment) for d in dialogues} == set(SHIPPED.values())
    # Every section but the last has a dialogue; the last lists the ending's drills.
    assert set(SECTIONS) - set(SHIPPED.values()) == {"last-session"}


def test_a_chapter_cannot_list_the_practice_of_another_chapters_section():
    macros = page_macros(registry.load_bank(ROOT, "trainee"), lambda: f"handbook/{CHAPTER}.md")
    assert "Practise this" in macros["practice_for"](f"handbook/{CHAPTER}.md#session-1")
    with pytest.raises(ValueError, match=re.escape(f"is not a section of handbook/{CHAPTER}.md")):
        macros["practice_for"]("handbook/the-16-sessions.md#the-initial-phase-sessions-14")


def built_links(site: Path, page: str, nodes: list[Tag]) -> set[tuple[str, str]]:
    """(site path, anchor) of every relative link in `nodes`, on the built page `page`."""
    found = set()
    for node in nodes:
        for a in node.select("a[href]") if isinstance(node, Tag) else ():
            href = a["href"]
            if href.startswith(("http", "#", "mailto:")):
                continue
            url = urlsplit(urljoin(f"http://site/{page}/", href))
            found.add((url.path.strip("/"), url.fragment))
    return found


def article_links(site: Path, page: str) -> set[tuple[str, str]]:
    """built_links of the article of the built page `page` ('workbook/drills/<id>')."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    body = BeautifulSoup(html, "html.parser").select_one("article")
    assert body is not None, f"{page}: no <article>"
    return built_links(site, page, [body])


def guide_anchors(links: set[tuple[str, str]]) -> set[str]:
    """The anchors of this chapter that `links` point to."""
    return {anchor for path, anchor in links if path == f"handbook/{CHAPTER}"}


EDITIONS = pytest.mark.parametrize("edition", ["trainee", "supervisor"])


@EDITIONS
def test_each_section_lists_the_dialogues_of_its_session_and_the_drills_of_its_phase(
    request, edition, dialogues, drills
):
    site = request.getfixturevalue(f"{edition}_site")
    page = article(site, CHAPTER)
    wrong = []
    for anchor in SECTIONS:
        linked = {p for p, _ in built_links(site, f"handbook/{CHAPTER}", section(page, anchor))}
        listed = {p for p in linked if p.startswith(("workbook/dialogues/", "workbook/drills/"))}
        wanted = {
            f"workbook/dialogues/{d.id}"
            for d in dialogues
            if expected_section(d.session, d.moment) == anchor
        } | {f"workbook/drills/{d.id}" for d in drills if PHASE_SECTION[anchor] in d.sections}
        if listed != wanted:
            wrong.append((anchor, sorted(wanted - listed), sorted(listed - wanted)))
    assert wrong == [], "(section, not listed, listed wrongly)"


@EDITIONS
def test_each_dialogue_links_back_to_the_section_of_its_session(request, edition, dialogues):
    site = request.getfixturevalue(f"{edition}_site")
    for d in dialogues:
        links = article_links(site, f"workbook/dialogues/{d.id}")
        assert guide_anchors(links) == {expected_section(d.session, d.moment)}, d.id
        # ... in addition to the sections the dialogue names
        for named in d.sections:
            chapter, anchor = named.split("#")
            assert (chapter.removesuffix(".md"), anchor) in links


@EDITIONS
def test_each_drill_of_a_phase_links_back_to_the_sections_of_its_phase(request, edition, drills):
    site = request.getfixturevalue(f"{edition}_site")
    for d in drills:
        guide = guide_anchors(article_links(site, f"workbook/drills/{d.id}"))
        assert guide == {a for a in SECTIONS if PHASE_SECTION[a] in d.sections}, d.id
    assert any(PHASE_SECTION["session-1"] in d.sections for d in drills)


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
