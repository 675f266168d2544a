"""The real PDFs, made by `ditbook pdf` with Debian's chromium, parsed with pypdf (structure)
and PDFium (text: pypdf takes a minute to read the text of a 450-page handbook, PDFium five
seconds)."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PageObject, PdfReader

from ditbook.content import load
from ditbook.paths import ROOT
from ditbook.registry import DIALOGUES

from .test_editions import normalise, secret_snippets

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DITBOOK = str(Path(sys.executable).with_name("ditbook"))


def chapter_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "docs" / "handbook").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        titles.append(yaml.safe_load(front)["title"])
    assert len(titles) >= 14
    return titles


def make(*args: str, dist: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [DITBOOK, "pdf", *args, "--dist", str(dist)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory, trainee_site, supervisor_site) -> dict[str, Path]:
    """Both handbooks, printed by `ditbook pdf --site` from the sites the session built (the
    build `ditbook pdf` runs by itself is tested by the pack test below)."""
    dist = tmp_path_factory.mktemp("dist")
    out = {}
    for edition, site in (("trainee", trainee_site), ("supervisor", supervisor_site)):
        result = make("--edition", edition, "--site", str(site), dist=dist)
        assert result.returncode == 0, result.stderr[-3000:]
        path = dist / f"dit-handbook-{edition}.pdf"
        # Progress, then the path and page count at the end.
        assert result.stdout.startswith("Printing the handbook with Chromium ...\n")
        assert re.search(
            rf"Wrote .*dit-handbook-{edition}\.pdf \(\d+ pages, [\d.]+ s\)\n$", result.stdout
        )
        out[edition] = path
    return out


@functools.cache
def text_of(path: Path) -> str:
    return normalise(" ".join(page.text for page in printed_pages(path)))


def outline_titles(path: Path) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(" ".join(item.title.split()))

    walk(PdfReader(path).outline)
    return titles


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_page_count_is_in_the_expected_range(pdfs, edition):
    pages = len(PdfReader(pdfs[edition]).pages)
    assert 60 <= pages <= 600, pages


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_outline_lists_every_chapter_and_worked_case(pdfs, cases, edition):
    titles = outline_titles(pdfs[edition])
    for chapter in chapter_titles():
        assert any(t.startswith(chapter) for t in titles), f"no bookmark for {chapter!r}"
    for case in cases:
        if case.role == "worked-example":
            assert case.title in titles, f"no bookmark for {case.title!r}"


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_text_has_every_chapter_title_and_the_cover_names_the_edition(pdfs, edition):
    text = text_of(pdfs[edition])
    for chapter in chapter_titles():
        assert normalise(chapter) in text, chapter
    cover = normalise(printed_pages(pdfs[edition])[0].text)
    assert f"{edition.capitalize()} edition" in cover
    assert re.search(r"Date \d{4}-\d{2}-\d{2}", cover)


def test_pdf_is_tagged_for_assistive_technology(pdfs):
    root = PdfReader(pdfs["trainee"]).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_trainee_pdf_has_no_model_answer_and_supervisor_pdf_has_them(pdfs, cases):
    secrets = secret_snippets(cases)
    trainee, supervisor = text_of(pdfs["trainee"]), text_of(pdfs["supervisor"])
    assert [where for where, piece in secrets if piece in trainee] == []
    # Text extraction must work for the absence check to mean anything.
    found = [where for where, piece in secrets if piece in supervisor]
    assert len(found) >= 0.9 * len(secrets), f"only {len(found)} of {len(secrets)} found"


def test_assignment_sheets_one_per_exercise_without_answers(tmp_path, cases, trainee_site):
    result = make("--sheets", "--site", str(trainee_site), dist=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    exercises = [c for c in cases if c.exercise]
    sheets = sorted((tmp_path / "sheets").glob("*.pdf"))
    assert len(sheets) == len(exercises)
    secrets = secret_snippets(cases)
    for case in exercises:
        path = tmp_path / "sheets" / f"{case.exercise.id}-{case.id}.pdf"
        text = text_of(path)
        assert f"Assignment {case.exercise.id}" in text
        assert "Trainee:" in text and "Date set:" in text
        assert [where for where, piece in secrets if piece in text] == []


def test_a_pack_of_chosen_sheets_is_one_pdf_with_the_name_and_due_date(tmp_path, cases):
    from ditbook.models.exercise import PROMPTS

    result = make(
        "--sheets", "EX-04,ex-01", "--name", "Alex Trainee", "--due", "14 March 2026",
        dist=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("Building the trainee edition ...\n")  # its own build
    assert sorted(p.name for p in tmp_path.iterdir()) == ["assignment-pack.pdf"]
    pack = tmp_path / "assignment-pack.pdf"
    reader = PdfReader(pack)
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    chosen = {c.exercise.id: c for c in cases if c.exercise and c.exercise.id in ("EX-01", "EX-04")}
    starts = [
        next(i for i, t in enumerate(pages) if f"Assignment {ex}" in t) for ex in ("EX-04", "EX-01")
    ]
    assert starts[0] == 0 and starts[1] > 0  # in the order asked, each from a new page
    for ex_id, case in chosen.items():
        for _, prompt in PROMPTS[case.exercise.kind]:
            words = " ".join(prompt.replace("**", "").split())
            # Whole on one page (print.css keeps a prompt with its answer space).
            assert any(words in page for page in pages), (
                f"{ex_id}: prompt split or missing: {words}"
            )
    assert text.count("Alex Trainee") == 2 and text.count("14 March 2026") == 2
    assert 4 <= len(reader.pages) <= 30
    assert not any(f"Assignment {c.exercise.id}" in text for c in cases
                   if c.exercise and c.exercise.id not in chosen)  # fmt: skip
    assert [where for where, piece in secret_snippets(cases) if piece in text] == []


def test_a_pack_of_an_unknown_exercise_is_refused(tmp_path):
    result = make("--sheets", "EX-01,EX-99", dist=tmp_path)
    assert result.returncode == 2
    assert "no exercise EX-99" in result.stderr
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_a_site_of_the_other_edition_is_refused(tmp_path, request, edition):
    other = "supervisor" if edition == "trainee" else "trainee"
    site = request.getfixturevalue(f"{other}_site")
    result = make("--edition", edition, "--site", str(site), dist=tmp_path / "dist")
    assert result.returncode == 2
    assert f"is the {other} edition; the {edition} edition was asked for" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_a_folder_that_is_no_built_site_is_refused(tmp_path):
    (tmp_path / "site").mkdir()
    result = make("--site", str(tmp_path / "site"), dist=tmp_path / "dist")
    assert result.returncode == 2
    assert "is no built site (no print page); the trainee edition was asked for" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_missing_chromium_says_how_to_install_it(tmp_path):
    result = make(dist=tmp_path, env={"DIT_CHROMIUM": str(tmp_path / "no-such-browser")})
    assert result.returncode == 1
    assert "sudo apt-get install chromium" in result.stderr
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------------------------------------
# The printed page itself: footers, where chapters start, what links say on paper.

# print.css: `@page { margin: 18mm 16mm 20mm }` on A4; the footer is printed in the bottom
# margin, and the supervisor edition's warning in the top margin.
BOTTOM_MARGIN_PT = 20 / 25.4 * 72
TOP_MARGIN_PT = (297 - 18) / 25.4 * 72
EDITION_LINE = "Supervisor edition: contains model answers. Do not share with trainees."
FOOTER = re.compile(r"page (\d+) of (\d+)")


@dataclass(frozen=True)
class Printed:
    """One printed page's text: all of it, and its lines in the top margin, the body and the
    bottom margin (blank lines dropped, spaces collapsed)."""

    text: str
    header: list[str]
    body: list[str]
    footer: list[str]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _printed(page) -> Printed:
    width, height = page.get_size()
    text = page.get_textpage()

    def band(low: float, high: float) -> list[str]:
        return _lines(text.get_text_bounded(0, low, width, high))

    # The body is the page's lines less the margins' (a band of its own would run a wrapped
    # line into the next without a space).
    whole, header, footer = (
        # PDFium marks a hyphen that ends a line as U+FFFE; it is a hyphen on the paper.
        text.get_text_range().replace("\ufffe", "-"),
        band(TOP_MARGIN_PT, height),
        band(0, BOTTOM_MARGIN_PT),
    )
    body = _lines(whole)
    for line in header + footer:
        body.remove(line)
    return Printed(text=whole, header=header, body=body, footer=footer)


@functools.cache
def printed_pages(path: Path) -> list[Printed]:
    document = pdfium.PdfDocument(path)
    try:
        return [_printed(document[number]) for number in range(len(document))]
    finally:
        document.close()


def page_lines(page: PageObject) -> list[tuple[float, str]]:
    """A page's text as lines, top of the page first: (baseline height in pt, text). PDFium's
    lines follow the text's order, so a contents entry and its page number, printed apart on
    one line, come out as two: here fragments on one baseline make one line (pypdf, slower)."""
    fragments: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((y, x, text))

    page.extract_text(visitor_text=visit)
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for y, x, text in sorted(fragments, key=lambda f: (-f[0], f[1])):
        if lines and abs(lines[-1][0] - y) < 2:
            lines[-1][1].append((x, text))
        else:
            lines.append((y, [(x, text)]))
    return [(y, " ".join("".join(t for _, t in sorted(parts)).split())) for y, parts in lines]


def body_lines(lines: list[tuple[float, str]]) -> list[str]:
    return [text for y, text in lines if BOTTOM_MARGIN_PT < y < TOP_MARGIN_PT]


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_only_the_supervisor_pdf_warns_at_the_top_of_every_page(pdfs, edition):
    wanted = [EDITION_LINE] if edition == "supervisor" else []
    pages = printed_pages(pdfs[edition])
    wrong = [n for n, page in enumerate(pages, start=1) if page.header != wanted]
    assert wrong == [], f"pages without the expected header: {wrong[:10]}"


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_every_page_after_the_cover_is_numbered_in_its_footer(pdfs, edition):
    pages = printed_pages(pdfs[edition])
    total = len(pages)
    assert not FOOTER.search(pages[0].text), "the cover carries a page number"
    problems = []
    for number, page in enumerate(pages[1:], start=2):
        if page.footer != [f"page {number} of {total}"]:
            problems.append(f"page {number}: footer {page.footer!r}")
        numbers = [text for text in page.body if FOOTER.fullmatch(text)]
        if numbers:
            problems.append(f"page {number}: page number above the footer: {numbers!r}")
    assert problems == []


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: tags such as !ENV become None."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def nav_page_titles() -> list[str]:
    """The title of every page in mkdocs.yml's navigation, in order."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _TolerantLoader)
    paths: list[str] = []

    def walk(item):
        if isinstance(item, str):
            paths.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(config["nav"])
    titles = []
    for path in paths:
        front = (ROOT / "docs" / path).read_text(encoding="utf-8").split("---")[1]
        titles.append(yaml.safe_load(front)["title"])
    assert len(titles) >= 18
    return titles


