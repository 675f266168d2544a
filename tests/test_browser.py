"""Every page of both editions in a real browser: loads, private, accessible, usable on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ditbook.render import cases as render

from .conftest import Watched
from .page_sets import covering_pages, differing_pages, page_paths

pytestmark = pytest.mark.browser

AXE = Axe()
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


# Every axe rule but colour contrast, on every page it is run on; colour contrast, the costly
# rule, in test_colours_reach_contrast_in_both_schemes on the pages that hold every kind of
# element (tests/page_sets.py says why that is enough).
NO_CONTRAST = {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}}
CONTRAST = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
}


def visit(browser, base: str, paths: list[str], axe_options: dict, **context) -> list[str]:
    """Load each page; return every problem found (status, console, third party, axe)."""
    problems = []
    browser_context = browser.new_context(**context)
    watched = Watched(browser_context.new_page())
    for path in paths:
        response = watched.page.goto(base + path, wait_until="load")
        if response is None or response.status != 200:
            problems.append(f"/{path}: status {response and response.status}")
        # Colours caught half-way through a CSS transition are not the page's colours.
        watched.page.add_style_tag(content=NO_MOTION)
        for violation in AXE.run(watched.page, options=axe_options).response["violations"]:
            targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
            problems.append(f"/{path}: axe {violation['id']} ({violation['impact']}): {targets}")
        problems += [f"/{path}: console: {e}" for e in watched.console_errors]
        problems += [f"/{path}: third-party request: {u}" for u in watched.external]
        watched.console_errors.clear()
        watched.external.clear()
    browser_context.close()
    return problems


def supervisor_pages(supervisor_site: Path, trainee_site: Path) -> list[str]:
    """The supervisor edition's own pages, and enough others to hold every kind of element."""
    own = differing_pages(supervisor_site, trainee_site)
    assert "supervision/mark/" in own and len(own) >= 10, own
    return sorted(set(own) | set(colour_pages(supervisor_site)))


def colour_pages(site: Path) -> list[str]:
    # The print page repeats every other page, whose colours are checked there.
    return covering_pages(site, [p for p in page_paths(site) if p != "print_page/"])


def test_every_page_loads_privately_and_accessibly(browser, trainee_url, trainee_site):
    problems = visit(browser, trainee_url, page_paths(trainee_site), NO_CONTRAST)
    assert not problems, "\n".join(problems)


def test_the_supervisor_edition_loads_privately_and_accessibly(
    browser, supervisor_url, supervisor_site, trainee_site
):
    paths = supervisor_pages(supervisor_site, trainee_site)
    problems = visit(browser, supervisor_url, paths, NO_CONTRAST)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_colours_reach_contrast_in_both_schemes(browser, request, edition, scheme):
    url = request.getfixturevalue(f"{edition}_url")
    paths = colour_pages(request.getfixturevalue(f"{edition}_site"))
    assert len(paths) >= 10, paths
    problems = visit(browser, url, paths, CONTRAST, color_scheme=scheme)
    assert not problems, "\n".join(problems)


