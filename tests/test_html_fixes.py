"""The corrections made to the theme's and the print plugin's HTML: each one, and what it spares."""

from __future__ import annotations

import re

import pytest

from ditbook.site import html_fixes as fx

# Markup as mkdocs-material 9.8 and mkdocs-print-site 2.9 write it.
DRAWER = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
    ' autocomplete="off">'
)
SEARCH_INPUT = (
    '<input type="text" class="md-search__input" name="query" autocomplete="off" required>'
)
SECTION_LABEL = '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">'
TOC_INPUT = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def test_autocomplete_leaves_checkboxes_and_radios_but_not_text_fields():
    radio = '<input type="radio" name="x" id="r" autocomplete=off>'
    html = f"<body>{DRAWER}{radio}{SEARCH_INPUT}</body>"
    fixed = fx.drop_toggle_autocomplete(html)
    assert fixed == (
        '<body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        f'<input type="radio" name="x" id="r">{SEARCH_INPUT}</body>'
    )


def test_code_that_shows_such_markup_is_left_as_written():
    shown = "<code>&lt;input type=&quot;checkbox&quot; autocomplete=&quot;off&quot;&gt;</code>"
    assert fx.fix_page(shown) == shown


def test_empty_tabindex_goes_and_a_real_one_stays():
    other = '<label class="md-nav__link" for="__nav_3" tabindex="0">'
    fixed = fx.drop_empty_tabindex(SECTION_LABEL + other)
    assert fixed == '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">' + other


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # In the navigation, with contents: toggle and labels belong together.
        (f'{TOC_INPUT}<label for="__toc">x</label>{TOC_LABEL}', None),
        # In the navigation, no contents: a toggle nothing labels or uses.
        (f"<li>{TOC_INPUT}\n  <a href='./'>Page</a></li>", "<li><a href='./'>Page</a></li>"),
        # Outside the navigation: the contents' title labels a toggle that is not there.
        (f"{TOC_LABEL}Contents</label>", '<label class="md-nav__title">Contents</label>'),
        # Neither: nothing to do.
        ("<p>no toc</p>", None),
    ],
    ids=["both", "toggle-only", "label-only", "neither"],
)
def test_toc_toggle_and_label_are_kept_together_or_not_at_all(html, expected):
    assert fx.fix_toc_toggle(html) == (html if expected is None else expected)


def test_fix_page_applies_every_page_fix():
    html = f"<body>{DRAWER}{SECTION_LABEL}x</label>{TOC_INPUT}</body>"
    fixed = fx.fix_page(html)
    assert "autocomplete" not in fixed
    assert 'tabindex=""' not in fixed
    assert "__toc" not in fixed


# ---------------------------------------------------------------------------------------------
# The print page


def print_page(*sections: str, head: str = "") -> str:
    return (
        "<html><head><title>t</title></head><body>"
        f'{head}<div id="print-site-page">{"".join(sections)}</div>'
        "<style>.print-site-enumerate-headings #a > h1:before { content: '1 ' }</style>"
        "</body></html>"
    )


def page_section(ident: str, body: str, number: str = "1") -> str:
    return f'<section class="print-page" id="{ident}" heading-number="{number}">{body}</section>'


CHART = (
    '<figure id="chart-ruth"><svg aria-labelledby="chart-ruth-t chart-ruth-d">'
    '<title id="chart-ruth-t">PHQ-9</title><desc id="chart-ruth-d">falls</desc></svg>'
    '<a href="#chart-ruth">this chart</a></figure>'
)


def test_heading_number_becomes_a_data_attribute_in_either_quoting():
    html = (
        "<section class='print-page md-section' id='section-2' heading-number='2'>"
        + page_section("a", "x", "2.1")
    )
    fixed = fx.rename_heading_number(html)
    assert "data-heading-number='2'" in fixed
    assert 'data-heading-number="2.1"' in fixed
    assert not re.search(r"\sheading-number", fixed)


def test_style_in_the_body_moves_to_the_head_but_svg_keeps_its_own():
    svg = "<svg><style>.x { fill: red }</style></svg>"
    html = print_page(page_section("a", svg))
    fixed = fx.move_body_styles_to_head(html)
    head, body = fixed.split("<body>")
    assert "print-site-enumerate-headings" in head and "print-site-enumerate-headings" not in body
    assert svg in body
    assert fixed.count("<style>") == 2


def test_an_id_repeated_by_a_later_page_takes_that_pages_prefix_with_its_references():
    html = print_page(page_section("chapter", CHART), page_section("case", CHART, "2"))
    fixed = fx.unique_ids(html)
    first, second = fixed.split('<section class="print-page" id="case"')
    assert first.count('id="chart-ruth"') == 1  # the first stays as it was
    assert 'id="case-chart-ruth"' in second
    assert 'aria-labelledby="case-chart-ruth-t case-chart-ruth-d"' in second
    assert 'id="case-chart-ruth-t"' in second and 'id="case-chart-ruth-d"' in second
    assert 'href="#case-chart-ruth"' in second
    ids = re.findall(r'\sid="([^"]+)"', fixed)
    assert len(ids) == len(set(ids))


def test_labels_follow_a_renamed_field():
    form = '<label for="ws-notes">Notes</label><textarea id="ws-notes"></textarea>'
    html = print_page(page_section("a", form), page_section("b", form, "2"))
    second = fx.unique_ids(html).split('id="b"')[1]
    assert '<label for="b-ws-notes">' in second and '<textarea id="b-ws-notes">' in second


def test_ids_used_once_are_left_alone():
    html = print_page(page_section("a", '<p id="one">1</p>'), page_section("b", '<p id="two">'))
    assert fx.unique_ids(html) == html


def test_each_code_block_gets_an_id_of_its_own():
    code = '<div class="highlight"><pre><span></span><code>x</code></pre></div>'
    kept = '<pre id="mine"><code>y</code></pre>'
    html = print_page(page_section("authors", code + code + kept))
    fixed = fx.number_code_blocks(html)
    assert re.findall(r"<pre[^>]*>", fixed) == [
        '<pre id="authors-code-1">',
        '<pre id="authors-code-2">',
        '<pre id="mine">',
    ]


def test_fix_print_page_applies_page_and_print_fixes():
    html = print_page(page_section("a", CHART), page_section("b", CHART, "2"), head=DRAWER)
    fixed = fx.fix_print_page(html)
    assert "autocomplete" not in fixed
    assert not re.search(r"\sheading-number", fixed)
    assert fixed.split("<body>")[1].count("<style") == 0
    assert 'id="b-chart-ruth"' in fixed


def test_every_fix_leaves_clean_html_unchanged():
    clean = print_page(page_section("a", "<p>Nothing to mend.</p>"))
    clean = clean.replace(' heading-number="1"', "").replace(
        "</head><body>", "<style>.a{}</style></head><body>"
    )
    clean = re.sub(r"<style>\.print-site.*?</style>", "", clean)
    for fix in (*fx.PAGE_FIXES, *fx.PRINT_PAGE_FIXES):
        assert fix(clean) == clean, fix.__name__
