"""The supervision loop in a real browser: the trainee saves a submission file from the
worksheet, the supervisor marks it, and the trainee opens the feedback file. Files are read and
written on the device only; every page is watched for requests off 127.0.0.1."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ditbook.models import submission as fmt

from .conftest import CLEAN, axe_found_in_both_schemes

pytestmark = pytest.mark.browser

WORKSHEET = "workbook/worksheet/"
EXERCISE = "EX-01"


def assert_clean(watched) -> None:
    assert watched.external == []
    assert watched.console_errors == []


def open_worksheet(page, url: str):
    page.goto(url)
    page.locator("#worksheet-form .worksheet-actions").wait_for(state="visible")
    return page


def feedback_for(saved_at: str, **changes) -> dict:
    data = {
        "format": "dit-feedback",
        "version": 1,
        "exercise_id": EXERCISE,
        "submission_saved_at": saved_at,
        "supervisor": "Dr Sam Supervisor",
        "saved_at": "2026-03-02T09:00:00Z",
        "criteria": [
            {"prompt": "self", "criterion": "Names the self", "level": 1, "comment": "Closer."},
            {"prompt": "other", "criterion": "Names the other", "level": 2, "comment": ""},
        ],
        "prompt_comments": {"self": "Use her own words."},
        "total": 3,
        "maximum": 4,
        "overall": "A sound start.",
    }
    data.update(changes)
    return data


def as_file(data, name: str = "feedback.json") -> Path:
    """`data` (bytes, or JSON written out) as a file on disk, to choose in a file input. The
    browser reads a file given by path itself; given as a buffer, all ten megabytes of the
    largest would first cross Playwright's pipe to it, base64-encoded."""
    body = data if isinstance(data, bytes) else json.dumps(data, indent=2).encode()
    path = Path(tempfile.mkdtemp(prefix="dit-file-", dir=_FILES)) / name
    path.write_bytes(body)
    return path


