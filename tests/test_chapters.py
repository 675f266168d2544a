"""The handbook chapters as readers get them: read from the real site, built once per session.

Each test names the page and what is missing, so a failure says where to look:

* the chapters in the navigation exist and cite the references page with working anchors;
* every chapter shows its "Last reviewed" date, taken from the `reviewed:` front matter;
* the glossary and the abbreviation list agree with each other and with the chapters;
* the worked example, the goodbye letter and the score chart are drawn from the case file;
* the session timeline shows the sixteen sessions in their three phases;
* every case of the workbook is linked from a chapter.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from ditbook.paths import ROOT

HANDBOOK_DIR = ROOT / "docs" / "handbook"
ABBREVIATIONS_FILE = ROOT / "docs" / "includes" / "abbreviations.md"

EXPECTED_CHAPTERS = [
    "using-this-handbook",
    "what-is-dit",
    "psychodynamic-roots",
    "the-16-sessions",
    "session-by-session",
    "phase-checklists",
    "the-ipaf",
    "techniques",
    "tracking-progress",
    "risk-and-safeguarding",
    "goodbye-letter",
    "when-things-go-wrong",
    "dit-and-other-therapies",
    "suitability-and-choice",
    "evidence",
    "training",
    "competence-map",
    "supervision-and-assessment",
    "culture-and-difference",
    "misconceptions",
    "glossary",
    "references",
]
# Pages that define or list things rather than teach them.
GLOSSARY = "glossary"
REFERENCES = "references"
WORKED_CASE = "ruth-unheard"


# ---------------------------------------------------------------------------------------------
# What the sources say: the navigation, the front matter, the abbreviation list.


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads mkdocs.yml, whose `!ENV` tags it turns into placeholders."""


