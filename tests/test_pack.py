"""The supervisor edition's assignment pack page in a real browser: exercises chosen by keyboard,
their sheets fetched from the site and assembled on the page with no id repeated, the trainee's
name and due date written into each, and the pack printed with each sheet from a new page and
no model answer in it. Every page is watched for requests off 127.0.0.1."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ditbook.models.exercise import PROMPTS

from .conftest import CLEAN, axe_found_in_both_schemes
from .test_editions import secret_snippets
from .test_pdf import EDITION_LINE, TOP_MARGIN_PT, page_lines
from .test_validity import VnuRun

pytestmark = pytest.mark.browser

PACK = "supervision/pack/"
CHOSEN = ("EX-01", "EX-04")
# window.print() is replaced by a counter: the test prints the page itself, with page.pdf().
COUNT_PRINTS = "window.__prints = 0; window.print = () => { window.__prints += 1; };"

# Every id on the page that is used twice or more.
DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll("[id]").forEach(el => { seen[el.id] = (seen[el.id] || 0) + 1; });
  return Object.keys(seen).filter(id => seen[id] > 1);
}"""
# Every reference to an id inside the pack, as [attribute, id, found inside the pack?].
PACK_REFERENCES = """() => {
  const pack = document.getElementById("pack-sheets");
  const lists = ["for", "headers", "list", "aria-labelledby", "aria-describedby",
                 "aria-controls", "aria-owns", "aria-details", "aria-flowto"];
  const out = [];
  const inPack = id => {
    const el = document.getElementById(id);
    return !!el && pack.contains(el);
  };
  pack.querySelectorAll("*").forEach(el => {
    for (const attr of el.attributes) {
      if (lists.includes(attr.name)) {
        for (const id of attr.value.split(/\\s+/).filter(Boolean)) {
          out.push([attr.name, id, inPack(id)]);
        }
      } else if (["href", "xlink:href"].includes(attr.name) && attr.value.startsWith("#")) {
        const id = decodeURIComponent(attr.value.slice(1));
        out.push([attr.name, id, inPack(id)]);
      }
      for (const m of attr.value.matchAll(/url\\(\\s*['"]?#([^'")\\s]+)/g)) {
        out.push([attr.name, m[1], inPack(m[1])]);
      }
    }
  });
  return out;
}"""


def assert_clean(watched, allowed: str | None = None) -> None:
    assert watched.external == []
    assert [e for e in watched.console_errors if not (allowed and allowed in e)] == []


def open_pack(page, url: str):
    page.add_init_script(COUNT_PRINTS)
    page.goto(url + PACK)
    page.wait_for_function("document.getElementById('pack-form').dataset.packReady === '1'")
    return page


def focused(page) -> list[str]:
    return page.evaluate(
        "(() => { const a = document.activeElement;"
        " return [a.id || '', a.getAttribute('name') || '', a.textContent.trim()]; })()"
    )