_FILES = tempfile.mkdtemp(prefix="dit-files-")
atexit.register(shutil.rmtree, _FILES, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The trainee's worksheet


def test_the_worksheet_asks_each_prompt_and_saves_a_submission_file(watched, trainee_url, cases):
    page = open_worksheet(watched.page, trainee_url + WORKSHEET + f"?exercise={EXERCISE}")
    case = next(c for c in cases if c.exercise and c.exercise.id == EXERCISE)
    prompts = page.locator("#worksheet-prompts textarea")
    assert prompts.count() == 8  # a whole-case exercise
    page.get_by_label("1. Name the self", exact=False).fill("A burden; fear < anger")
    page.get_by_label("Trainee name").fill("Alex Trainee")
    page.get_by_label("Self representation").fill("Someone who must not ask")
    with page.expect_download() as download:
        page.get_by_role("button", name="Save my answers to a file").click()
    assert download.value.suggested_filename == "submission-ex-01.json"
    data = Path(download.value.path()).read_bytes()
    model = fmt.read_file(data, "dit-submission", exercise_id=EXERCISE)
    assert model.exercise_title == case.title
    assert model.trainee == "Alex Trainee"
    assert model.answers["self"] == "A burden; fear < anger"
    assert set(model.answers) == {
        "self", "other", "affect", "defence", "recurrence", "symptoms", "wording", "transference"
    }  # fmt: skip
    assert model.worksheet == {"self": "Someone who must not ask"}
    assert data.decode().startswith('{\n  "format": "dit-submission",\n')
    assert "Send it to your supervisor" in page.locator(".worksheet-file-message").inner_text()
    assert_clean(watched)


def test_markup_typed_in_an_answer_is_refused_before_saving(watched, trainee_url):
    page = open_worksheet(watched.page, trainee_url + WORKSHEET + f"?exercise={EXERCISE}")
    page.get_by_label("1. Name the self", exact=False).fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Save my answers to a file").click()
    message = page.locator(".worksheet-file-message")
    assert "were not saved to a file" in message.inner_text()
    assert "answers.self" in message.inner_text()
    assert_clean(watched)


def test_the_free_worksheet_has_no_files_to_save_or_open(watched, trainee_url):
    page = open_worksheet(watched.page, trainee_url + WORKSHEET)
    assert not page.get_by_role("button", name="Save my answers to a file").is_visible()
    assert not page.locator("#worksheet-feedback").is_visible()
    assert page.locator("#worksheet-prompts textarea").count() == 0
    assert_clean(watched)


def test_feedback_is_shown_beside_the_answers(watched, trainee_url):
    page = open_worksheet(watched.page, trainee_url + WORKSHEET + f"?exercise={EXERCISE}")
    page.get_by_label("1. Name the self", exact=False).fill("Someone who holds it all")
    page.locator("#ws-feedback-file").set_input_files(as_file(feedback_for("2026-03-01T14:05:00Z")))
    first = page.locator(".worksheet-feedback__prompt").first
    first.wait_for()
    text = " ".join(first.inner_text().split())
    assert "Your answer Someone who holds it all" in text
    assert "Names the self: level 1 of 2, partly. Closer." in text
    assert "Use her own words." in text
    result = page.locator(".worksheet-feedback__result").inner_text()
    assert "Total: 3 of 4." in result and "A sound start." in result
    assert "Model answer" not in result  # not included by the supervisor
    message = page.locator("#ws-feedback-message")
    assert message.get_attribute("aria-live") == "polite"
    assert "Feedback opened" in message.inner_text()

    with_model = feedback_for("2026-03-01T14:05:00Z", model_answer="Self: unwanted.\n\nOther: x")
    page.locator("#ws-feedback-file").set_input_files(as_file(with_model))
    page.get_by_text("Self: unwanted.").wait_for()
    assert "Model answer" in page.locator(".worksheet-feedback__result").inner_text()
    assert_clean(watched)


HOSTILE = {
    "a-submission": (json.dumps({"format": "dit-submission", "version": 1}).encode(), "format"),
    "another-exercise": (feedback_for("2026-03-01T14:05:00Z", exercise_id="EX-04"), "EX-04"),
    "version-2": (feedback_for("2026-03-01T14:05:00Z", version=2), "version 2"),
    "latin-1": ('{"format": "dit-feedback", "overall": "caf\xe9"}'.encode("latin-1"), "UTF-8"),
    "script": (
        feedback_for("2026-03-01T14:05:00Z", overall="<script>document.title='x'</script>"),
        "plain text only",
    ),
    "not-json": (b"<html><script>alert(1)</script></html>", "not JSON"),
    "ten-megabytes": (b"{" + b" " * 10_000_000 + b"}", "too large"),
}


def test_every_bad_feedback_file_is_refused_and_changes_nothing(watched, trainee_url):
    """Each file of HOSTILE in turn, on one page: each is refused with its reason, and after
    every one the page is as it was before the first."""
    page = open_worksheet(watched.page, trainee_url + WORKSHEET + f"?exercise={EXERCISE}")
    page.get_by_label("1. Name the self", exact=False).fill("My own answer")
    page.get_by_role("button", name="Save now").click()  # no save pending while comparing
    page.get_by_text("Saved in this browser").wait_for()
    good = feedback_for("2026-03-01T14:05:00Z")
    page.locator("#ws-feedback-file").set_input_files(as_file(good, "good.json"))
    page.locator(".worksheet-feedback__prompt").first.wait_for()
    shown = page.locator("#worksheet-form, .worksheet-feedback__result")
    before = shown.evaluate_all("els => els.map(el => el.innerHTML)")
    title = page.title()
    message = page.locator("#ws-feedback-message")

    for name, (data, says) in HOSTILE.items():
        page.locator("#ws-feedback-file").set_input_files(as_file(data, f"{name}.json"))
        # Each reason differs from the others: the message is this file's, not the last one's.
        expect(message).to_contain_text(says)
        text = message.inner_text()
        assert "Feedback not opened" in text and "Nothing on this page has changed." in text, name
        assert shown.evaluate_all("els => els.map(el => el.innerHTML)") == before, name
        assert page.get_by_label("1. Name the self", exact=False).input_value() == "My own answer"
        assert page.title() == title, name
    assert_clean(watched)


def test_the_worksheet_with_feedback_is_axe_clean(watched, trainee_url):
    page = open_worksheet(watched.page, trainee_url + WORKSHEET + f"?exercise={EXERCISE}")
    page.locator("#ws-feedback-file").set_input_files(
        as_file(feedback_for("2026-03-01T14:05:00Z", model_answer="Self: x"))
    )
    page.locator(".worksheet-feedback__prompt").first.wait_for()
    assert axe_found_in_both_schemes(page) == CLEAN
    page.locator("#ws-feedback-file").set_input_files(as_file(b"nonsense"))
    page.get_by_text("Feedback not opened").wait_for()
    assert axe_found_in_both_schemes(page) == CLEAN
    assert_clean(watched)


# ---------------------------------------------------------------------------------------------
# The supervisor's marking page

MARK = "supervision/mark/"


def submission_file(**changes) -> dict:
    data = {
        "format": "dit-submission",
        "version": 1,
        "exercise_id": EXERCISE,
        "exercise_title": "The exercise",
        "trainee": "Alex Trainee",
        "saved_at": "2026-03-01T14:05:00Z",
        "answers": {"self": "Someone who holds it all", "other": "Busy, elsewhere"},
    }
    data.update(changes)
    return data


def open_submission(page, url: str, data) -> None:
    page.goto(url + MARK)
    page.locator("#mark-file").set_input_files(as_file(data, "submission.json"))
    page.locator(".marking-prompt").first.wait_for()


def test_marking_totals_the_levels_and_saves_a_feedback_file(watched, supervisor_url, cases):
    page = watched.page
    open_submission(page, supervisor_url, submission_file())
    ex = next(c for c in cases if c.exercise and c.exercise.id == EXERCISE).exercise
    first = page.locator(".marking-prompt").first
    assert "Someone who holds it all" in first.inner_text()
    assert ex.rubric[0].levels.partly in first.inner_text()  # the rubric beside the answer
    groups = page.locator("fieldset.marking-criterion")
    assert groups.count() == len(ex.rubric)
    assert groups.first.locator("legend").inner_text() == f"Criterion: {ex.rubric[0].criterion}"
    total = page.locator(".marking-total")
    assert total.inner_text().startswith(f"Total: 0 of {2 * len(ex.rubric)} (")

    page.get_by_role("button", name="Save feedback to a file").click()
    assert "Choose a level for every criterion" in page.locator(".marking-saved").inner_text()
    assert page.evaluate("document.activeElement.id") == "mark-c0-l0"

    for i in range(len(ex.rubric)):
        page.locator(f"#mark-c{i}-l{2 if i == 0 else 1}").check()
    page.get_by_label("Comment on your answer to prompt 1").fill("Use her words.")
    page.get_by_label("Overall comment").fill("A sound start.")
    want = 2 + (len(ex.rubric) - 1)
    assert total.inner_text() == f"Total: {want} of {2 * len(ex.rubric)}."
    assert not page.get_by_label("Include the model answer in the feedback file").is_checked()
    with page.expect_download() as download:
        page.get_by_role("button", name="Save feedback to a file").click()
    model = fmt.read_file(Path(download.value.path()).read_bytes(), "dit-feedback", "f", EXERCISE)
    assert model.total == want and model.maximum == 2 * len(ex.rubric)
    assert model.submission_saved_at == "2026-03-01T14:05:00Z"
    assert model.prompt_comments == {"self": "Use her words."}
    assert model.model_answer is None

    page.get_by_label("Include the model answer in the feedback file").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Save feedback to a file").click()
    model = fmt.read_file(Path(download.value.path()).read_bytes(), "dit-feedback")
    assert model.model_answer == ex.exemplars.meets
    assert_clean(watched)


BAD_SUBMISSIONS = {
    "a-feedback-file": (feedback_for("2026-03-01T14:05:00Z"), "dit-submission"),
    "no-such-exercise": (submission_file(exercise_id="EX-99"), "no exercise EX-99"),
    "script": (submission_file(trainee="<img src=x onerror=alert(1)>"), "plain text only"),
    "ten-megabytes": (b" " * 10_000_000, "too large"),
}


def test_every_bad_submission_is_refused_and_changes_nothing(watched, supervisor_url):
    """Each file of BAD_SUBMISSIONS in turn, on one page, as above."""
    page = watched.page
    open_submission(page, supervisor_url, submission_file())
    page.locator("#mark-c0-l1").check()
    before = page.locator("#mark-form").inner_html()
    message = page.locator("#mark-message")
    for name, (data, says) in BAD_SUBMISSIONS.items():
        page.locator("#mark-file").set_input_files(as_file(data, f"{name}.json"))
        expect(message).to_contain_text(says)
        text = message.inner_text()
        assert "Submission not opened" in text, name
        assert "Nothing on this page has changed." in text, name
        assert page.locator("#mark-form").inner_html() == before, name
        assert page.locator("#mark-c0-l1").is_checked(), name
    assert_clean(watched)


def test_the_marking_page_is_axe_clean(watched, supervisor_url):
    page = watched.page
    page.goto(supervisor_url + MARK)
    assert axe_found_in_both_schemes(page) == CLEAN
    open_submission(page, supervisor_url, submission_file())
    page.locator("#mark-c0-l2").check()
    assert axe_found_in_both_schemes(page) == CLEAN
    assert_clean(watched)


# ---------------------------------------------------------------------------------------------
# The whole loop, with the keyboard only for the marking and the opening of the feedback


def tab_to(page, element_id: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reached with Tab")


def test_the_whole_loop_by_keyboard(watched, trainee_url, supervisor_url, cases, tmp_path):
    ex = next(c for c in cases if c.exercise and c.exercise.id == EXERCISE).exercise
    page = watched.page

    # The trainee answers and saves a submission file.
    open_worksheet(page, trainee_url + WORKSHEET + f"?exercise={EXERCISE}")
    page.get_by_label("Trainee name").fill("Alex Trainee")
    page.get_by_label("1. Name the self", exact=False).fill("The one who keeps everyone going")
    page.get_by_label("2. Name the other", exact=False).fill("People who take and move on")
    with page.expect_download() as download:
        page.get_by_role("button", name="Save my answers to a file").click()
    submission = tmp_path / download.value.suggested_filename
    download.value.save_as(submission)

    # The supervisor opens it and marks it with the keyboard only.
    page.goto(supervisor_url + MARK)
    tab_to(page, "mark-file")
    page.locator("#mark-file").set_input_files(str(submission))
    page.locator(".marking-prompt").first.wait_for()
    assert "The one who keeps everyone going" in page.locator(".marking-prompt").first.inner_text()
    levels = {}
    for _ in range(600):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "(() => { const a = document.activeElement;"
            " return a ? [a.id, a.name || '', a.type || '', a.textContent.trim()] : null; })()"
        )
        element_id, name, kind, text = active
        if kind == "radio" and name not in levels:
            page.keyboard.press("Space")  # 0, not yet
            wanted = 2 if len(levels) % 2 == 0 else 1
            for _ in range(wanted):
                page.keyboard.press("ArrowRight")  # arrows move the choice along the group
            levels[name] = wanted
        elif element_id == "mark-c0-comment":
            page.keyboard.type("Her words, not the theory.")
        elif element_id == "mark-comment-self":
            page.keyboard.type("Closer to how she would say it.")
        elif element_id == "mark-overall":
            page.keyboard.type("A sound start.")
        elif text == "Save feedback to a file":
            break
    assert len(levels) == len(ex.rubric)
    want = sum(levels.values())
    total = page.locator(".marking-total").inner_text()
    assert total == f"Total: {want} of {2 * len(ex.rubric)}."
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    feedback = tmp_path / download.value.suggested_filename
    download.value.save_as(feedback)
    model = fmt.read_file(feedback.read_bytes(), "dit-feedback", exercise_id=EXERCISE)
    assert model.total == want and model.model_answer is None
    assert model.criteria[0].comment == "Her words, not the theory."

    # The trainee opens the feedback, by keyboard, beside their own answers.
    open_worksheet(page, trainee_url + WORKSHEET + f"?exercise={EXERCISE}")
    tab_to(page, "ws-feedback-file")
    page.locator("#ws-feedback-file").set_input_files(str(feedback))
    first = page.locator(".worksheet-feedback__prompt").first
    first.wait_for()
    shown = " ".join(first.inner_text().split())
    assert "Your answer The one who keeps everyone going" in shown
    assert f"{ex.rubric[0].criterion}: level 2 of 2, meets. Her words, not the theory." in shown
    assert "Closer to how she would say it." in shown
    result = page.locator(".worksheet-feedback__result").inner_text()
    assert f"Total: {want} of {2 * len(ex.rubric)}." in result and "A sound start." in result
    assert "Feedback opened" in page.locator("#ws-feedback-message").inner_text()
    assert_clean(watched)
