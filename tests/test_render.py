"""The render layer: pure functions from cases to Markdown, tested without MkDocs."""

from __future__ import annotations

import json
import re
from collections import Counter
from copy import deepcopy
from html import unescape
from typing import Any

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from markdown.extensions.toc import slugify
from pydantic import BaseModel

from ditbook.models.case import Case
from ditbook.paths import ROOT
from ditbook.render import case_page, reference
from ditbook.render import cases as render

# ---------------------------------------------------------------------------------------------
# The site's own Markdown: the extensions and settings of mkdocs.yml, not a reduced set.


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV [NAME, default]` values become their default."""


def _env_default(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return values[-1] if len(values) > 1 else None
    return None


_ConfigLoader.add_constructor("!ENV", _env_default)

# MkDocs always adds these before the extensions mkdocs.yml lists (MarkdownExtensions builtins).
MKDOCS_BUILTINS = ["toc", "tables", "fenced_code"]


def site_markdown_extensions() -> list[str | dict[str, dict]]:
    """The `markdown_extensions` list of mkdocs.yml, entries as written there.

    Every extension is kept. pymdownx.snippets resolves its base_path against the directory
    MkDocs runs in (the project root, for `make` and the tests' builds); it is made absolute here
    so that its auto_append (the glossary abbreviations) and check_paths work from anywhere.
    """
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    entries = deepcopy(config["markdown_extensions"])
    for entry in entries:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            snippets = entry["pymdownx.snippets"]
            snippets["base_path"] = [str(ROOT / path) for path in snippets["base_path"]]
    return entries


def _markdown_arguments() -> tuple[list[str], dict[str, dict]]:
    names, configs = list(MKDOCS_BUILTINS), {}
    for entry in site_markdown_extensions():
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in names:
            names.append(name)
        if config:
            configs[name] = config
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _markdown_arguments()
_MARKDOWN = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def test_the_tests_use_every_extension_of_the_site():
    assert {"admonition", "pymdownx.details", "pymdownx.tabbed", "pymdownx.superfences"} <= set(
        EXTENSIONS
    )
    assert {"pymdownx.snippets", "footnotes", "abbr", "def_list", "attr_list"} <= set(EXTENSIONS)
    # The glossary is appended to every page by snippets, as in the real build.
    assert '<abbr title="Interpersonal Affective Focus' in to_html("The IPAF.")


def to_html(md: str) -> str:
    """Markdown to HTML as the site converts it (one converter, reset for each page)."""
    return _MARKDOWN.reset().convert(md)


def words(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Hostile text: every syntax the site's extensions give a meaning to, typed into a case field.
# Lines are paragraphs (or, in one-line fields, run together); none may become markup.

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    '<div markdown="1">*inside* a div</div>',
    "[click](javascript:alert(1))",
    "![an image](x.png)",
    "<https://example.org> and &copy; and &#169;",
    "{{ config.extra }} {% raw %}",
    "# not a heading",
    "Not a setext heading\n===",
    "Not a setext heading either\n---",
    "***",
    "- not a list",
    "+ not a list",
    "1. not a list either",
    "1) nor this",
    "*[Hello]: not an abbreviation\nHello there",
    "**not bold** and _not italic_ and `not code`",
    "&lt;already escaped&gt; & ampersand",
    "Not a term\n:   not a definition",
    ":   not a definition",
    "> not a quote",
    "Not a paragraph\n    followed by indented code",
    "!!! note Not an admonition",
    '!!! warning "Not a title"\n    Not an admonition body',
    "??? note Not a details block",
    "???+ note Not an open details block",
    '=== "Not a tab"\n    Not a tab body',
    '===! "Not a tab"',
    "```python\nprint(1)\n```",
    "~~~\nprint(1)\n~~~",
    "~~~ {.python}\nprint(1)\n~~~",
    '--8<-- "abbreviations.md"',
    '--8<-- "mkdocs.yml"',
    "--8<--\nabbreviations.md\n--8<--",
    ';--8<-- "abbreviations.md"',
    "Not a footnote reference[^1] in passing\n[^1]: Not a footnote",
    "[^note]:\n    Not a footnote either",
    "{: .not-an-attribute }",
    "{ #not-an-id .not-a-class }",
    "Not an attribute list on a paragraph { #x }",
    "| not | a table |\n| --- | --- |\n| a | b |",
    "not | a table\n--- | ---\na | b",
    "[TOC]",
    "///Footnotes Go Here///",
    "A title ending in C#",
    "Backslashes \\ and \\| and \\* stay",
]


def hostile_lines(text: str) -> list[str]:
    """The paragraphs `render.paragraphs` makes of a text, as the reader should see them."""
    return [words(line) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("text", HOSTILE)
def test_paragraphs_render_exactly_as_typed(text: str):
    soup = BeautifulSoup(to_html(render.paragraphs(text)), "html.parser")
    blocks = soup.find_all(True, recursive=False)
    assert [b.name for b in blocks] == ["p"] * len(hostile_lines(text))
    assert soup.find_all("p") == blocks and not any(b.find(True) for b in blocks)
    # What the reader sees, once entities are decoded, is the original text (runs of white
    # space fold to one, as they do in HTML anyway).
    assert [b.get_text() for b in blocks] == hostile_lines(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_inline_text_renders_exactly_as_typed(text: str):
    html = to_html(render.inline(text))
    assert html.startswith("<p>") and html.endswith("</p>")
    assert "<" not in html[3:-4]
    assert unescape(html[3:-4]) == words(text)


def _with(case: Case, **changes) -> Case:
    return case.model_copy(update=changes)


def _replace(value: Any, path: tuple, new: Any) -> Any:
    """A copy of a (frozen) case with the value at `path` replaced. Not validated."""
    if not path:
        return new
    head, *rest = path
    if isinstance(value, list):
        items = list(value)
        items[head] = _replace(value[head], tuple(rest), new)
        return items
    return value.model_copy(update={head: _replace(getattr(value, head), tuple(rest), new)})


# Fields whose values validation restricts to fixed words or slugs.
FIXED = {
    "id", "role", "difficulty", "presentation", "themes", "when", "kind", "missing_element",
    "prompt", "result", "ended", "name",
}  # fmt: skip


def text_fields(value: Any, path: tuple = ()):
    """Paths of every free-text value of a case: what an author can type anything into."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in FIXED:
                yield from text_fields(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from text_fields(item, (*path, i))
    elif isinstance(value, str):
        yield path


def token(n: int) -> str:
    """A word of letters that no page, case or glossary contains, unique for each n."""
    letters = ""
    for _ in range(4):
        n, digit = divmod(n, 26)
        letters += chr(ord("a") + digit)
    return "zq" + letters + "qz"


def poisoned(case: Case, text: str) -> tuple[Case, Case, dict[str, str]]:
    """(every text field set to `text`, each set to as many placeholder words, and what each
    placeholder stands for). The placeholder case shows what plain text renders to."""
    lines = hostile_lines(text)
    hostile, plain, meaning = case, case, {}
    for path in text_fields(case):
        tokens = [token(len(meaning) + i) for i in range(len(lines))]
        meaning.update(zip(tokens, lines, strict=True))
        hostile = _replace(hostile, path, text)
        plain = _replace(plain, path, "\n".join(tokens))
    return hostile, plain, meaning


def pages(case: Case) -> str:
    """Everything the render layer makes of a case, one after the other. (The trainee edition
    of an exercise page is the start of the supervisor edition.) One document, not one per
    page: the site appends its glossary to each, which makes a conversion slow."""
    href = lambda p: "../" + p  # noqa: E731
    out = [render.case_index([case], href), render.case_link(case, href), case_page.ipaf_card(case)]
    if case.exercise is None:
        out.append(render.case_page(case))
        out += [render.case_excerpt(case, f) for f in sorted(render.EXCERPTS)]
    else:
        out += [render.exercise_page(case, "supervisor", href), render.assignment_sheet(case)]
    return "\n\n".join(out)


Shown = tuple[list[tuple[str, list[tuple[str, str]]]], str]


def shown(html: str) -> Shown:
    """(every element with its attributes, in order; the text the reader sees).

    The title's heading gets its id from the title's words: it must be exactly that slug (no
    attribute list may set it), and is then left out, as is the permalink to it.
    """
    soup = BeautifulSoup(html, "lxml")
    out = []
    for element in soup.find_all(True):
        attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in element.attrs.items()}
        if element.name == "h1":
            title = element.get_text().removesuffix("¶")
            # (toc makes "_1" of a title with no letters or digits)
            assert attrs.pop("id") == (slugify(title, "-") or "_1"), "the title's id was set"
        if "headerlink" in attrs.get("class", "") and element.parent.name == "h1":
            attrs.pop("href")
        out.append((element.name, sorted(attrs.items())))
    return out, words(soup.get_text())


def _cases_to_poison(cases) -> list[Case]:
    """A worked example with a reversal and a review, and an exercise of each kind that shows
    something of its own (the whole-case kind shows nothing the other kinds do not)."""
    chosen = [next(c for c in cases if c.exercise is None and c.reversal and c.outcome.review)]
    for kind in ("complete-the-ipaf", "spot-the-gap", "agree-the-wording", "suitability"):
        chosen.append(next(c for c in cases if c.exercise and c.exercise.kind == kind))
    return chosen


_plain_pages: dict[tuple[str, int], tuple[Shown, list[str]]] = {}


def _plain(case: Case, text: str) -> tuple[Shown, dict[str, str]]:
    """The pages of the case with placeholders for `text`, and what each placeholder stands for.
    The pages are the same for every text of as many lines, and made once."""
    lines = hostile_lines(text)
    key = (case.id, len(lines))
    if key not in _plain_pages:
        _, plain, meaning = poisoned(case, text)
        _plain_pages[key] = shown(to_html(pages(plain))), list(meaning)
    plain_shown, placeholders = _plain_pages[key]
    # poisoned() numbers the placeholders field by field, line by line.
    return plain_shown, {p: lines[i % len(lines)] for i, p in enumerate(placeholders)}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_every_field_of_every_page_is_shown_as_typed(cases, text: str):
    for case in _cases_to_poison(cases):
        (plain_structure, plain_text), meaning = _plain(case, text)
        structure, text_shown = shown(to_html(pages(poisoned(case, text)[0])))
        # No element or attribute that plain text does not make: no admonition, details, tab,
        # code block, footnote, abbreviation, definition list, quote, table, heading...
        tags = Counter(name for name, _ in structure)
        assert tags == Counter(name for name, _ in plain_structure), case.id
        assert structure == plain_structure, case.id
        # ...and every character shown where plain text is shown.
        for placeholder, line in meaning.items():
            plain_text = plain_text.replace(placeholder, line)
        assert text_shown == plain_text, case.id


def test_every_field_is_poisoned(cases):
    worked = _cases_to_poison(cases)[0]
    paths = {".".join(map(str, p)) for p in text_fields(worked)}
    assert {"title", "summary", "ipaf.affect.conscious", "recurrence.0.who"} <= paths
    assert {"agreed_wording", "reversal", "phases.ending", "goodbye_letter"} <= paths
    spot = next(c for c in cases if c.exercise and c.exercise.kind == "spot-the-gap")
    paths = {".".join(map(str, p)) for p in text_fields(spot)}
    assert {"exercise.vignette", "exercise.flawed_formulation", "exercise.gaps.0"} <= paths
    assert "exercise.marking_guide.discussion.0" in paths


def test_a_quoted_case_cannot_take_a_chapters_footnotes(ruth: Case):
    letter = "///Footnotes Go Here///\n" + ruth.goodbye_letter
    chapter = (
        "A claim.[^1]\n\n"
        + render.case_excerpt(_with(ruth, goodbye_letter=letter), "goodbye_letter")
        + "\nMore prose.\n\n[^1]: A source.\n"
    )
    soup = BeautifulSoup(to_html(chapter), "html.parser")
    letter_div = soup.select_one("div.goodbye-letter")
    assert letter_div.find("p").get_text() == "///Footnotes Go Here///"
    assert soup.select_one("div.footnote").find_previous_sibling("p").get_text() == "More prose."


@pytest.mark.parametrize(
    "title",
    ["Ruth | unheard", "| Ruth", "Ruth |", "Ruth \\| unheard", "Ruth || unheard", "- Ruth | #"],
)
def test_a_pipe_in_a_title_keeps_the_index_table_whole(cases, title: str):
    changed = [_with(c, title=title) if c.id == "ruth-unheard" or c.exercise else c for c in cases]
    soup = BeautifulSoup(to_html(render.case_index(changed, lambda p: "../" + p)), "html.parser")
    table = soup.select_one("div.case-index > table")
    assert len(table.select("thead th")) == 6
    rows = table.select("tbody tr")
    assert len(rows) == len(cases)
    for row, case in zip(rows, sorted(changed, key=render.reading_order), strict=True):
        cells = row.find_all("td")
        assert len(cells) == 6, row
        link = cells[0].find("a")
        assert link["href"] == "../" + render.page_path(case)
        label = f"{case.exercise.id}: {case.title}" if case.exercise else case.title
        assert link.get_text() == label
        assert cells[3].get_text() == case.difficulty


def test_table_cells_escape_every_pipe_once():
    assert render.cell("a | b") == "a \\| b"
    assert render.cell(render.inline("| a")) == "\\| a"
    assert render.cell(render.inline("a \\| b")) == "a \\\\\\| b"
    assert render.cell("two\nlines") == "two lines"


def test_exercise_data_cannot_end_its_script_element(exercise: Case):
    vignette = "A vignette with </script> and <!-- <script> in it."
    ex = exercise.exercise.model_copy(update={"vignette": vignette})
    script = render.exercise_data([_with(exercise, exercise=ex)])
    payload = script.removeprefix('<script type="application/json" id="exercise-data">')
    payload = payload.removesuffix("</script>\n")
    assert "<" not in payload
    assert json.loads(payload)[ex.id]["vignette"] == vignette


def test_paragraphs_split_on_line_breaks():
    assert render.paragraphs("One.\nTwo.\n\nThree.") == "One.\n\nTwo.\n\nThree."


@pytest.fixture
def ruth(cases) -> Case:
    return next(c for c in cases if c.id == "ruth-unheard")


@pytest.fixture
def exercise(cases) -> Case:
    return next(c for c in cases if c.role == "exercise")


def test_ipaf_card_holds_the_four_elements(ruth: Case):
    html = to_html(case_page.ipaf_card(ruth))
    for title in ("Self", "Other", "Affect", "Defensive function"):
        assert f"<dt>{title}</dt>" in html
    assert "Powerless and insignificant" in html
    assert "Dread, mostly out of awareness, of losing herself" in html


def test_ipaf_card_escapes_its_title(ruth: Case):
    card = case_page.ipaf_card(_with(ruth, title="<b>Ruth</b> & co"))
    assert "IPAF: &lt;b&gt;Ruth&lt;/b&gt; &amp; co" in card


def test_case_page_has_every_section_under_its_heading(ruth: Case):
    page = render.case_page(ruth)
    for anchor, heading, _ in case_page.worked_sections(ruth):
        assert f"{heading} {{#{anchor}}}" in page
    assert "## Scores {#scores}" in page


def test_phase_headings_hedge_the_outer_ranges_as_the_charts_do(ruth: Case, cases):
    """The initial and ending ranges follow from the middle phase and are hedged ("about")
    wherever a heading names them: the case pages and the dialogue index, as on the charts."""
    from ditbook.content import load
    from ditbook.models.case import PHASES
    from ditbook.registry import DIALOGUES
    from ditbook.render import charts, dialogues
    from ditbook.render.pages import href_from

    assert charts.PHASE_RANGES == {
        "initial": "about sessions 1–4",
        "middle": "sessions 5–12",
        "ending": "about sessions 13–16",
    }
    page = render.case_page(ruth)
    index = dialogues.dialogue_index(
        load.load_valid(DIALOGUES, [ROOT / DIALOGUES.folder]),
        cases,
        href_from("workbook/dialogues.md"),
    )
    for text, level in ((page, "###"), (index, "##")):
        headings = re.findall(rf"^{level} (\w+ phase, .+) \{{#\w+-phase\}}$", text, re.MULTILINE)
        assert headings == [f"{p.capitalize()} phase, {charts.PHASE_RANGES[p]}" for p in PHASES]
        assert "phase, sessions 1–4" not in text and "phase, sessions 13–16" not in text


def test_case_page_refuses_an_exercise(exercise: Case):
    with pytest.raises(ValueError, match="is an exercise"):
        render.case_page(exercise)


def test_trainee_exercise_page_has_no_answer(exercise: Case):
    page = render.exercise_page(exercise, "trainee", lambda p: p)
    assert exercise.exercise.vignette.split()[0] in page
    for secret in (
        exercise.ipaf.defensive_function,
        exercise.agreed_wording,
        exercise.goodbye_letter,
        exercise.exercise.marking_guide.good_answer[0],
    ):
        assert render.paragraphs(secret)[:60] not in page
    assert "Model answer" not in page


def test_supervisor_exercise_page_adds_the_answer(exercise: Case):
    page = render.exercise_page(exercise, "supervisor", lambda p: p)
    assert "## Model answer {#model-answer}" in page
    assert render.inline(exercise.exercise.marking_guide.good_answer[0]) in page
    assert render.paragraphs(exercise.ipaf.defensive_function)[:60] in page


def test_unknown_edition_is_refused(exercise: Case):
    with pytest.raises(ValueError, match="unknown edition 'student'"):
        render.exercise_page(exercise, "student", lambda p: p)


def test_assignment_sheet_never_has_answers(cases):
    for case in cases:
        if case.exercise is None:
            continue
        sheet = render.assignment_sheet(case)
        assert f"# Assignment {case.exercise.id}:" in sheet
        assert "**Trainee:**" in sheet and "**Date set:**" in sheet
        assert render.paragraphs(case.agreed_wording)[:60] not in sheet
        assert render.inline(case.exercise.marking_guide.common_mistakes[0]) not in sheet


def test_case_index_lists_every_case_with_a_link(cases):
    index = render.case_index(cases, lambda p: "../" + p)
    for case in cases:
        assert f"(../{render.page_path(case)})" in index
    assert index.count("\n| [") == len(cases)


def test_case_index_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="no cases"):
        render.case_index([], lambda p: p)


def test_case_excerpt_refuses_unknown_fields_and_exercises(ruth: Case, exercise: Case):
    assert "Dear Ruth" in render.case_excerpt(ruth, "goodbye_letter")
    with pytest.raises(ValueError, match="'history' is not one of"):
        render.case_excerpt(ruth, "history")
    with pytest.raises(ValueError, match="is an exercise"):
        render.case_excerpt(exercise, "goodbye_letter")


def test_field_reference_lists_every_field_of_the_model():
    table = reference.field_reference(Case)
    for path in (
        "id",
        "ipaf.self_representation",
        "ipaf.affect.less_conscious",
        "ipaf.defensive_function",
        "recurrence[].example",
        "scores[].phq9",
        "exercise.marking_guide.good_answer",
        "goodbye_letter",
    ):
        assert f"| `{path}` |" in table


def _numbered(exercise: Case, number: str) -> Case:
    return _replace(exercise, ("exercise", "id"), f"EX-{number}")


def test_exercises_are_in_the_order_of_their_numbers(cases, exercise: Case):
    numbers = ["100", "99", "02", "10", "101", "09"]
    worked = [c for c in cases if c.exercise is None]
    mixed = [_numbered(exercise, n) for n in numbers] + worked
    ordered = sorted(mixed, key=render.reading_order)
    assert ordered[: len(worked)] == sorted(worked, key=lambda c: c.id)
    ids = [c.exercise.id for c in ordered[len(worked) :]]
    assert ids == ["EX-02", "EX-09", "EX-10", "EX-99", "EX-100", "EX-101"]
    index = render.case_index(mixed, lambda p: p)
    rows = re.findall(r"^\| \[(EX-\d+):", index, flags=re.M)
    assert rows == ids
