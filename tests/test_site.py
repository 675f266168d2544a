"""The real site, built once per session with --strict, read as HTML; and tiny sites that fail."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from ditbook.content.schema import field_rows
from ditbook.models import text_rules
from ditbook.models.case import Case
from ditbook.paths import CASES_DIR, ROOT
from ditbook.render import case_page
from ditbook.render import cases as render

from .conftest import run_mkdocs_build
from .test_render import HOSTILE, hostile_lines, site_markdown_extensions


def soup_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def section_text(soup: BeautifulSoup, anchor: str) -> tuple[str, str]:
    """(heading text, the text under it up to the next heading of the same or higher level)."""
    heading = soup.find(id=anchor)
    assert heading is not None, f"no element with id {anchor!r}"
    level = int(heading.name[1])
    parts = []
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name or "") and int(sibling.name[1]) <= level:
            break
        parts.append(sibling.get_text())
    return words(heading.get_text().replace("¶", "")), words(" ".join(parts))


def test_every_worked_case_page_shows_every_element_under_its_heading(trainee_site, cases):
    worked = [c for c in cases if c.role == "worked-example"]
    assert len(worked) >= 3
    for case in worked:
        soup = soup_of(trainee_site, f"workbook/cases/{case.id}")
        assert soup.find("h1").get_text().replace("¶", "").strip() == case.title
        for anchor, heading, text in case_page.worked_sections(case):
            shown_heading, under = section_text(soup, anchor)
            assert shown_heading == heading
            first_line = text.strip().splitlines()[0]
            opening = " ".join(first_line.split()[:8])
            assert words(opening) in under, f"{case.id}: {anchor} does not show its text"


def test_index_lists_every_case_with_a_working_link(trainee_site, cases):
    soup = soup_of(trainee_site, "workbook")
    links = {a["href"] for a in soup.select(".case-index table a")}
    assert len(links) == len(cases)
    for href in links:
        target = (trainee_site / "workbook" / href).resolve()
        assert (target / "index.html").exists(), href


def test_case_yaml_is_not_copied_into_the_site(trainee_site):
    assert not list(trainee_site.rglob("*.yaml"))
    assert not list(trainee_site.rglob("*.yml"))
    assert not list(trainee_site.rglob("*.schema.json"))
    for page in trainee_site.rglob("*.html"):
        assert "yaml-language-server" not in page.read_text(encoding="utf-8"), page


def test_no_macro_errors_in_any_page(trainee_site):
    for page in trainee_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Macro Rendering Error" not in text and "Macro Syntax Error" not in text, page


def test_field_reference_page_is_generated_from_the_model(trainee_site):
    soup = soup_of(trainee_site, "authors/fields")
    cells = {code.get_text() for code in soup.select("table td code")}
    for path, *_ in field_rows(Case):
        assert path in cells


def test_score_chart_on_every_case_page_with_scores(trainee_site, cases):
    for case in cases:
        if not case.scores:
            continue
        soup = soup_of(trainee_site, render.page_path(case)[:-3])
        charts = soup.select("figure.score-charts svg")
        assert charts, case.id
        assert soup.find(id="scores") is not None


# ---------------------------------------------------------------------------------------------
# Tiny sites: the build must fail loudly, and nothing a case says may become markup.

HOOKS = ROOT / "macros" / "hooks.py"


def tiny_site(tmp_path: Path, cases: dict[str, str], pages: dict[str, str]) -> Path:
    """A site of its own cases and pages, with the real site's hooks and Markdown extensions
    (and their settings, from mkdocs.yml: snippets reads the real docs/includes)."""
    (tmp_path / "cases").mkdir()
    (tmp_path / "docs").mkdir()
    for name, text in cases.items():
        (tmp_path / "cases" / name).write_text(text, encoding="utf-8")
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Tiny\n"
        "theme: {name: material}\n"
        f"hooks: ['{HOOKS}']\n"
        # The installed `macros` package: the tiny site has no macros/ folder of its own.
        "plugins:\n  - macros: {modules: [macros], render_by_default: false, "
        "on_error_fail: true, on_undefined: strict}\n"
        # JSON is YAML: the list as mkdocs.yml has it, on one line.
        f"markdown_extensions: {json.dumps(site_markdown_extensions())}\n",
        encoding="utf-8",
    )
    return config


RUTH = (CASES_DIR / "ruth-unheard.yaml").read_text(encoding="utf-8")


def test_a_broken_case_fails_the_strict_build_with_the_validators_messages(tmp_path):
    broken = RUTH.replace("fictional: true", "fictional: false").replace(
        "agreed_wording: >-", "agreed_wordng: >-"
    )
    config = tiny_site(tmp_path, {"ruth-unheard.yaml": broken}, {"index.md": "# Home\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "3 problems in content files:" in result.stderr
    assert "cases/ruth-unheard.yaml:8: agreed_wording: is required" in result.stderr
    assert "cases/ruth-unheard.yaml:10: fictional: must be true" in result.stderr
    assert "cases/ruth-unheard.yaml:76: agreed_wordng: is not a known field" in result.stderr
    assert not (tmp_path / "site" / "workbook").exists()


def test_an_unknown_case_in_a_macro_fails_the_build(tmp_path):
    page = "---\nrender_macros: true\n---\n# Home\n\n{{ ipaf_card('nobody') }}\n"
    config = tiny_site(tmp_path, {"ruth-unheard.yaml": RUTH}, {"index.md": page})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "no case with id 'nobody'" in result.stderr


def test_double_braces_in_prose_stay_prose(tmp_path):
    page = "# Home\n\nTemplates write {{ like this }} and {% this %}.\n"
    config = tiny_site(tmp_path, {"ruth-unheard.yaml": RUTH}, {"index.md": page})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Templates write {{ like this }} and {% this %}." in html


def test_markup_in_case_text_is_shown_as_text(tmp_path):
    hostile = RUTH.replace(
        "Ruth comes with low mood",
        "**Bold** [link](javascript:alert(1)) {{ config }} *[IPAF]: x. Ruth comes with low mood",
    )
    config = tiny_site(tmp_path, {"ruth-unheard.yaml": hostile}, {"index.md": "# Home\n"})
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "site" / "workbook" / "cases" / "ruth-unheard" / "index.html").read_text(
        encoding="utf-8"
    )
    soup = BeautifulSoup(html, "html.parser")
    # Shown as typed; IPAF itself is marked up as the glossary's abbreviation, as everywhere.
    assert "**Bold** [link](javascript:alert(1)) {{ config }} *[IPAF]: x." in words(soup.get_text())
    assert {a["title"] for a in soup.find_all("abbr") if a.get_text() == "IPAF"} == {
        "Interpersonal Affective Focus: the recurring self-other-affect pattern agreed as the "
        "focus of DIT"
    }
    assert "javascript:" not in "".join(a.get("href", "") for a in soup.find_all("a"))


# What validation lets an author type: HTML and entities are refused before any page is made.
TYPEABLE = [t for t in HOSTILE if not text_rules.raw_html(t) and not text_rules.placeholder(t)]


def _under(soup: BeautifulSoup, anchor: str) -> list:
    """The elements after a heading, up to the next heading of the same or a higher level."""
    heading = soup.find(id=anchor)
    out = []
    for sibling in heading.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name) and sibling.name <= heading.name:
            break
        out.append(sibling)
    return out


def test_markdown_syntax_in_case_text_stays_text_in_the_real_build(tmp_path):
    """Admonitions, details, tabs, fences, snippets, footnotes, abbreviations, attribute lists,
    definitions, quotes, tables...: typed into a case, each is shown as typed, in paragraphs, a
    quote and a definition, and a title with | and a closing # keeps the index table whole."""
    assert len(TYPEABLE) > 30
    lines = [line for text in TYPEABLE for line in hostile_lines(text)]
    hostile = "\n".join(TYPEABLE)
    data = yaml.safe_load(RUTH)
    title = data["title"] = "Ruth | unheard | C#"
    data["history"] = hostile + "\n" + data["history"]
    data["agreed_wording"] = hostile + "\n" + data["agreed_wording"]
    data["recurrence"][0]["example"] = hostile + "\n" + data["recurrence"][0]["example"]
    index = "---\nrender_macros: true\n---\n# Home\n\n{{ case_index() }}\n"
    config = tiny_site(
        tmp_path,
        {"ruth-unheard.yaml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False)},
        {"index.md": index},
    )
    result = run_mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]

    soup = soup_of(tmp_path / "site", "workbook/cases/ruth-unheard")
    article = soup.find("article")
    assert article.find("h1").get_text().removesuffix("¶") == title
    # Only what plain text makes: the page's own quote, definition list and score table (and
    # its IPAF card, an admonition of ours; one typed into it would lack the card's class).
    blocks = (".admonition:not(.ipaf-card)", "details", ".tabbed-set", "pre", "code", ".footnote")
    assert len(article.select(".ipaf-card.admonition")) == 1
    for selector in (*blocks, "sup"):
        assert article.select(selector) == [], selector
    assert [len(article.select(tag)) for tag in ("blockquote", "dl", "table", "hr")] == [1, 1, 1, 0]
    assert article.select("[id=not-an-id], .not-a-class, .not-an-attribute, [id=x]") == []
    assert not any(abbr["title"].startswith("not an") for abbr in article.select("abbr"))

    def shown(paragraphs: list) -> list[str]:
        assert all(p.name == "p" and p.find(True) is None for p in paragraphs[: len(lines)])
        return [p.get_text() for p in paragraphs[: len(lines)]]

    assert shown(_under(soup, "history")) == lines
    assert shown(soup.select_one("#agreed-wording + blockquote").find_all(recursive=False)) == lines
    assert shown(article.select_one("dl dd").find_all(recursive=False)) == lines

    index_table = soup_of(tmp_path / "site", "").select_one(".case-index table")
    assert len(index_table.select("thead th")) == 6
    (row,) = index_table.select("tbody tr")
    assert len(row.find_all("td")) == 6
    link = row.find("a")
    assert link.get_text() == title and link["href"] == "workbook/cases/ruth-unheard/"


@pytest.mark.parametrize("edition", ["student", "all"])
def test_an_unknown_edition_fails_the_build(tmp_path, edition):
    config = tiny_site(tmp_path, {"ruth-unheard.yaml": RUTH}, {"index.md": "# Home\n"})
    result = run_mkdocs_build(config, tmp_path / "site", edition=edition)
    assert result.returncode != 0
    assert f"Unknown edition '{edition}'" in result.stderr
