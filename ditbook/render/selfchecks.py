"""Self-checks as HTML and pages: a chapter's objectives, its interactive questions, and the
answer key that the print page puts at the back.

The questions work without JavaScript: each has a `<details>` "Show the answer". With
JavaScript (`docs/javascripts/selfcheck.js`) a Check button replaces it and the feedback is
written into the question's aria-live region. On paper (print.css) the answers and feedback are
hidden in the chapters; the answer key holds them.

Text is authors' plain text: it is escaped (`html.escape` inside the form's HTML, `inline` in
Markdown), so it can never inject markup. Chapter titles and section headings are read from the
chapters themselves (`content.chapters`).

Why not mkdocs-quiz. mkdocs-quiz 1.7.1 (its wheel's source) was evaluated as an alternative to
this content type: it does give per-answer feedback (blockquote lines under an answer, in Markdown,
so a link to a section is possible) and a note shown after answering, and it inlines its CSS and
JavaScript into each page and fetches nothing, so it would work from `file://`. What it lacks:
there is no answer key, no page that gathers a site's answers and no print stylesheet; on paper a
quiz shows its options and, once answered, its feedback, with the right answers only in data
attributes. Without JavaScript the explanation is hidden by CSS with no way to open it (here it
falls back to a `<details>` box). By default a single-choice question is submitted on the radio
button's change event, so a keyboard user moving through the options with the arrow keys submits
the first one reached, and the question is then locked (`auto_submit` and
`disable_after_submit`, both on unless configured off); the feedback is announced by moving focus
to it, with no live region. Its questions are Markdown inside the chapter, with no schema: an
error stops the build at the first bad quiz with "Error in quiz #N in <page> (line L)", L being a
line of the rendered HTML, not of the source, and no field is named; nothing checks that a linked
section exists. And by default (`embed_source`) each page carries every quiz's source, right
answers marked, as an HTML comment. Self-checks as a content type get what the engine gives every
type: a schema, `file:line: field: message` for every problem at once, section links checked
against the chapters' headings, and an answer key built from the same data.
"""

from __future__ import annotations

from html import escape
from string import ascii_uppercase

from ditbook.content import chapters
from ditbook.models.selfcheck import Question, SelfCheck
from ditbook.render.markdown import inline, paragraphs
from ditbook.render.pages import Href, Page, PageGroup, href_from

ANSWER_KEY = "handbook/answer-key.md"
ANSWER_KEY_TITLE = "Answer key"
SECTION_ID = "self-check"


def letter(index: int) -> str:
    return ascii_uppercase[index]


def objectives(item: SelfCheck) -> str:
    """The chapter's objectives, as a Material admonition under the H1."""
    items = "\n".join(f"    - {inline(text)}" for text in item.objectives)
    return (
        '!!! abstract selfcheck-objectives "What you will learn"\n\n'
        "    By the end of this chapter you will be able to:\n\n"
        f"{items}\n"
    )


def _anchor(item: SelfCheck, question: Question) -> str:
    return f"sc-{item.id}-{question.id}"


def _section_link(section: str, href: Href, here: str | None = None) -> tuple[str, str]:
    """(href, text) of the section to reread; the text names the chapter unless it is `here`."""
    chapter, _, anchor = section.partition("#")
    text = chapters.section_title(section)
    if chapter != here:
        text = f"{chapters.title(chapter)}: {text}"
    return f"{href(chapter)}#{anchor}", text


def _correct(question: Question) -> list[int]:
    return [i for i, option in enumerate(question.options) if option.correct]