def print_page(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "print_page" / "index.html").read_text("utf-8"), "html.parser")


def section_titles(site: Path) -> list[str]:
    """The heading each page of the print page starts with, in print order."""
    titles = []
    for section in print_page(site).select("#print-site-page section.print-page"):
        heading = section.find(["h1", "h2"])
        for permalink in heading.select(".headerlink"):
            permalink.decompose()
        titles.append(" ".join(heading.get_text().split()))
    return titles


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_chapters_and_worked_cases_each_start_on_a_new_page(pdfs, cases, request, edition):
    titles = section_titles(request.getfixturevalue(f"{edition}_site"))
    worked = [c.title for c in cases if c.role == "worked-example"]
    missing = [t for t in [*nav_page_titles(), *worked] if t not in titles]
    assert missing == [], "pages missing from the print page"
    pages = printed_pages(pdfs[edition])
    problems, at = [], 1  # page 1 is the cover: everything starts after it
    for title in titles:
        # The title is the page's first text (a long one may wrap onto a second line).
        for number in range(at, len(pages)):
            top = normalise(" ".join(pages[number].body[:3]))
            if top.startswith(normalise(title)):
                at = number + 1
                break
        else:
            problems.append(f"{title!r} does not start a page after page {at}")
    assert problems == []


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_contents_give_the_page_each_entry_starts_on(pdfs, request, edition):
    titles = section_titles(request.getfixturevalue(f"{edition}_site"))
    assert titles[0] == "Contents"
    titles = titles[1:]  # one entry for each page of the print page, in print order
    pages = printed_pages(pdfs[edition])
    start = next(n for n, page in enumerate(pages) if page.body[:1] == ["Contents"])
    reader = PdfReader(pdfs[edition])
    entries: list[str] = []
    for number in range(start, len(pages)):
        if normalise(" ".join(pages[number].body[:3])).startswith(normalise(titles[0])):
            break  # the contents are over: the first page of the handbook
        body = body_lines(page_lines(reader.pages[number]))
        entries += [line for line in body if line != "Contents"]
    numbers = [re.search(r"(\d+)$", entry) for entry in entries]
    assert None not in numbers, f"contents entries without a page number: {entries}"
    assert len(numbers) == len(titles)
    wrong = []
    for title, number in zip(titles, (int(n.group(1)) for n in numbers), strict=True):
        top = normalise(" ".join(pages[number - 1].body[:3]))
        if not top.startswith(normalise(title)):
            wrong.append(f"{title!r} is not at the top of page {number}")
    assert wrong == []


