"""The IPAF worksheet in a real browser: saving, restoring, clearing, downloading and printing.

Every test opens the built trainee site (served from 127.0.0.1, or from file://) in a fresh
browser context, and checks that nothing was fetched from elsewhere and nothing was logged as
an error.
"""

from __future__ import annotations

import json

import pytest

from .conftest import CLEAN, axe_found_in_both_schemes

pytestmark = pytest.mark.browser

PAGE = "workbook/worksheet/"
FREE_KEY = "dit-worksheet:free"

# Every field, by its visible label, with what a trainee might type.
ANSWERS = {
    "Trainee name": "Alex Trainee",
    "Date": "2026-03-14",
    "Exercise id (optional)": "practice-3",
    "Self representation": "A burden, someone who takes up too much room",
    "Other representation": "Tired, stretched, quietly resentful of her needs",
    "Affect — felt (conscious)": "Guilt and a restless urge to be useful",
    "Affect — less conscious": "Anger at never being looked after; fear of being left",
    "Defensive function": "Staying useful keeps away the fear that no one would stay",
    "Recurrence (relationships and examples)": (
        "Mother: cooked and hid her own illness at twelve.\nWard: extra nights after praise."
    ),
    "Link to symptoms": "Panic and dread when she has nothing to do for anyone",
    "Wording to agree with the patient": "When I rest, I feel I am letting everyone down.",
    "Notes": "Ask in supervision: is the soup episode a reversal?",
}


def open_worksheet(watched, url: str):
    watched.page.goto(url)
    watched.page.locator("#worksheet-form .worksheet-actions").wait_for(state="visible")
    return watched.page


def fill_every_field(page) -> None:
    for label, value in ANSWERS.items():
        page.get_by_label(label, exact=True).fill(value)


def assert_every_field_holds_the_answers(page) -> None:
    for label, value in ANSWERS.items():
        assert page.get_by_label(label, exact=True).input_value() == value, label


def stored(page, key: str):
    text = page.evaluate("key => window.localStorage.getItem(key)", key)
    return None if text is None else json.loads(text)


def button(page, name: str):
    # Material's search box has a "Clear" button too: look in the form only.
    return page.locator("#worksheet-form").get_by_role("button", name=name, exact=True)


def errors_with_sources(page) -> list[str]:
    """Console errors and uncaught exceptions with where they came from (the URL or stack)."""
    found: list[str] = []
    page.on(
        "console",
        lambda m: m.type == "error" and found.append(f"{m.text} @ {m.location.get('url')}"),
    )
    page.on("pageerror", lambda e: found.append(f"{e} @ {e.stack}"))
    return found


def assert_clean(watched) -> None:
    assert watched.external == []
    assert watched.console_errors == []


def exercise(cases, exercise_id: str):
    return next(c for c in cases if c.exercise and c.exercise.id == exercise_id)


# ---------------------------------------------------------------------------------------------


def test_answers_are_saved_in_this_browser_and_restored_after_a_reload(watched, trainee_url):
    page = open_worksheet(watched, trainee_url + PAGE)
    note = page.locator(".worksheet-privacy")
    assert "What you type stays in this browser on this device (localStorage)." in (
        note.inner_text()
    )
    assert "Nothing is sent anywhere." in note.inner_text()

    fill_every_field(page)
    page.reload()  # at once: a save still waiting for its debounce is made as the page goes
    page.locator("#worksheet-form .worksheet-actions").wait_for(state="visible")

    assert_every_field_holds_the_answers(page)
    saved = stored(page, FREE_KEY)
    assert saved["fields"]["self"] == ANSWERS["Self representation"]
    assert saved["fields"]["recurrence"] == ANSWERS["Recurrence (relationships and examples)"]
    assert "Restored" in page.locator(".worksheet-saved").inner_text()
    assert_clean(watched)


def test_clear_asks_first_then_empties_every_field_and_the_storage(watched, trainee_url):
    page = open_worksheet(watched, trainee_url + PAGE)
    fill_every_field(page)
    clear = button(page, "Clear")

    messages = []

    def dismiss(dialog):
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    clear.click()
    assert messages and dialog_is_confirm(messages[0])
    assert_every_field_holds_the_answers(page)  # cancelled: nothing lost
    page.wait_for_function("key => window.localStorage.getItem(key) !== null", arg=FREE_KEY)

    page.once("dialog", lambda dialog: dialog.accept())
    clear.click()
    for label in ANSWERS:
        assert page.get_by_label(label, exact=True).input_value() == "", label
    assert stored(page, FREE_KEY) is None

    page.reload()
    page.locator("#worksheet-form .worksheet-actions").wait_for(state="visible")
    for label in ANSWERS:
        assert page.get_by_label(label, exact=True).input_value() == "", label
    assert_clean(watched)