def _question_form(item: SelfCheck, number: int, question: Question, href: Href) -> str:
    """One question as a fieldset. The choices are HTML (text escaped); the answer box is
    Markdown inside it (md_in_html), so that MkDocs resolves its link to the section."""
    base = _anchor(item, question)
    kind = "radio" if question.kind == "single" else "checkbox"
    hint = "Choose one answer." if question.kind == "single" else "Choose all that apply."
    lines = [
        f'<fieldset class="selfcheck__question" id="{base}" data-kind="{question.kind}" '
        'markdown="block">',
        f'<legend class="selfcheck__legend"><span class="selfcheck__number">{number}.</span> '
        f"{escape(question.question)} "
        f'<span class="selfcheck__hint">{hint}</span></legend>',
    ]
    for i, option in enumerate(question.options):
        ident = f"{base}-{letter(i).lower()}"
        lines.append(
            f'<div class="selfcheck__option">'
            f'<input type="{kind}" name="{base}" id="{ident}" value="{letter(i)}"'
            f"{' data-correct' if option.correct else ''}>"
            f'<label for="{ident}"><span class="selfcheck__letter">{letter(i)}.</span> '
            f"{escape(option.text)}</label></div>"
        )
    link, link_text = _section_link(question.section, href, item.chapter)
    right = ", ".join(letter(i) for i in _correct(question))
    feedback_items = "\n".join(
        f"- **{letter(i)}** ({'right' if option.correct else 'wrong'}): {inline(option.feedback)}"
        for i, option in enumerate(question.options)
    )
    lines += [
        '<div class="selfcheck__actions">'
        '<button type="button" class="md-button selfcheck__check" hidden>Check</button></div>',
        '<div class="selfcheck__feedback" aria-live="polite"></div>',
        '<details class="success selfcheck__answer" markdown="block">',
        "<summary>Show the answer</summary>",
        "",
        f"**Answer: {right}.**",
        "{.selfcheck__right}",
        "",
        feedback_items,
        "",
        '<div class="selfcheck__explanation" markdown="block">',
        "",
        paragraphs(question.explanation),
        "",
        f"Reread: [{inline(link_text)}]({link})",
        "{.selfcheck__reread}",
        "",
        "</div>",
        "",
        "</details>",
        "</fieldset>",
    ]
    return "\n".join(lines)


def self_check(item: SelfCheck, href: Href) -> str:
    """The chapter's questions as an interactive form, under a heading of their own."""
    forms = "\n".join(
        _question_form(item, n, q, href) for n, q in enumerate(item.questions, start=1)
    )
    key = f"{href(ANSWER_KEY)}#{item.id}"
    return (
        f"## Check your understanding {{#{SECTION_ID}}}\n\n"
        f'<div class="selfcheck" markdown>\n\n'
        f"Answer each question, then check it. On paper, the answers are in the "
        f"[answer key]({key}).\n"
        f"{{.selfcheck__intro}}\n\n"
        f'<div class="selfcheck__questions" markdown="block">\n\n{forms}\n\n</div>\n\n'
        "</div>\n"
    )


def _key_entry(item: SelfCheck, number: int, question: Question, href: Href) -> str:
    link, link_text = _section_link(question.section, href)
    options = "  \n".join(
        f"{letter(i)}. {inline(option.text)}" for i, option in enumerate(question.options)
    )
    right = "; ".join(
        f"**{letter(i)}**. {inline(question.options[i].text)}" for i in _correct(question)
    )
    return (
        f'<div class="answer-key__question" markdown>\n\n'
        f"**{number}. {inline(question.question)}**\n\n"
        f"{options}\n{{.answer-key__options}}\n\n"
        f"Answer: {right}\n{{.answer-key__answer}}\n\n"
        f'<div class="answer-key__explanation" markdown>\n\n'
        f"{paragraphs(question.explanation)}\n\n"
        f"Reread: [{inline(link_text)}]({link})\n\n"
        "</div>\n\n</div>"
    )


def answer_key(items: list[SelfCheck]) -> str:
    """Every chapter's answers and explanations, in the order of the handbook's chapters."""
    href = href_from(ANSWER_KEY)
    parts = [
        f"# {ANSWER_KEY_TITLE}\n",
        "The answers to the self-check at the end of each chapter, with why each is right. "
        "Try a chapter's questions before you read its answers here.\n",
    ]
    for item in items:
        title = chapters.title(item.chapter)
        parts.append(
            f"## {inline(title)} {{#{item.id}}}\n\n"
            f"[Back to the chapter's questions]({href(item.chapter)}#{SECTION_ID})\n"
        )
        for n, question in enumerate(item.questions, start=1):
            parts.append(_key_entry(item, n, question, href))
    return "\n\n".join(parts) + "\n"


def link(item: SelfCheck) -> tuple[str, str]:
    return ANSWER_KEY, f"{ANSWER_KEY_TITLE}: {chapters.title(item.chapter)}"


def pages(bank) -> list[PageGroup]:
    from ditbook.registry import SELFCHECKS

    items = sorted(bank[SELFCHECKS], key=lambda i: _chapter_order(i.chapter))
    if not items:
        return []
    return [PageGroup(ANSWER_KEY_TITLE, [Page(ANSWER_KEY, answer_key(items))])]


def _chapter_order(chapter: str) -> tuple[int, str]:
    order = chapters.reading_order()
    return (order.index(chapter) if chapter in order else len(order), chapter)
