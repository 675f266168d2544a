"""The bibliography (docs/references.json): every entry complete and canonically linked, every
anchor a chapter links to present in the data and on the built page, every entry cited."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from ditbook.content import references as refs
from ditbook.paths import REFERENCES_FILE, ROOT
from ditbook.render.references import bibliography

DOCS = ROOT / "docs"
PAGE = DOCS / "handbook" / "references.md"
# A chapter's link to an entry: references.md#<anchor>, from any folder.
CITATION = re.compile(r"\(((?:\.\./)*(?:handbook/)?references\.md)#([a-z0-9-]+)\)")
CODE = re.compile(r"^```.*?^```|`[^`\n]+`", re.MULTILINE | re.DOTALL)

# Kept here, apart from the code's own list, so that loosening the code cannot loosen the test.
DOCUMENT_SHARING = re.compile(
    r"studylib|doczz|dokumen|pdfslide|vdocument|paperzz|scribd|documents\.pub|documentine"
    r"|docplayer|docslib|coggle|iatrox|researcher\.life",
    re.IGNORECASE,
)


# "et al." in an author list, and titles that describe a work instead of naming it ("Book chapter
# on ...", "Trial registration NCT...", "... (book review)"): kept here too, apart from the code.
ET_AL = re.compile(r"\bet\.?\s*al\b", re.IGNORECASE)
DESCRIPTION = re.compile(
    r"^\s*(?:book\s+chapter|chapter\s+(?:on|about|\d)|trial\s+registration|registration\s+NCT"
    r"|slides\s+(?:on|about)|article\s+(?:on|about)|paper\s+(?:on|about))"
    r"|\((?:book\s+)?review\)\s*$|\(slides\)\s*$|^\s*\[",
    re.IGNORECASE,
)

# Three entries as they once stood: a chapter and a trial registration cited by descriptions
# instead of titles, and an author list ending in "et al.". The checks below must catch each.
FORMER_ENTRIES = [
    {
        "id": "tf-dit-attachment",
        "type": "chapter",
        "title": "Book chapter on dynamic interpersonal therapy and attachment",
        "publisher": "Routledge",
        "DOI": "10.4324/9780429473227-13",
        "custom": {
            "group": "DIT: the model and its development",
            "undated": True,
            "gaps": ["author", "title", "container-title", "issued"],
            "comment": "Chapter 13 of the book with ISBN 9780429473227.",
        },
    },
    {
        "id": "nct05134103",
        "type": "webpage",
        "title": "Trial registration NCT05134103",
        "container-title": "ClinicalTrials.gov",
        "URL": "https://clinicaltrials.gov/study/NCT05134103",
        "custom": {
            "group": "Guidelines and outcome measures",
            "undated": True,
            "gaps": ["author", "title"],
            "comment": "The registration number identifies the record.",
        },
    },
    {
        "id": "saunders-2021",
        "type": "article-journal",
        "author": [
            {"family": "Saunders", "given": "Rob"},
            {"family": "Buckman", "given": "Joshua E. J."},
            {"family": "Stott", "given": "Joshua"},
            {"literal": "et al."},
        ],
        "issued": {"date-parts": [[2021]]},
        "title": "Older adults respond better to psychological therapy than working-age adults",
        "container-title": "Journal of Affective Disorders",
        "volume": "294",
        "DOI": "10.1016/j.jad.2021.06.084",
        "custom": {"group": "Guidelines and outcome measures"},
    },
]


def _et_al(items) -> list[str]:
    return [
        item["id"]
        for item in items
        for name in item.get("author") or ()
        if any(ET_AL.search(str(name.get(part, ""))) for part in ("family", "given", "literal"))
    ]


def _described(items) -> list[str]:
    return [
        item["id"]
        for item in items
        if DESCRIPTION.search(str(item.get("title", ""))) or "title" in refs.gaps(item)
    ]


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return refs.load(REFERENCES_FILE)


def _cited() -> dict[str, set[str]]:
    """Anchor -> the Markdown files (other than the references page) that link to it."""
    cited: dict[str, set[str]] = {}
    for path in sorted(DOCS.rglob("*.md")):
        if path == PAGE:
            continue
        text = CODE.sub("", path.read_text(encoding="utf-8"))  # examples are not citations
        for _target, anchor in CITATION.findall(text):
            cited.setdefault(anchor, set()).add(path.relative_to(DOCS).as_posix())
    return cited


def _all_urls(items):
    return [(item["id"], field, url) for item in items for field, url in refs.urls(item)]


# ---------------------------------------------------------------------------------------------
# The data


def test_the_bibliography_has_no_problems(items):
    assert [str(p) for p in refs.problems(items, REFERENCES_FILE)] == []


def test_every_entry_has_authors_a_year_a_title_and_where_it_was_published(items):
    """Checked here directly too, without the code's waivers except a declared gap."""
    incomplete = []
    for item in items:
        gaps = refs.gaps(item)
        if not item.get("author") and "author" not in gaps:
            incomplete.append((item["id"], "author"))
        if not item.get("issued") and refs.custom(item).get("undated") is not True:
            incomplete.append((item["id"], "issued"))
        if not item.get("title") or item["title"].startswith("["):
            incomplete.append((item["id"], "title"))
        where = ("container-title", "publisher", "event")
        if not any(item.get(f) for f in where) and not gaps & set(where):
            incomplete.append((item["id"], "container-title or publisher"))
    assert incomplete == []