def _env_placeholder(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return f"!ENV {loader.construct_sequence(node)}"
    return f"!ENV {loader.construct_scalar(node)}"


_ConfigLoader.add_constructor("!ENV", _env_placeholder)


def handbook_nav() -> list[str]:
    """The slugs of the pages under "Handbook" in mkdocs.yml's nav, in nav order."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for item in config.get("nav") or []:
        if isinstance(item, dict) and "Handbook" in item:
            paths = [e if isinstance(e, str) else next(iter(e.values())) for e in item["Handbook"]]
            return [Path(p).stem for p in paths]
    raise AssertionError("mkdocs.yml: the nav has no 'Handbook' section")


NAV_CHAPTERS = handbook_nav()


def front_matter(slug: str) -> dict:
    text = (HANDBOOK_DIR / f"{slug}.md").read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def abbreviations() -> dict[str, str]:
    """Each abbreviation in the snippet every page appends, with its tooltip text."""
    found = {}
    for line in ABBREVIATIONS_FILE.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"\*\[(.+?)\]:\s*(.+)", line.strip())
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


# ---------------------------------------------------------------------------------------------
# What the built site shows.


def words(text: str) -> str:
    return " ".join(text.split())


def block_text(element: Tag) -> str:
    """An element's text, paragraphs joined by a space, whitespace normalised."""
    paragraphs = element.find_all("p")
    if paragraphs:
        return words(" ".join(p.get_text() for p in paragraphs))
    return words(element.get_text())


@pytest.fixture(scope="module")
def chapter(trainee_site):
    """The main content (<article>) of a built handbook page, by slug."""
    loaded: dict[str, Tag] = {}

    def load(slug: str) -> Tag:
        if slug not in loaded:
            path = trainee_site / "handbook" / slug / "index.html"
            assert path.is_file(), f"handbook/{slug}: the site has no page at handbook/{slug}/"
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            article = soup.select_one("article.md-content__inner")
            assert article is not None, f"handbook/{slug}: the page has no <article> content"
            loaded[slug] = article
        return loaded[slug]

    return load


@pytest.fixture(scope="module")
def worked_case(cases):
    by_id = {c.id: c for c in cases}
    assert WORKED_CASE in by_id, f"cases/: no case with id {WORKED_CASE!r}"
    return by_id[WORKED_CASE]


def glossary_terms(article: Tag) -> dict[str, set[str]]:
    """Each glossary term, with the names it goes by: "IPT (Interpersonal Psychotherapy)" gives
    the whole term, "IPT" and "Interpersonal Psychotherapy"."""
    terms = {}
    for dt in article.select("dl > dt"):
        term = words(dt.get_text())
        names = {term}
        match = re.fullmatch(r"(.+?)\s*\((.+)\)", term)
        if match:
            names |= {match.group(1), match.group(2)}
        terms[term] = {n.lower() for n in names}
    return terms


def mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


# ---------------------------------------------------------------------------------------------
# The chapters exist, in the nav and in the site.


def test_nav_handbook_section_lists_the_expected_chapters():
    missing = [s for s in EXPECTED_CHAPTERS if s not in NAV_CHAPTERS]
    extra = [s for s in NAV_CHAPTERS if s not in EXPECTED_CHAPTERS]
    assert not missing and not extra, (
        f"mkdocs.yml nav 'Handbook': missing {missing}, unexpected {extra}"
    )
    assert len(NAV_CHAPTERS) == len(set(NAV_CHAPTERS)), (
        f"mkdocs.yml nav 'Handbook' lists a chapter twice: {NAV_CHAPTERS}"
    )


def test_every_handbook_file_is_in_the_nav():
    files = sorted(p.stem for p in HANDBOOK_DIR.glob("*.md"))
    orphans = [f for f in files if f not in NAV_CHAPTERS]
    assert not orphans, f"docs/handbook: files not under 'Handbook' in the nav: {orphans}"


@pytest.mark.parametrize("slug", EXPECTED_CHAPTERS)
def test_chapter_is_built_with_a_title(chapter, slug):
    heading = chapter(slug).find("h1")
    assert heading is not None, f"handbook/{slug}: the built page has no <h1> title"
    assert words(heading.get_text()).strip("¶ "), f"handbook/{slug}: the <h1> title is empty"


# ---------------------------------------------------------------------------------------------
# Citations reach the references page.


@pytest.mark.parametrize("slug", [s for s in NAV_CHAPTERS if s != REFERENCES])
def test_chapter_cites_the_references_page_with_working_anchors(chapter, slug):
    reference_ids = {el["id"] for el in chapter(REFERENCES).select("[id]")}
    anchors = []
    for link in chapter(slug).select("a[href]"):
        target, _, anchor = link["href"].partition("#")
        page = posixpath.normpath(posixpath.join(f"handbook/{slug}/", target))
        if target and anchor and page == f"handbook/{REFERENCES}":
            anchors.append(anchor)
    assert anchors, f"handbook/{slug}: no link to references/#<anchor>"
    broken = sorted({a for a in anchors if a not in reference_ids})
    assert not broken, (
        f"handbook/{slug}: links to references/#<anchor> with no such id on the references "
        f"page: {broken}"
    )


# ---------------------------------------------------------------------------------------------
# Review dates.


@pytest.mark.parametrize("slug", EXPECTED_CHAPTERS)
def test_chapter_shows_its_last_reviewed_date(chapter, slug):
    reviewed = front_matter(slug).get("reviewed")
    assert reviewed, f"docs/handbook/{slug}.md: no `reviewed:` date in the front matter"
    shown = chapter(slug).select_one(".last-reviewed")
    assert shown is not None, f"handbook/{slug}: the page shows no 'Last reviewed' line"
    assert "Last reviewed" in shown.get_text(), (
        f"handbook/{slug}: the .last-reviewed element does not say 'Last reviewed'"
    )
    time = shown.find("time")
    assert time is not None and time.get("datetime") == str(reviewed), (
        f"handbook/{slug}: 'Last reviewed' does not show the front-matter date {reviewed}"
    )
    assert words(time.get_text()) == str(reviewed), (
        f"handbook/{slug}: the visible 'Last reviewed' date is not {reviewed}"
    )


# ---------------------------------------------------------------------------------------------
# Glossary and abbreviations.


def test_glossary_defines_terms(chapter):
    assert len(glossary_terms(chapter(GLOSSARY))) >= 20, (
        f"handbook/{GLOSSARY}: fewer than 20 terms (<dl><dt>) found"
    )


def test_every_glossary_term_is_used_in_another_chapter(chapter):
    others = [s for s in NAV_CHAPTERS if s not in (GLOSSARY, REFERENCES)]
    texts = [words(chapter(s).get_text()) for s in others]
    unused = [
        term
        for term, names in glossary_terms(chapter(GLOSSARY)).items()
        if not any(mentions(text, name) for text in texts for name in names)
    ]
    assert not unused, f"handbook/{GLOSSARY}: terms used in no other chapter: {unused}"


def test_every_abbreviation_is_defined_in_the_glossary(chapter):
    """An abbreviation counts as defined when it, or its expansion (the tooltip text before the
    first colon), is a glossary term or the name in brackets after one."""
    names = set().union(*glossary_terms(chapter(GLOSSARY)).values())
    listed = abbreviations()
    assert listed, f"{ABBREVIATIONS_FILE.relative_to(ROOT)}: no *[ABBR]: lines found"
    undefined = [
        abbr
        for abbr, title in listed.items()
        if abbr.lower() not in names and title.split(":")[0].strip().lower() not in names
    ]
    assert not undefined, (
        f"handbook/{GLOSSARY}: abbreviations from docs/includes/abbreviations.md with no "
        f"glossary entry: {undefined}"
    )


def test_every_abbreviation_renders_as_abbr_in_a_chapter(chapter):
    teaching = [s for s in NAV_CHAPTERS if s not in (GLOSSARY, REFERENCES)]
    problems = []
    for abbr, title in abbreviations().items():
        rendered = [
            slug
            for slug in teaching
            if any(
                el.get_text() == abbr and el.get("title") == title
                for el in chapter(slug).find_all("abbr")
            )
        ]
        if not rendered:
            plain = [s for s in teaching if re.search(rf"\b{re.escape(abbr)}\b", chapter(s).text)]
            where = f"plain text in {plain}" if plain else "used in no chapter"
            problems.append(f"{abbr!r} ({where})")
    assert not problems, (
        "abbreviations never shown as <abbr title=...> with their tooltip in any chapter: "
        + "; ".join(problems)
    )


# ---------------------------------------------------------------------------------------------
# The worked example comes from the case file.


def test_ipaf_chapter_card_shows_the_case_file_ipaf(chapter, worked_case):
    cards = chapter("the-ipaf").select(".ipaf-card")
    assert len(cards) == 1, f"handbook/the-ipaf: expected one .ipaf-card, found {len(cards)}"
    elements = {words(dt.get_text()): dt.find_next_sibling("dd") for dt in cards[0].select("dt")}
    ipaf = worked_case.ipaf
    assert list(elements) == ["Self", "Other", "Affect", "Defensive function"], (
        f"handbook/the-ipaf: the .ipaf-card shows elements {list(elements)}, not the four "
        "elements of the IPAF"
    )
    expected = {
        "Self": ipaf.self_representation,
        "Other": ipaf.other_representation,
        "Defensive function": ipaf.defensive_function,
    }
    for element, text in expected.items():
        assert block_text(elements[element]) == words(text), (
            f"handbook/the-ipaf: the .ipaf-card's {element!r} is not {WORKED_CASE}'s ipaf text"
        )
    affect = {}
    for paragraph in elements["Affect"].find_all("p"):
        label = words(paragraph.strong.get_text()) if paragraph.strong else ""
        affect[label] = words(paragraph.get_text()).removeprefix(label).strip()
    assert affect == {
        "Felt:": words(ipaf.affect.conscious),
        "Less conscious:": words(ipaf.affect.less_conscious),
    }, f"handbook/the-ipaf: the .ipaf-card's 'Affect' is not {WORKED_CASE}'s ipaf.affect"


def test_goodbye_letter_chapter_shows_the_case_file_letter(chapter, worked_case):
    letters = chapter("goodbye-letter").select(".goodbye-letter")
    assert len(letters) == 1, (
        f"handbook/goodbye-letter: expected one .goodbye-letter, found {len(letters)}"
    )
    shown = [words(p.get_text()) for p in letters[0].find_all("p")]
    expected = [words(line) for line in worked_case.goodbye_letter.splitlines() if line.strip()]
    assert shown == expected, (
        f"handbook/goodbye-letter: the letter shown is not {WORKED_CASE}'s goodbye_letter"
    )


def test_tracking_progress_shows_the_case_file_chart(chapter, worked_case):
    figure = chapter("tracking-progress").select_one(f"figure#chart-{WORKED_CASE}")
    assert figure is not None, (
        f"handbook/tracking-progress: no score chart figure#chart-{WORKED_CASE}"
    )
    charts = {svg.get("data-measure"): svg for svg in figure.select("svg.score-chart")}
    assert set(charts) == {"phq9", "gad7"}, (
        f"handbook/tracking-progress: chart-{WORKED_CASE} has SVG panels {sorted(charts)}, "
        "not PHQ-9 and GAD-7"
    )
    for measure, svg in charts.items():
        desc = svg.find("desc")
        plotted = dict(re.findall(r"session (\d+): (\d+)", desc.get_text() if desc else ""))
        recorded = {
            str(s.session): str(getattr(s, measure))
            for s in worked_case.scores
            if getattr(s, measure) is not None
        }
        assert plotted == recorded, (
            f"handbook/tracking-progress: the {measure} chart does not plot {WORKED_CASE}'s scores"
        )


# ---------------------------------------------------------------------------------------------
# The session timeline.


def test_sixteen_sessions_chapter_shows_the_timeline(chapter):
    figure = chapter("the-16-sessions").select_one("figure.session-timeline")
    assert figure is not None, "handbook/the-16-sessions: no session timeline figure"
    sessions = figure.select(".session")
    assert len(sessions) == 16, (
        f"handbook/the-16-sessions: the timeline shows {len(sessions)} sessions, not 16"
    )
    numbers = [int(s.get_text()) for s in sessions]
    assert numbers == list(range(1, 17)), (
        f"handbook/the-16-sessions: the timeline numbers its sessions {numbers}, not 1 to 16"
    )
    phases = Counter(s.get("data-phase") for s in sessions)
    assert phases == {"initial": 4, "middle": 8, "ending": 4}, (
        f"handbook/the-16-sessions: the timeline's phases are {dict(phases)}, not 4, 8 and 4"
    )
    # Only the middle phase's range is confirmed: the outer two are hedged, as in the text.
    names = [" ".join(p.get_text().split()) for p in figure.select(".session-timeline__name")]
    assert names == [
        "Initial phase about sessions 1–4",
        "Middle phase sessions 5–12",
        "Ending phase about sessions 13–16",
    ], f"handbook/the-16-sessions: the timeline's phases are named {names}"


# A link to a case's page: workbook/cases/<id>/ (worked examples) or workbook/exercises/<id>/.
CASE_HREF = re.compile(r"(?:^|/)workbook/(?:cases|exercises)/([a-z0-9]+(?:-[a-z0-9]+)*)/?(?:#|$)")
# Pages in the Handbook section that list or map cases rather than teach with them.
NOT_TEACHING = {"competence-map"}


def test_every_case_is_linked_from_a_chapter(chapter, cases):
    """Every worked example and every exercise is linked from at least one chapter, where it
    illustrates what the chapter teaches (the competence map's table does not count)."""
    linked: dict[str, set[str]] = {}
    for slug in NAV_CHAPTERS:
        if slug in NOT_TEACHING:
            continue
        base = f"handbook/{slug}/"
        for a in chapter(slug).select("a[href]"):
            target = posixpath.normpath(posixpath.join(base, a["href"].split("?")[0]))
            found = CASE_HREF.search(target + ("/" if not target.endswith("/") else ""))
            if found:
                linked.setdefault(found.group(1), set()).add(slug)
    assert len(linked) > 5, "the walk found the case links"
    worked = sorted(c.id for c in cases if c.role == "worked-example" and c.id not in linked)
    exercises = sorted(c.id for c in cases if c.role == "exercise" and c.id not in linked)
    assert worked == [], "worked examples no chapter links to"
    assert exercises == [], "exercises no chapter links to"


def test_reading_the_chapters_lists_every_chapter():
    """'Using this handbook' walks the reader through every chapter in the navigation."""
    text = (ROOT / "docs" / "handbook" / "using-this-handbook.md").read_text(encoding="utf-8")
    section = text.split("## Reading the chapters", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"\]\(([a-z0-9-]+)\.md(?:#[\w-]+)?\)", section))
    assert sorted(set(NAV_CHAPTERS) - {"using-this-handbook"} - listed) == []
    assert "answer-key" in listed, "the section says where the self-check answers are"


def test_start_here_points_to_the_self_checks_the_answer_key_and_the_competence_map():
    text = (ROOT / "docs" / "start-here.md").read_text(encoding="utf-8")
    assert "self-check" in text
    for target in ("handbook/answer-key.md", "handbook/competence-map.md"):
        assert f"]({target})" in text, target