def test_every_page_fits_a_phone(browser, trainee_url, trainee_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    too_wide = []
    for path in page_paths(trainee_site):
        page.goto(trainee_url + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"/{path}: {width}px")
    context.close()
    assert too_wide == []


def search(watched: Watched, base: str, query: str) -> list[str]:
    page = watched.page
    page.goto(base, wait_until="load")
    page.keyboard.press("/")  # Material's shortcut opens the search dialog
    page.get_by_text("Type to start searching").wait_for(timeout=15_000)
    page.locator(".md-search__input").press_sequentially(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    return page.locator(".md-search-result__item h1").all_inner_texts()


def test_search_finds_the_ipaf_chapter(watched, trainee_url):
    titles = search(watched, trainee_url, "interpersonal affective focus")
    assert any("IPAF" in t for t in titles), titles
    assert watched.external == []


def test_search_finds_a_case_by_a_word_from_its_title(watched, trainee_url, cases):
    case = next(c for c in cases if c.id == "ruth-unheard")
    titles = search(watched, trainee_url, "Ruth")
    assert case.title in titles, titles


def test_the_search_submit_button_opens_the_best_match(watched, trainee_url):
    titles = search(watched, trainee_url, "goodbye letter")
    page = watched.page
    page.get_by_role("button", name="Open the best match").click()
    page.wait_for_url(lambda url: url.rstrip("/") != trainee_url.rstrip("/"))
    assert page.locator("article h1").inner_text().removesuffix("¶").strip() == titles[0]
    assert watched.external == []


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_glossary_tooltip_appears(watched, trainee_url, how):
    page = watched.page
    page.goto(trainee_url + "handbook/the-ipaf/", wait_until="load")
    abbr = page.locator("article abbr").first
    abbr.scroll_into_view_if_needed()
    if how == "hover":
        abbr.hover()
    else:
        abbr.focus()
    # Material attaches the tooltip asynchronously, after the event: wait for it (5 s at most).
    expect(abbr, "Material did not attach a tooltip to the abbreviation").to_have_attribute(
        "aria-describedby", re.compile(r"\S")
    )
    tooltip_id = abbr.get_attribute("aria-describedby")
    tooltip = page.locator(f"#{tooltip_id}")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.get_attribute("role") == "tooltip"
    assert len(tooltip.inner_text()) > 10


def test_case_index_filters_in_the_browser(watched, trainee_url, cases):
    page = watched.page
    page.goto(trainee_url + "workbook/", wait_until="load")
    rows = page.locator(".case-index tbody tr")
    assert rows.count() == len(cases)
    page.get_by_label("Role").select_option("Worked example")
    worked = sum(1 for c in cases if c.role == "worked-example")
    assert page.locator(".case-index tbody tr:not([hidden])").count() == worked
    assert page.locator(".case-filter__status").inner_text() == (
        f"{worked} of {len(cases)} cases shown"
    )


def test_case_index_is_complete_without_javascript(browser, trainee_url, cases):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(trainee_url + "workbook/", wait_until="load")
    assert page.locator(".case-index tbody tr").count() == len(cases)
    context.close()


# ---------------------------------------------------------------------------------------------
# Paper: the print page and single pages with print media emulated (what Chromium prints).

# Material's navigation chrome, which must not be printed.
CHROME = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "navigation sidebar": ".md-sidebar--primary",
    "table of contents sidebar": ".md-sidebar--secondary",
    "footer navigation": ".md-footer",
    "search": ".md-search",
    "back to top": ".md-top",
}

# For each selector: how many elements match, and which are rendered (no display:none on the
# element or any ancestor).
CHROME_JS = """chrome => Object.entries(chrome).map(([name, selector]) => {
  const found = [...document.querySelectorAll(selector)];
  const shown = found.filter(element => {
    for (let e = element; e; e = e.parentElement) {
      if (getComputedStyle(e).display === "none") return false;
    }
    return true;
  });
  return [name, found.length, shown.length];
})"""


def printed(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")


def chrome_problems(page) -> list[str]:
    problems = []
    for name, found, shown in page.evaluate(CHROME_JS, CHROME):
        if not found:
            problems.append(f"{name} ({CHROME[name]}) is not on the page: selector out of date?")
        elif shown:
            problems.append(f"{name} ({CHROME[name]}) is printed")
    return problems


def test_print_page_keeps_rows_and_figures_whole_and_has_no_chrome(watched, trainee_url):
    page = watched.page
    printed(page, trainee_url + "print_page/")
    assert chrome_problems(page) == []
    breaks = page.evaluate(
        """selectors => selectors.map(selector => {
          const values = [...document.querySelectorAll(selector)]
            .map(e => getComputedStyle(e).breakInside);
          return [selector, values.length, values.filter(v => v !== "avoid").length];
        })""",
        [
            "#print-site-page tr",
            "#print-site-page figure",
            "#print-site-page figure.score-charts",
            "#print-site-page figure.session-timeline",
            "#print-site-page figure.ipaf-diagram--filled",
            "#print-site-page figure.ipaf-diagram--blank",  # on every assignment sheet
            "#print-site-page .ipaf-card:not(.ipaf-card--full)",
            "#print-site-page .answer-space",  # a box to write in, whole on one page
        ],
    )
    for selector, count, splittable in breaks:
        assert count > 0, f"nothing matches {selector}: selector out of date?"
        assert splittable == 0, f"{splittable} of {count} {selector} may split across pages"
    assert watched.external == []


def single_page(kind: str, cases) -> str:
    if kind == "case":
        worked = next(c for c in cases if c.role == "worked-example")
        return render.page_path(worked).removesuffix(".md") + "/"
    # An ordinary chapter, and the chapter with the outside links.
    return {"chapter": "handbook/the-ipaf/", "references": "handbook/references/"}[kind]


@pytest.mark.parametrize("kind", ["chapter", "references", "case"])
def test_a_single_page_prints_without_chrome_at_full_width(watched, trainee_url, cases, kind):
    page = watched.page
    printed(page, trainee_url + single_page(kind, cases))
    assert chrome_problems(page) == []
    content = page.evaluate(
        """() => {
          const content = document.querySelector(".md-content");
          const article = content.querySelector("article");
          return {
            width: content.getBoundingClientRect().width,
            page: document.documentElement.clientWidth,
            visible: article.checkVisibility({opacityProperty: true, visibilityProperty: true}),
            text: article.innerText.length,
          };
        }"""
    )
    assert content["visible"] and content["text"] > 500, content
    assert content["width"] >= 0.9 * content["page"], f"content not full width: {content}"
    # The permalink pilcrows mean nothing on paper.
    assert page.locator("article .headerlink").count() > 0
    for permalink in page.locator("article .headerlink").all():
        expect(permalink).to_be_hidden()
    assert watched.external == []


LINKS_JS = """() => [...document.querySelectorAll("article a[href]")].map(a => [
  a.getAttribute("href"), getComputedStyle(a, "::after").content, a.textContent,
])"""


def test_printed_chapter_says_where_outside_links_go(watched, trainee_url, cases):
    page = watched.page
    printed(page, trainee_url + single_page("references", cases))
    outside, inside = [], []
    for href, after, text in page.evaluate(LINKS_JS):
        (outside if href.startswith(("http:", "https:")) else inside).append((href, after, text))
    assert len(outside) >= 10 and inside
    # print.css: an outside link is followed by its address, " <https://...>", unless its text
    # is already the address (a reference's DOI or URL), which it would only repeat.
    addressed = [(href, after) for href, after, text in outside if text != href]
    assert len(addressed) >= 10
    assert [href for href, after in addressed if after != f'" <{href}>"'] == []
    assert [h for h, after, text in outside if text == h and after not in ("none", "normal")] == []
    # A link within the handbook gets no address: it would be noise on paper.
    assert [href for href, after, _ in inside if after not in ("none", "normal")] == []
