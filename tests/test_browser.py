"""The site in a real browser: axe on the pages that hold every kind of element, in both colour
schemes; search, tooltips and the case filters; what prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ditbook.render import cases as render

from .conftest import AXE_OPTIONS, Watched, axe_violations, new_page, switch_colour_scheme
from .page_sets import covering_pages, page_paths, site_kinds

pytestmark = pytest.mark.browser

# Every page is loaded once with pa11y (tests/test_validity.py); axe runs on the pages that hold
# every kind of element between them (tests/page_sets.py says why that is enough): every rule in
# one scheme, colour contrast in the other.
ALL_RULES = AXE_OPTIONS
CONTRAST = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "rule", "values": ["color-contrast"]},
}
# The print page repeats every other page, whose colours are checked on those pages: there,
# every rule but colour contrast (the costly one).
NO_CONTRAST = {**ALL_RULES, "rules": {**ALL_RULES["rules"], "color-contrast": {"enabled": False}}}
PRINT_PAGE = "print_page/"


def loaded(watched: Watched, url: str) -> list[str]:
    """Load a page; the problems it shows (status, console, third party) with `url`'s path."""
    response = watched.page.goto(url, wait_until="load")
    where = "/" + url.split("/", 3)[3]
    problems = []
    if response is None or response.status != 200:
        problems.append(f"{where}: status {response and response.status}")
    problems += [f"{where}: console: {e}" for e in watched.console_errors]
    problems += [f"{where}: third-party request: {u}" for u in watched.external]
    watched.console_errors.clear()
    watched.external.clear()
    return problems


def axe_problems(page, where: str, options: dict) -> list[str]:
    """axe's violations on the page as it stands, each as a problem at `where`."""
    problems = []
    for violation in axe_violations(page, options):
        targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
        problems.append(f"{where}: axe {violation['id']} ({violation['impact']}): {targets}")
    return problems


def axe_pages(edition: str, trainee_site: Path, supervisor_site: Path) -> list[str]:
    """The pages that hold every kind of element (the print page aside): of the supervisor
    edition, every kind the trainee edition lacks."""
    trainee = [p for p in page_paths(trainee_site) if p != PRINT_PAGE]
    if edition == "trainee":
        chosen = covering_pages(trainee_site, trainee)
        assert len(chosen) >= 10, chosen
        return chosen
    assert stylesheets(supervisor_site) == stylesheets(trainee_site)
    known = set().union(*site_kinds(trainee_site, trainee).values())
    supervisor = [p for p in page_paths(supervisor_site) if p != PRINT_PAGE]
    chosen = covering_pages(supervisor_site, supervisor, known=known)
    assert "supervision/mark/" in chosen, chosen
    return chosen


def stylesheets(site: Path) -> dict[str, bytes]:
    """The home page's stylesheets, by address, with their contents."""
    html = (site / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    assert len(hrefs) >= 3, hrefs
    return {href: (site / href).read_bytes() for href in hrefs}


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_axe_finds_nothing(browser, request, trainee_site, supervisor_site, edition):
    """Each page in the scheme it opens in, every rule; then, switched to the other scheme with
    the header's toggle, colour contrast. Material keeps the reader's choice, so the pages take
    turns at opening in the light scheme and the dark one."""
    url = request.getfixturevalue(f"{edition}_url")
    paths = axe_pages(edition, trainee_site, supervisor_site)
    watched = Watched(new_page(browser, color_scheme="light"))
    problems = []
    for path in paths:
        problems += loaded(watched, url + path)
        problems += axe_problems(watched.page, f"/{path}", ALL_RULES)
        scheme = switch_colour_scheme(watched.page)
        problems += axe_problems(watched.page, f"/{path} ({scheme})", CONTRAST)
    if edition == "trainee":
        problems += loaded(watched, url + PRINT_PAGE)
        problems += axe_problems(watched.page, f"/{PRINT_PAGE}", NO_CONTRAST)
    watched.page.context.close()
    assert problems == []


def search(watched: Watched, base: str, query: str) -> list[str]:
    page = watched.with_search().page
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
    # Outcome, with Role back to Any: the trainee edition keeps an exercise's outcome out of
    # the index (it is part of the answer), so only worked examples can have ended early.
    page.get_by_label("Role").select_option(value="")
    page.get_by_label("Outcome").select_option("ended early")
    early = [c for c in cases if c.role == "worked-example" and c.outcome.ended == "early"]
    assert early, "no worked example ends early: choose another outcome to filter on"
    shown = page.locator(".case-index tbody tr:not([hidden])")
    assert sorted(shown.locator("td:first-child").all_inner_texts()) == sorted(
        c.title for c in early
    )
    assert page.locator(".case-filter__status").inner_text() == (
        f"{len(early)} of {len(cases)} cases shown"
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
            "#print-site-page figure.ipaf-diagram--blank",  # on the sheets that ask for an IPAF
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


def test_a_browser_asked_for_while_one_runs_is_that_one(browser):
    """Playwright cannot start twice in one thread: a print during the test session (or any
    nested launch) borrows the running browser, and leaves it open."""
    from ditbook.tools.browser import launch

    with launch() as borrowed:
        assert borrowed is browser
    assert browser.is_connected()