def test_outside_links_print_their_address(pdfs, trainee_site):
    links = print_page(trainee_site).select('#print-site-page a[href^="http"]')
    # A reference's address is its own link text, so it is printed once, as written.
    cited = {a["href"] for a in links if "reference-address" in (a.get("class") or [])}
    hrefs = sorted({a["href"] for a in links} - cited)
    assert len(hrefs) >= 10 and len(cited) >= 10
    # A long address wraps (break-all) wherever the line ends: compare without spaces. Raw text:
    # normalise() would take "<https://...>" for a tag.
    text = "".join("".join(page.text for page in printed_pages(pdfs["trainee"])).split())
    assert [h for h in hrefs if f"<{h}>" not in text] == []
    assert [h for h in sorted(cited) if h not in text] == []


@pytest.mark.parametrize("edition", ["trainee", "supervisor"])
def test_no_navigation_chrome_is_printed(pdfs, request, edition):
    page = print_page(request.getfixturevalue(f"{edition}_site"))
    # Material's words in each piece of chrome (the search's change once its index has loaded).
    chrome = {
        ".md-skip": ["Skip to content"],
        ".md-search": ["Initializing search", "Type to start searching"],
        ".md-top": ["Back to top"],
    }
    text = text_of(pdfs[edition])
    for selector, words in chrome.items():
        assert words[0] in page.select_one(selector).get_text(), selector  # it is on the page
        assert [w for w in words if w in text] == [], f"{selector} printed"