def dialog_is_confirm(message: str) -> bool:
    return "Clear every answer" in message


def test_download_is_a_markdown_file_with_each_label_as_a_heading(watched, trainee_url, tmp_path):
    page = open_worksheet(watched, trainee_url + PAGE)
    fill_every_field(page)
    with page.expect_download() as info:
        button(page, "Download as text").click()
    download = info.value
    assert download.suggested_filename == "ipaf-worksheet.md"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = target.read_text(encoding="utf-8")

    assert text.startswith("# IPAF worksheet\n")
    for label, value in ANSWERS.items():
        assert f"## {label}\n\n{value}\n" in text, label
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == list(ANSWERS)
    assert_clean(watched)


def test_print_shows_the_typed_answers_in_full_and_hides_the_controls(watched, trainee_url):
    page = open_worksheet(watched, trainee_url + PAGE)
    long_answer = "\n".join(f"Line {n} of a long answer about the pattern." for n in range(1, 13))
    answers = {**ANSWERS, "Notes": long_answer}
    for label, value in answers.items():
        page.get_by_label(label, exact=True).fill(value)

    page.emulate_media(media="print")
    for label, value in answers.items():
        field = page.get_by_label(label, exact=True)
        assert not field.is_visible(), f"{label}: the form control is printed"
        mirror = page.locator(".worksheet-field", has=field).locator(".print-value")
        assert mirror.is_visible(), label
        assert mirror.inner_text() == value, label
    notes = page.locator(".worksheet-field--notes .print-value")
    assert notes.evaluate("el => el.scrollHeight <= el.clientHeight + 1")  # nothing clipped
    for name in ("Clear", "Download as text", "Print"):
        assert not button(page, name).is_visible(), name
    assert not page.locator(".worksheet-privacy").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()

    page.emulate_media(media="screen")
    assert button(page, "Print").is_visible()
    assert not page.locator(".print-value").first.is_visible()
    assert_clean(watched)


def test_an_empty_worksheet_prints_lines_to_write_on(watched, trainee_url):
    page = open_worksheet(watched, trainee_url + PAGE)
    page.get_by_label("Self representation").fill("Only this one")
    page.emulate_media(media="print")

    boxes = page.locator(".worksheet-field:has(textarea)")
    assert boxes.count() == 9
    for i in range(boxes.count()):
        box = boxes.nth(i)
        label = box.locator("label").inner_text()
        lines = box.locator(".print-lines")
        if label == "Self representation":
            assert not lines.is_visible()
            assert box.locator(".print-value").inner_text() == "Only this one"
            continue
        assert lines.is_visible(), label
        rules = lines.locator("span")
        assert rules.count() >= 3, label
        # Borders, not backgrounds: printed whatever the "background graphics" setting.
        first = rules.first.evaluate(
            "el => { const s = getComputedStyle(el);"
            " return [s.borderBottomStyle, el.getBoundingClientRect().height]; }"
        )
        assert first[0] == "solid" and first[1] > 25, label  # 8 mm is about 30 CSS pixels
    one_line = page.locator(".worksheet-field--line .print-value")
    assert one_line.count() == 3
    for i in range(one_line.count()):
        assert one_line.nth(i).is_visible()
        assert one_line.nth(i).evaluate("el => getComputedStyle(el).borderBottomStyle") == "solid"
    assert_clean(watched)


def test_save_now_and_enter_save_at_once_without_leaving_the_page(watched, trainee_url):
    page = open_worksheet(watched, trainee_url + PAGE)
    button(page, "Save now").click()
    assert page.locator(".worksheet-saved").inner_text() == "Nothing typed yet, so nothing to save."
    # Typed and saved before the debounce would have saved it: the button saved it.
    page.get_by_label("Self representation").fill("Saved by the button")
    button(page, "Save now").click()
    assert stored(page, FREE_KEY)["fields"]["self"] == "Saved by the button"
    assert page.locator(".worksheet-saved").inner_text().startswith("Saved in this browser")
    # Enter in a one-line field submits the form: saved, and the page stays where it is.
    page.get_by_label("Trainee name", exact=True).fill("Alex")
    page.get_by_label("Trainee name", exact=True).press("Enter")
    assert stored(page, FREE_KEY)["fields"]["trainee"] == "Alex"
    assert page.url == trainee_url + PAGE
    assert_clean(watched)