def test_every_author_is_named_none_is_et_al(items):
    assert _et_al(items) == []


def test_every_title_is_the_works_own_not_a_description(items):
    assert _described(items) == []


def test_the_two_checks_above_catch_the_former_entries():
    assert _et_al(FORMER_ENTRIES) == ["saunders-2021"]
    assert _described(FORMER_ENTRIES) == ["tf-dit-attachment", "nct05134103"]


def test_the_code_refuses_the_former_entries_too(tmp_path):
    path = tmp_path / "references.json"
    path.write_text(json.dumps(FORMER_ENTRIES, indent=2), encoding="utf-8")
    found = {(p.item, p.field) for p in refs.problems(refs.load(path), path)}
    assert {
        ("tf-dit-attachment", "title"),
        ("tf-dit-attachment", "custom.gaps"),
        ("nct05134103", "title"),
        ("nct05134103", "custom.gaps"),
        ("saunders-2021", "author[3]"),
    } <= found


def test_every_link_is_https_canonical_and_whole(items):
    found = _all_urls(items)
    assert len(found) > 40, "the walk found the links"
    bad = [
        (item_id, field, url)
        for item_id, field, url in found
        if not url.startswith("https://")
        or DOCUMENT_SHARING.search(url)
        or url.endswith(("...", "…"))
        or (urlsplit(url).hostname or "") not in refs.CANONICAL_HOSTS
    ]
    assert bad == []


def test_no_canonical_host_is_a_document_sharing_site():
    assert [h for h in refs.CANONICAL_HOSTS if DOCUMENT_SHARING.search(h)] == []


def test_every_entry_with_a_doi_links_through_doi_org(items):
    dois = [item["DOI"] for item in items if item.get("DOI")]
    assert len(dois) >= 15
    assert [d for d in dois if not re.match(r"^10\.\d{4,9}/\S+$", d)] == []


def test_entries_left_incomplete_say_so_on_the_page(items):
    incomplete = [item for item in items if refs.gaps(item)]
    assert incomplete, "no entry declares a gap: remove this test if that is now true"
    assert [i["id"] for i in incomplete if not refs.custom(i).get("comment")] == []


# ---------------------------------------------------------------------------------------------
# Planted bad entries: the checks fail on them, naming file, line, item and field.

BAD_ENTRIES = {
    "studylib copy": ("URL", "https://studylib.net/doc/13414817/the-competences", "sharing"),
    "truncated address": ("URL", "https://www.annafreud.org/training/dynamic-...", "truncated"),
    "ellipsis character": ("URL", "https://www.annafreud.org/training/dynamic-…", "truncated"),
    "plain http": ("URL", "http://www.annafreud.org/training/", "not https"),
    "unknown host": ("URL", "https://example.com/dit", "not a known canonical host"),
    "shortened": ("URL", "https://bit.ly/3xyz", "shortened"),
    "bracketed title": ("title", "[Review of DIT, in Dutch]", "bracketed"),
    "descriptive title": ("title", "Book chapter on DIT and attachment", "description"),
    "registration as title": ("title", "Trial registration NCT05134103", "description"),
    "genre note as title": ("title", "About DIT (web page)", "description"),
    "no title": ("title", "", "missing"),
}