def tab_until(page, wanted, limit: int = 200) -> None:
    """Press Tab until `wanted(id, name, text)` holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(*focused(page)):
            return
    raise AssertionError("not reached with Tab")


def choose_by_keyboard(page, exercises, name: str = "", due: str = "") -> None:
    """Fill the form with the keyboard only, in its Tab order, and press Enter on the button."""
    tab_until(page, lambda i, n, t: i == "pack-name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    assert focused(page)[0] == "pack-due"
    page.keyboard.type(due)
    for ex in exercises:
        tab_until(page, lambda i, n, t, ex=ex: i == f"pack-{ex.lower()}")
        page.keyboard.press("Space")
    tab_until(page, lambda i, n, t: t == "Print the pack")
    page.keyboard.press("Enter")


def message(page) -> str:
    return " ".join(page.locator("#pack-message").inner_text().split())


def test_a_pack_chosen_by_keyboard_prints_each_sheet_from_a_new_page(
    watched, supervisor_url, cases
):
    page = open_pack(watched.page, supervisor_url)
    assert page.locator("#pack-sheets").inner_html() == ""
    choose_by_keyboard(page, CHOSEN, name="Alex Trainee", due="14 March 2026")
    page.wait_for_function("window.__prints === 1")
    assert "The pack is ready" in message(page)
    assert "EX-01, EX-04" in message(page)

    sheets = page.locator("#pack-sheets > section.pack-sheet")
    assert sheets.evaluate_all("els => els.map(el => el.dataset.exercise)") == list(CHOSEN)
    by_id = {c.exercise.id: c for c in cases if c.exercise}
    for i, ex in enumerate(CHOSEN):
        sheet = sheets.nth(i)
        title = sheet.locator("h1")
        assert title.inner_text().startswith(f"Assignment {ex}: {by_id[ex].title}")
        assert sheet.get_attribute("aria-labelledby") == title.get_attribute("id")
        assert sheet.locator("[data-sheet-field=name]").all_inner_texts() == ["Alex Trainee"]
        assert sheet.locator("[data-sheet-field=due]").all_inner_texts() == ["14 March 2026"]
        assert sheet.locator(".sheet-prompt .answer-space").count() == len(
            PROMPTS[by_id[ex].exercise.kind]
        )

    # One document, no id twice; every reference inside the pack finds its target there.
    assert page.evaluate(DUPLICATE_IDS) == []
    references = page.evaluate(PACK_REFERENCES)
    assert len(references) >= 2 * 4  # each sheet's headings link to themselves, at least
    assert [r for r in references if not r[2]] == []
    assert page.locator("#pack-sheets [id^='pack-1-']").count() >= 3
    assert page.locator("#pack-sheets [id^='pack-2-']").count() >= 3

    # On paper: the pack only, each sheet from the top of a new page, each prompt whole.
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    lines = [page_lines(p) for p in reader.pages]
    pages = [" ".join(text for _, text in page_text) for page_text in lines]
    text = " ".join(pages)
    tops = [(n, page_text[0][1]) for n, page_text in enumerate(lines) if page_text]
    starts = [(n, top) for n, top in tops if top.startswith("Assignment EX-")]
    assert starts[0][0] == 0
    assert [top for _, top in starts] == [f"Assignment {ex}: {by_id[ex].title}" for ex in CHOSEN]
    assert text.count("Assignment EX-") == len(CHOSEN)  # the titles at the tops only
    for ex in CHOSEN:
        for _, prompt in PROMPTS[by_id[ex].exercise.kind]:
            words = " ".join(prompt.replace("**", "").split())
            assert any(words in p for p in pages), f"{ex}: prompt split or missing: {words}"
    assert text.count("Alex Trainee") == 2 and text.count("14 March 2026") == 2
    for chrome in ("Print the pack", "Trainee name (optional)", "Nothing leaves this device"):
        assert chrome not in text
    assert EDITION_LINE not in text and "Supervisor edition" not in text
    assert [t for page_text in lines for y, t in page_text if y >= TOP_MARGIN_PT] == []
    assert [where for where, piece in secret_snippets(cases) if piece in text] == []
    assert_clean(watched)


def test_a_pack_of_every_sheet_is_valid_html(watched, supervisor_url, cases, tmp_path):
    """The page as it stands once every sheet is in it passes the Nu Html Checker: the sheets'
    own ids (each has a #vignette and a #task) no longer clash."""
    page = open_pack(watched.page, supervisor_url)
    boxes = page.locator("input[name=exercise]")
    assert boxes.count() == len([c for c in cases if c.exercise])
    for box in boxes.all():
        box.check()
    page.get_by_role("button", name="Print the pack").click()
    page.wait_for_function("window.__prints === 1")
    assert page.locator("#pack-sheets > section").count() == boxes.count()
    assembled = tmp_path / "pack.html"
    assembled.write_text(page.content(), encoding="utf-8")
    errors = VnuRun([assembled], tmp_path / "vnu.json").errors()
    assert errors == {assembled: []}
    assert_clean(watched)


# A sheet with every kind of reference the pack must carry over: SVG gradients, markers and
# <use>, labels, ARIA, a link to a heading, a link to an id the sheet lacks, a relative link.
CRAFTED_SHEET = """<!doctype html><html lang="en"><head><title>x</title></head><body>
<a href="#vignette" id="skip">Skip</a>
<article class="md-content__inner md-typeset">
<h1 id="assignment-ex-02">Assignment EX-02: crafted<a href="#assignment-ex-02">¶</a></h1>
<p><strong>Trainee:</strong> <span class="write-line" data-sheet-field="name"></span></p>
<h2 id="vignette">Vignette</h2>
<svg width="40" height="20" role="img" aria-labelledby="chart-title chart-desc">
  <title id="chart-title">A chart</title><desc id="chart-desc">Two shapes</desc>
  <defs><linearGradient id="fade"><stop offset="0" stop-color="#000"/></linearGradient>
  <marker id="tip"><path d="M0 0L4 2L0 4z"/></marker><rect id="shape" width="4" height="4"/></defs>
  <rect width="10" height="10" fill="url(#fade)" style="stroke: url('#fade')"/>
  <line x1="0" y1="0" x2="9" y2="9" marker-end="url(#tip)"/>
  <use href="#shape" x="20"/><use xlink:href="#shape" x="30"/>
</svg>
<p><label for="note">Note</label> <span id="note" aria-describedby="vignette missing">n</span></p>
<p><a href="#vignette">Back to the vignette</a> <a href="#not-here">elsewhere</a>
<a href="../other/">another page</a></p>
<script>document.title = "ran";</script>
</article></body></html>"""


def test_every_id_and_reference_in_a_sheet_is_carried_into_the_pack(watched, supervisor_url):
    page = open_pack(watched.page, supervisor_url)
    crafted = "**/workbook/sheets/marek-site-meeting/"
    page.route(crafted, lambda route: route.fulfill(content_type="text/html", body=CRAFTED_SHEET))
    for box in ("#pack-ex-01", "#pack-ex-02", "#pack-ex-03"):
        page.locator(box).check()
    page.get_by_role("button", name="Print the pack").click()
    page.wait_for_function("window.__prints === 1")
    assert page.evaluate(DUPLICATE_IDS) == []
    references = page.evaluate(PACK_REFERENCES)
    assert [r for r in references if not r[2]] == []
    crafted_refs = sorted({(a, i) for a, i, _ in references if i.startswith("pack-2-")})
    assert crafted_refs == [
        ("aria-describedby", "pack-2-vignette"),
        ("aria-labelledby", "pack-2-assignment-ex-02"),  # the sheet's section, by its title
        ("aria-labelledby", "pack-2-chart-desc"),
        ("aria-labelledby", "pack-2-chart-title"),
        ("fill", "pack-2-fade"),
        ("for", "pack-2-note"),
        ("href", "pack-2-assignment-ex-02"),
        ("href", "pack-2-shape"),
        ("href", "pack-2-vignette"),
        ("marker-end", "pack-2-tip"),
        ("style", "pack-2-fade"),
        ("xlink:href", "pack-2-shape"),
    ]
    sheet = page.locator("#pack-sheets > section").nth(1)
    links = sheet.locator("p a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    origin = supervisor_url.rstrip("/")
    assert links == [
        "#pack-2-vignette",
        f"{origin}/workbook/sheets/marek-site-meeting/#not-here",  # not in the sheet
        f"{origin}/workbook/sheets/other/",
    ]
    assert sheet.locator("script").count() == 0 and page.title() != "ran"
    assert sheet.locator("a#pack-2-skip").count() == 0  # outside the sheet's content
    assert_clean(watched)


def test_nothing_chosen_is_said_and_nothing_is_printed(watched, supervisor_url):
    page = open_pack(watched.page, supervisor_url)
    page.locator("#pack-name").fill("Alex Trainee")
    page.get_by_role("button", name="Print the pack").press("Enter")
    page.get_by_text("Nothing to print").wait_for()
    assert "Choose at least one exercise first" in message(page)
    assert page.locator("#pack-message").get_attribute("aria-live") == "polite"
    assert page.evaluate("document.activeElement.id") == "pack-ex-01"
    assert page.locator("#pack-sheets").inner_html() == ""
    assert page.evaluate("window.__prints") == 0
    assert_clean(watched)


def test_a_sheet_that_cannot_be_read_stops_the_pack_and_changes_nothing(watched, supervisor_url):
    page = open_pack(watched.page, supervisor_url)
    page.route("**/workbook/sheets/joan-long-evenings/", lambda route: route.fulfill(status=404))
    page.locator("#pack-ex-01").check()
    page.locator("#pack-ex-04").check()
    page.get_by_role("button", name="Print the pack").click()
    page.get_by_text("The pack was not printed").wait_for()
    said = message(page)
    assert "The sheet for EX-04 could not be read (the server answered 404)." in said
    assert "Nothing was printed, and nothing on this page has changed." in said
    assert page.locator("#pack-sheets").inner_html() == ""
    assert page.evaluate("window.__prints") == 0

    # A pack already made stays as it was when the next one fails.
    page.locator("#pack-ex-04").uncheck()
    page.get_by_role("button", name="Print the pack").click()
    page.wait_for_function("window.__prints === 1")
    made = page.locator("#pack-sheets").inner_html()
    assert "Assignment EX-01" in made
    page.locator("#pack-ex-04").check()
    page.get_by_role("button", name="Print the pack").click()
    page.get_by_text("The pack was not printed").wait_for()
    assert page.locator("#pack-sheets").inner_html() == made
    assert page.evaluate("window.__prints") == 1
    assert_clean(watched, allowed="404")


def test_the_pack_page_is_axe_clean(watched, supervisor_url):
    page = open_pack(watched.page, supervisor_url)
    assert axe_found_in_both_schemes(page) == CLEAN
    page.get_by_role("button", name="Print the pack").click()
    page.get_by_text("Nothing to print").wait_for()
    assert axe_found_in_both_schemes(page) == CLEAN
    page.locator("#pack-ex-02").check()
    page.get_by_role("button", name="Print the pack").click()
    page.get_by_text("The pack is ready").wait_for()
    assert axe_found_in_both_schemes(page) == CLEAN
    assert axe_found_in_both_schemes(page, media="print") == CLEAN  # the pack, on paper only
    assert page.locator("#pack-sheets h1").is_visible()
    assert_clean(watched)