def test_print_button_opens_the_print_dialog(watched, trainee_url):
    watched.page.add_init_script("window.print = () => { window.__printed = true; };")
    page = open_worksheet(watched, trainee_url + PAGE)
    button(page, "Print").click()
    assert page.evaluate("window.__printed === true")
    assert_clean(watched)


def test_an_exercise_link_shows_the_vignette_and_keeps_its_own_answers(watched, trainee_url, cases):
    case = exercise(cases, "EX-01")
    page = open_worksheet(watched, trainee_url + PAGE + "?exercise=EX-01")
    panel = page.locator("#worksheet-exercise")
    assert panel.is_visible()
    assert panel.get_by_role("heading", name=case.title).is_visible()
    opening = " ".join(case.exercise.vignette.split()[:12])
    assert opening in " ".join(panel.inner_text().split())
    assert "EX-01" in panel.inner_text()
    exercise_id = page.get_by_label("Exercise id (optional)")
    assert exercise_id.input_value() == "EX-01"

    page.get_by_label("Self representation").fill("The pillar who holds everyone up")
    page.get_by_label("Notes").press("Tab")  # a change event saves at once
    page.wait_for_function("() => window.localStorage.getItem('dit-worksheet:EX-01') !== null")
    assert stored(page, "dit-worksheet:EX-01")["fields"]["self"].startswith("The pillar")
    assert stored(page, FREE_KEY) is None

    link = panel.get_by_role("link", name="The whole exercise")
    link.click()
    page.wait_for_url(f"**/workbook/exercises/{case.id}/")
    assert "EX-01" in page.locator("h1").inner_text()

    page.goto(trainee_url + PAGE)  # the free worksheet is a different sheet
    page.locator("#worksheet-form .worksheet-actions").wait_for(state="visible")
    assert page.get_by_label("Self representation").input_value() == ""
    assert not page.get_by_role("heading", name=case.title).is_visible()
    assert_clean(watched)


def test_an_unknown_exercise_gets_a_polite_message(watched, trainee_url):
    page = open_worksheet(watched, trainee_url + PAGE + "?exercise=EX-99")
    panel = page.locator("#worksheet-exercise")
    assert "there is no exercise “EX-99” in this workbook" in panel.inner_text()
    assert panel.get_by_role("link", name="EX-01", exact=False).is_visible()
    page.get_by_label("Notes").fill("still usable")
    assert page.get_by_label("Notes").input_value() == "still usable"
    assert_clean(watched)