def flat(text: str) -> str:
    """Text compared letter for letter: on paper a line may wrap anywhere, and a word may be
    broken with a hyphen at the end of a line, so white space and hyphens are left out."""
    return re.sub(r"[\s\-\u00ad]+", "", normalise(text))


def opening(text: str, count: int = 8) -> str:
    return " ".join(text.split()[:count])


def test_each_annotated_turn_is_printed_on_the_page_of_its_annotation(pdfs):
    """In the printed trainee handbook, every annotated turn of every dialogue (the weaker
    version's too) starts on the page that holds the opening of its annotation. The turns are
    looked for in order, from the page the dialogue's title heads."""
    printed = printed_pages(pdfs["trainee"])
    pages = [flat(page.text) for page in printed]
    tops = [flat(" ".join(page.body[:3])) for page in printed]
    dialogues = load.load_valid(DIALOGUES, [ROOT / DIALOGUES.folder])
    problems, checked = [], 0
    for dialogue in dialogues:
        start = next(
            (n for n, top in enumerate(tops) if top.startswith(flat(dialogue.title))), None
        )
        assert start is not None, f"{dialogue.id}: no page starts with its title"
        at = start
        turns = [*(dialogue.weaker.turns if dialogue.weaker else []), *dialogue.turns]
        for turn in turns:
            if turn.annotation is None:
                continue
            said, note = flat(opening(turn.text)), flat(opening(turn.annotation.note))
            found = next((n for n in range(at, len(pages)) if said in pages[n]), None)
            if found is None:
                problems.append(
                    f"{dialogue.id}: {opening(turn.text)!r} not found from page {at + 1}"
                )
                continue
            if note not in pages[found]:
                problems.append(
                    f"{dialogue.id}: {opening(turn.text)!r} is on page {found + 1}, its "
                    f"annotation {opening(turn.annotation.note)!r} is not"
                )
            at = found
            checked += 1
    assert problems == []
    annotated = [
        t
        for d in dialogues
        for t in [*(d.weaker.turns if d.weaker else []), *d.turns]
        if t.annotation is not None
    ]
    assert checked == len(annotated) > 0
