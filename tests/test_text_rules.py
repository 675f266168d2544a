"""The prose rules, one by one: what they catch, what they let through, and what they say."""

from __future__ import annotations

import pytest

from ditbook.models import text_rules


@pytest.mark.parametrize(
    ("text", "what", "shown"),
    [
        ("Write to her at ruth.m@example.com today.", "an email address", "ruth.m@example.com"),
        ("Her number is 943 476 5919 on the letter.", "an NHS number", "943 476 5919"),
        ("Her number is 9434765919 on the letter.", "an NHS number", "9434765919"),
        ("Call 07700 900123 after six.", "a phone number", "07700 900123"),
        ("Call (0113) 496 0000 after six.", "a phone number", "(0113) 496 0000"),
        ("Call +44 7700 900123 after six.", "a phone number", "+44 7700 900123"),
        ("She was born on 14 March 1979.", "a full date", "14 March 1979"),
        ("She was born on 3rd may 1979.", "a full date", "3rd may 1979"),
        ("She was born on 14/03/1979 in Leeds.", "a full date", "14/03/1979"),
        ("Her birthday, 1979-03-14, fell on a Wednesday.", "a full date", "1979-03-14"),
        ("She was born on 14th of March, 1979.", "a full date", "14th of March, 1979"),
        ("She was born on March 14, 1979.", "a full date", "March 14, 1979"),
        ("She was born on Sept. 3rd 1979.", "a full date", "Sept. 3rd 1979"),
        ("She lives near LS6 2QB with her sons.", "a UK postcode", "LS6 2QB"),
        ("The office is at SW1A 1AA in town.", "a UK postcode", "SW1A 1AA"),
    ],
)
def test_real_identifiers_are_caught(text: str, what: str, shown: str):
    message = text_rules.real_identifier(text)
    assert message is not None
    assert message.startswith(f"looks like {what}")
    assert f"({shown!r})" in message


@pytest.mark.parametrize(
    "text",
    [
        "She is 46 and has two sons, aged 14 and 16.",
        "By session 12 her PHQ-9 had fallen from 19 to 9.",
        "In 2019 she moved to a new flat; by 2021 she had left it.",
        "She has worked there for 20 years, since the age of 26.",
        "Her grades in year 11 were A12 in the system, not 345 6789.",  # no word boundary
        "Code X1979-03-14 is a product number, not a date.",  # the date is inside a word
        "The 1,000 steps to the M62 took her 30 minutes.",
        "Flat 3B, then flat 12, then a house.",
        "In sessions 5-12, 13 and 14 she was quieter.",
        "She moved in March 2019 and again in May, 2021.",
        "Her scores went 12, 9, 14 and then 8.",
    ],
)
def test_ordinary_numbers_pass(text: str):
    assert text_rules.real_identifier(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("— 12 / 34 —", 0),
        ("one", 1),
        ("well-being matters", 2),
        ("she didn't; he won’t", 4),
        ("rock-'n' roll", 3),  # a hyphen then an apostrophe: not one word
        ("a/b c_d 3e", 5),
        ("Ça va, Zoë?", 3),
    ],
)
def test_word_count(text: str, words: int):
    assert text_rules.word_count(text) == words
    for minimum in range(1, 7):
        thin = text_rules.too_thin(text, minimum)
        assert (thin is None) == (words >= minimum), (text, minimum)


def test_too_thin_says_how_many_words_are_needed():
    assert text_rules.too_thin("Feels small.", 3) == (
        "is too thin to teach from (2 words; write at least 3)"
    )
    assert text_rules.too_thin("Small.", 3) == (
        "is too thin to teach from (1 word; write at least 3)"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("TODO write the history of her marriage", "TODO"),
        ("Her mother was tbd and her father absent.", "tbd"),
        ("She felt angry and then...", "..."),
        ("She felt angry and then…", "…"),
        ("Lorem ipsum dolor sit amet, consectetur.", "Lorem ipsum"),
        ("[insert the goodbye letter here]", "[insert"),
        ("n/a", "n/a"),
    ],
)
def test_placeholders_are_caught(text: str, found: str):
    message = text_rules.placeholder(text)
    assert message == f"looks like placeholder text ({found!r}); write the real content"


@pytest.mark.parametrize(
    "text",
    [
        "Today she spoke about her daughter for the first time.",  # "today" is not "todo"
        "The photo. The letter. The silence.",
        "She said [quietly] that she was tired.",
    ],
)
def test_ordinary_prose_is_not_a_placeholder(text: str):
    assert text_rules.placeholder(text) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("<script>alert(1)</script> and more", "<script>"),
        ("an <img src=x onerror=alert(1)> here", "<img src=x onerror=alert(1)>"),
        ("a comment <!-- hidden --> in prose", "<!-- hidden -->"),
        ("fish &amp; chips", "&amp;"),
        ("a numeric &#60; reference", "&#60;"),
    ],
)
def test_html_is_caught(text: str, found: str):
    assert text_rules.raw_html(text) == f"must not contain HTML ({found!r}); write plain text"


@pytest.mark.parametrize("text", ["She scored 3 < 5 on the item.", "Tom & Jerry, & so on."])
def test_comparison_and_ampersand_in_prose_pass(text: str):
    assert text_rules.raw_html(text) is None


def test_the_first_broken_rule_is_reported_in_the_order_authors_fix_them():
    assert text_rules.problem_with("   ", 3) == "must not be empty"
    assert text_rules.problem_with("TODO <b>x</b>", 3).startswith("must not contain HTML")
    assert text_rules.problem_with("TODO call 07700 900123", 3).startswith("looks like placeholder")
    assert text_rules.problem_with("Call 07700 900123", 3).startswith("looks like a phone number")
    assert text_rules.problem_with("Too thin", 3).startswith("is too thin")
    assert text_rules.problem_with("Long enough to pass", 3) is None


def test_digits_of_any_script_are_checked():
    # ٩٤٣ ... is an NHS number in Arabic-Indic digits: `\d` matches them, so must the check.
    assert text_rules.real_identifier("Her number is ٩٤٣ ٤٧٦ ٥٩١٩ on the letter.") is not None