@pytest.mark.parametrize("case", sorted(BAD_ENTRIES))
def test_a_planted_bad_entry_fails_the_check(case, items, tmp_path):
    field, value, words = BAD_ENTRIES[case]
    planted = copy.deepcopy(items)
    target = next(i for i in planted if i["id"] == "anna-freud-about")
    target[field] = value
    path = tmp_path / "references.json"
    path.write_text(json.dumps(planted, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(refs.BibliographyError) as caught:
        refs.load_valid(path)
    [problem] = caught.value.problems
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert problem.item == "anna-freud-about" and '"anna-freud-about"' in line
    assert problem.field == field and words in problem.message
    assert str(path) in str(caught.value)


ET_AL_NAMES = [
    {"literal": "et al."},
    {"family": "Et Al"},
    {"family": "Fonagy", "given": "P., et al."},
]


@pytest.mark.parametrize("name", ET_AL_NAMES)
def test_a_planted_et_al_fails_the_check(name, items, tmp_path):
    planted = copy.deepcopy(items)
    target = next(i for i in planted if i["id"] == "rao-2019")
    target["author"] = [*target["author"][:2], name]
    path = tmp_path / "references.json"
    path.write_text(json.dumps(planted, indent=2), encoding="utf-8")
    found = refs.problems(refs.load(path), path)
    assert [(p.item, p.field) for p in found] == [("rao-2019", "author[2]")]
    assert "et al." in found[0].message


@pytest.mark.parametrize(
    ("remove", "field"),
    [("author", "author"), ("issued", "issued"), ("container-title", "container-title")],
)
def test_a_planted_incomplete_entry_fails_the_check(remove, field, items, tmp_path):
    planted = copy.deepcopy(items)
    target = next(i for i in planted if i["id"] == "rao-2019")
    del target[remove]
    path = tmp_path / "references.json"
    path.write_text(json.dumps(planted, indent=2), encoding="utf-8")
    found = refs.problems(refs.load(path), path)
    assert [(p.item, p.field) for p in found] == [("rao-2019", field)]


def test_a_gap_without_a_comment_fails_the_check(items, tmp_path):
    planted = copy.deepcopy(items)
    target = next(i for i in planted if i["id"] == "rao-2019")
    del target["author"]
    target["custom"]["gaps"] = ["author"]
    path = tmp_path / "references.json"
    path.write_text(json.dumps(planted, indent=2), encoding="utf-8")
    found = refs.problems(refs.load(path), path)
    assert [(p.item, p.field) for p in found] == [("rao-2019", "custom.comment")]


# ---------------------------------------------------------------------------------------------
# The chapters and the data


def test_every_anchor_a_chapter_links_to_exists(items):
    cited = _cited()
    assert len(cited) > 40, "the walk found the citations"
    known = {item["id"] for item in items}
    assert {a: sorted(p) for a, p in cited.items() if a not in known} == {}


def test_every_entry_is_cited_by_a_chapter_or_says_why_not(items):
    cited = _cited()
    uncited = {i["id"] for i in items if i["id"] not in cited}
    explained = {i["id"] for i in items if refs.custom(i).get("uncited")}
    assert uncited == explained, "an entry no chapter cites needs custom.uncited, and only then"


def test_the_page_links_to_itself_only_through_existing_anchors(items):
    own = re.findall(r"\]\(#([a-z0-9-]+)\)", PAGE.read_text(encoding="utf-8"))
    assert own and set(own) <= {item["id"] for item in items}


# ---------------------------------------------------------------------------------------------
# Rendering


def test_render_gives_each_entry_once_with_its_anchor_in_its_section(items):
    markdown = bibliography(items)
    headings = re.findall(r"^## (.+)$", markdown, re.MULTILINE)
    assert headings == [
        "DIT: the model and its development",
        "DIT: research",
        "Guidelines and outcome measures",
        "Interpersonal Psychotherapy (IPT)",
        "Cognitive analytic therapy and therapeutic letters",
        "Training providers and service pages",
        "Risk and safeguarding",
        "Culture and difference",
        "Supervision and the therapeutic relationship",
    ]
    anchors = re.findall(r'<li id="([^"]+)"', markdown)
    assert sorted(anchors) == sorted(i["id"] for i in items)
    section = markdown.split("## DIT: research")[1].split("\n## ")[0]
    assert '<li id="rao-2019"' in section and '<li id="kroenke-2001"' not in section


def test_render_formats_in_apa_style_with_the_doi_as_a_link(items):
    markdown = bibliography([i for i in items if i["id"] == "lemma-target-fonagy-2010"])
    assert "Lemma, A., Target, M., &amp; Fonagy, P. (2010). The development of a brief" in markdown
    assert "<i>Psychoanalytic Psychotherapy</i>, <i>24</i>(4), 329–346." in markdown
    doi = "https://doi.org/10.1080/02668734.2010.513547"
    assert f'<a class="reference-address" href="{doi}">{doi}</a>' in markdown


def test_render_escapes_the_data(items):
    item = copy.deepcopy(next(i for i in items if i["id"] == "ryle-1990"))
    item["title"] = "Letters <script>alert(1)</script> & endings"
    markdown = bibliography([item])
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "John Wiley &amp; Sons" in markdown


def test_a_work_without_an_author_is_listed_once_under_its_title(items):
    item = copy.deepcopy(next(i for i in items if i["id"] == "ryle-1990"))
    del item["author"]
    markdown = bibliography([item])
    assert markdown.count("Cognitive-analytic therapy: Active participation") == 1


def test_the_page_calls_the_macro():
    text = PAGE.read_text(encoding="utf-8")
    assert "\nrender_macros: true" in text.split("\n---\n", 1)[0]
    assert "{{ bibliography() }}" in text
    assert not re.search(r"\{ #[a-z0-9-]+ \}", text), "entries are data now, not Markdown"


@pytest.mark.slow
def test_the_built_page_has_every_anchor_and_only_canonical_links(trainee_site, items):
    html = (trainee_site / "handbook" / "references" / "index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    page_ids = {tag["id"] for tag in soup.select("[id]")}
    assert {i["id"] for i in items} <= page_ids
    content = soup.select_one("article") or soup
    external = [a["href"] for a in content.select("a[href^='http']")]
    assert len(external) > 40
    assert [u for u in external if DOCUMENT_SHARING.search(u) or u.endswith("...")] == []
    served = Path(trainee_site / "references.json")
    assert json.loads(served.read_text("utf-8")) == items