def test_every_field_has_a_name_and_is_reached_with_tab(watched, trainee_url):
    page = open_worksheet(watched, trainee_url + PAGE)
    all_ids = page.evaluate("[...document.querySelectorAll('[id]')].map(el => el.id)")
    assert len(all_ids) == len(set(all_ids)), "an id is used twice"
    ids = [page.get_by_label(label, exact=True).get_attribute("id") for label in ANSWERS]
    assert len(set(ids)) == len(ANSWERS)
    assert page.locator("#worksheet-form textarea, #worksheet-form input").count() == len(ids)

    # From the top of the page, through Material's header and navigation, into the form.
    reached = []
    for _ in range(300):
        page.keyboard.press("Tab")
        current = page.evaluate("document.activeElement && document.activeElement.id")
        if current in ids and current not in reached:
            reached.append(current)
        if current == "ws-notes":
            break
    assert reached == ids  # in reading order, none skipped
    for name in ("Download as text", "Print", "Clear"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == name
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid", f"{name} has no visible focus outline"
    assert_clean(watched)


@pytest.mark.parametrize("query", ["", "?exercise=EX-01", "?exercise=EX-99"])
def test_axe_finds_nothing_in_either_colour_scheme(watched, trainee_url, query):
    page = open_worksheet(watched, trainee_url + PAGE + query)
    page.get_by_label("Notes").fill("Something typed")
    menu = page.locator(".worksheet-exercise__menu")
    if menu.count():
        menu.evaluate("el => { el.open = true; }")
    assert axe_found_in_both_schemes(page) == CLEAN
    assert_clean(watched)


@pytest.mark.parametrize("query", ["", "?exercise=EX-01", "?exercise=EX-99"])
def test_no_sideways_scrolling_on_a_phone(watched, trainee_url, query):
    page = watched.page
    page.set_viewport_size({"width": 360, "height": 740})
    open_worksheet(watched, trainee_url + PAGE + query)
    for label, value in ANSWERS.items():
        field = page.get_by_label(label, exact=True)
        if field.is_editable():  # the exercise id is fixed by ?exercise=
            field.fill(value)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert_clean(watched)


def test_it_works_from_file_urls(watched, trainee_site):
    """Opened from disk. Material's search looks for search/search_index.js, which only an
    offline build writes; that error is Material's and the only one allowed here."""
    url = (trainee_site / "workbook" / "worksheet" / "index.html").as_uri()
    errors = errors_with_sources(watched.page)
    page = open_worksheet(watched, url)
    fill_every_field(page)
    page.reload()
    page.locator("#worksheet-form .worksheet-actions").wait_for(state="visible")
    assert_every_field_holds_the_answers(page)
    assert not page.locator(".worksheet-notice").is_visible()

    open_worksheet(watched, url + "?exercise=EX-02")
    assert page.locator("#worksheet-exercise h2").is_visible()
    link = page.get_by_role("link", name="The whole exercise")
    assert link.get_attribute("href").endswith("/index.html")
    link.click()
    assert "EX-02" in page.locator("h1").inner_text()

    assert watched.external == []
    assert [e for e in errors if "search/search_index.js" not in e] == []


NO_STORAGE = (
    "Object.defineProperty(window, 'localStorage', {get() {"
    " throw new DOMException('blocked', 'SecurityError'); }});"
)
STORAGE_FULL = (
    "const set = Storage.prototype.setItem;"
    " Storage.prototype.setItem = function (key, value) {"
    " if (String(key).startsWith('dit-worksheet:') && key !== 'dit-worksheet:probe')"
    " throw new DOMException('full', 'QuotaExceededError');"
    " return set.call(this, key, value); };"
)


@pytest.mark.parametrize(
    ("blocker", "says"),
    [
        # Storage refused outright, as some browsers do for file:// pages.
        (NO_STORAGE, "will not be kept"),
        # Storage there, but a save fails (full, or a private window).
        (STORAGE_FULL, "could not be stored"),
    ],
    ids=["no-storage", "storage-full"],
)
def test_without_storage_the_page_says_so_and_stays_usable(watched, trainee_url, blocker, says):
    watched.page.add_init_script(blocker)
    errors = errors_with_sources(watched.page)
    page = open_worksheet(watched, trainee_url + PAGE)
    page.get_by_label("Self representation").fill("Still typed")
    page.get_by_label("Notes").focus()  # a change event: saved (or not) at once
    notice = page.locator(".worksheet-notice")
    notice.wait_for(state="visible")
    assert says in notice.inner_text()
    with page.expect_download() as info:
        button(page, "Download as text").click()
    assert "Still typed" in info.value.path().read_text(encoding="utf-8")
    page.emulate_media(media="print")
    assert "Still typed" in page.locator(".print-value").all_inner_texts()

    assert watched.external == []
    assert [e for e in errors if "worksheet.js" in e] == []
    if blocker is STORAGE_FULL:
        assert watched.console_errors == []
    # else: Material's own scripts read localStorage unguarded and log that; not ours.


@pytest.mark.parametrize("damaged", ["not json", "null", '{"fields": null}', '{"fields": [1]}'])
def test_damaged_saved_answers_are_ignored(watched, trainee_url, damaged):
    page = watched.page
    page.goto(trainee_url + "workbook/")
    page.evaluate("([key, value]) => window.localStorage.setItem(key, value)", [FREE_KEY, damaged])
    open_worksheet(watched, trainee_url + PAGE)
    assert page.get_by_label("Self representation").input_value() == ""
    page.get_by_label("Self representation").fill("A fresh start")
    page.get_by_label("Notes").focus()
    assert stored(page, FREE_KEY)["fields"]["self"] == "A fresh start"
    assert_clean(watched)


def test_other_pages_are_left_alone(watched, trainee_url):
    page = watched.page
    page.goto(trainee_url + "workbook/")
    assert page.locator("#worksheet-form").count() == 0
    # The print page repeats the worksheet as a blank sheet: nothing is restored or wired,
    # even with answers saved (the site's storage is one for all its pages).
    page.evaluate("window.localStorage.setItem('dit-worksheet:free', '{\"fields\": {}}')")
    page.goto(trainee_url + "print_page/")
    assert page.locator("#worksheet-form .worksheet-actions").is_hidden()
    assert_clean(watched)
