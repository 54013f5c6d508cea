"""Evidence and writing end to end on a phone (390×844): a student picks the sentences that prove
a claim (the unit's own highlight question) and writes a response, a second student writes too;
the teacher grades one with the rubric by keyboard and click, uses the comment bank and releases;
the student sees the levels, the comment and the score. axe finds nothing serious on any page."""
from __future__ import annotations

import re

import pytest
from factories import WRITTEN_ID, restore_content, with_written_question
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser import (  # noqa: F401  (fixtures)
    CHROMIUM,
    add_to_demo_class,
    browser,
    check_accessible,
    live_server,
    shots,
    sign_in,
)

from webapp.extensions import db
from webapp.models import Assignment, Classroom

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(),
                                 reason="Debian's chromium is not installed (apt-get install chromium)")]
PASSPHRASE = "maple-river-lantern-42"
PHONE = {"width": 390, "height": 844}
expect.set_options(timeout=15_000)  # the machine is shared: a busy moment is not a failure
HIGHLIGHT = "leave-hl-seeing-china"  # the key: the 4th and 5th sentences (what Jun saw; what it did)
ESSAY = ("Most people left because of hunger, not politics. The famine testimony says families ate grass "
         "and bark, and the survey says most crossed to find food or work. So hunger came first.")


@pytest.fixture(scope="module")
def written_live(live_server):
    app, base = live_server
    with app.app_context():
        _, saved = with_written_question(also=(HIGHLIGHT,))
    yield app, base
    restore_content(saved)


def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    return context, context.new_page()


def write_and_submit(browser, base, username, text):
    context, page = phone(browser)
    sign_in(page, base, username, PASSPHRASE)
    page.get_by_role("link", name="Why People Leave").first.click()
    page.get_by_role("button", name=re.compile("Start the quiz|Continue the quiz")).click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    if text == ESSAY:
        highlight(page)
    box = page.locator(f"#q-{WRITTEN_ID}")
    count = page.locator(f"#q-{WRITTEN_ID}-count")
    expect(count).to_contain_text("0 words")
    box.click()
    page.keyboard.type("Hunger drove them out.")
    expect(count).to_contain_text("4 words")
    box.fill(text)
    box.dispatch_event("input")
    expect(count).to_contain_text(f"{len(text.split())} words")
    status = page.locator(f'fieldset[data-question="{WRITTEN_ID}"] .q-status')
    expect(status).to_have_text(re.compile(r"^Saved at"), timeout=10000)
    check_accessible(page)
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Yes, submit my quiz").click()
    page.wait_for_url(re.compile(r"/results$"))
    expect(page.get_by_text(re.compile("Awaiting grading")).first).to_be_visible()
    check_accessible(page)
    return context, page


def highlight(page):
    """Pick the two sentences that prove the claim, one by tap and one by keyboard; both saved."""
    question = page.locator(f'fieldset[data-question="{HIGHLIGHT}"]')
    saw, collapsed = (question.get_by_role("button", name=re.compile(start))
                      for start in ("Then I realized", "At this moment"))
    expect(saw).to_have_attribute("aria-pressed", "false")
    saw.tap()
    collapsed.focus()
    page.keyboard.press("Space")
    expect(saw).to_have_attribute("aria-pressed", "true")
    expect(collapsed).to_have_attribute("aria-pressed", "true")
    expect(question.locator(".q-status")).to_have_text(re.compile(r"^Saved at"), timeout=10000)


def grade_after_signing_out(page, context):
    """The session ends while the teacher grades the second answer: Save goes to sign in with a
    message that says so, and back on the answer the levels and comment come back, to be saved."""
    page.keyboard.press("n")
    expect(page.get_by_role("heading", name=re.compile("Ab Writer"))).to_be_visible()
    page.get_by_role("group", name="Claim").get_by_text("Partial · 1").click()
    page.get_by_role("group", name="Evidence").get_by_text("Clear · 2").click()
    page.get_by_role("group", name="Reasoning").get_by_text("Partial · 1").click()
    page.get_by_label(re.compile("Comment for")).fill("Say which food crisis you mean.")
    context.clear_cookies()
    page.get_by_role("button", name="Save grade").click()
    expect(page.get_by_text(re.compile("You were signed out.*kept on this device"))).to_be_visible()
    check_accessible(page)
    page.get_by_label("Email or username").fill("teacher@example.org")
    page.get_by_label("Password or passphrase").fill("crossings-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Your unsaved grade was restored: save it now.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Ab Writer"))).to_be_visible()
    expect(page.get_by_label(re.compile("Comment for"))).to_have_value("Say which food crisis you mean.")
    expect(page.get_by_role("group", name="Evidence").get_by_role("radio").first).to_be_checked()
    check_accessible(page)
    page.get_by_role("button", name="Save grade").click()
    expect(page.get_by_text("Grade saved for Ab Writer")).to_be_visible()
    expect(page.get_by_text("2 of 2 graded")).to_be_visible()
    expect(page.get_by_text("Your unsaved grade was restored: save it now.")).to_be_hidden()
    page.reload()
    expect(page.get_by_label(re.compile("Comment for"))).to_have_value("Say which food crisis you mean.")
    expect(page.get_by_text("Your unsaved grade was restored: save it now.")).to_be_hidden()


def test_a_student_writes_the_teacher_grades_and_releases_the_student_sees_it(written_live, browser, shots):
    app, base = written_live
    first = add_to_demo_class(app, "Aa Writer")  # sorts first in the roster order the grader walks
    second = add_to_demo_class(app, "Ab Writer")
    student_context, results = write_and_submit(browser, base, first, ESSAY)
    write_and_submit(browser, base, second, "They left to find food.")[0].close()
    with app.app_context():
        assignment_id = db.session.scalar(select(Assignment.id).join(Classroom).where(
            Classroom.name.like("Period 3%"), Assignment.lesson_id == "why-people-leave").order_by(Assignment.id))

    context, page = phone(browser)
    sign_in(page, base, "teacher@example.org", "crossings-demo")
    page.goto(f"{base}/teacher/grading/assignments/{assignment_id}")
    check_accessible(page)
    page.get_by_role("link", name="Grade this question").click()
    page.wait_for_url(re.compile(r"/questions/"))
    expect(page.get_by_text("Answer 1 of 2")).to_be_visible()
    expect(page.get_by_text("0 of 2 graded")).to_be_visible()
    page.keyboard.press("n")
    expect(page.get_by_text("Answer 2 of 2")).to_be_visible()
    page.wait_for_load_state("load")  # the keys work once the new page's script runs
    page.keyboard.press("p")
    expect(page.get_by_text("Answer 1 of 2")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Aa Writer"))).to_be_visible()
    check_accessible(page)

    page.get_by_label("A comment you use often").fill("Name the document you quote.")
    page.get_by_role("button", name="Add to bank").click()
    expect(page.get_by_text("Comment added to your bank.")).to_be_visible()

    claim = page.get_by_role("group", name="Claim")
    claim.get_by_text("Clear · 2").click()                      # a level by click (a tap on the phone)
    evidence = page.get_by_role("group", name="Evidence").get_by_role("radio")
    evidence.first.focus()
    page.keyboard.press("Space")                                 # …and by keyboard: Clear, then
    page.keyboard.press("ArrowDown")                             # the arrow moves to Partial
    expect(evidence.nth(1)).to_be_checked()
    page.get_by_role("group", name="Reasoning").get_by_text("Partial · 1").click()
    page.get_by_role("button", name="Add to the comment: Name the document you quote.").click()
    expect(page.get_by_label(re.compile("Comment for"))).to_have_value("Name the document you quote.")
    page.get_by_role("button", name="Save grade").click()
    expect(page.get_by_text("Grade saved for Aa Writer")).to_be_visible()
    expect(page.get_by_text("1 of 2 graded")).to_be_visible()
    expect(page.get_by_role("group", name="Evidence").get_by_role("radio").nth(1)).to_be_checked()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-grading-phone.png", full_page=True)
    grade_after_signing_out(page, context)
    page.get_by_role("button", name=re.compile("Release grades")).click()
    expect(page.get_by_text(re.compile("Released 2 grades"))).to_be_visible()
    context.close()

    results.reload()
    expect(results.get_by_text("Name the document you quote.")).to_be_visible()
    expect(results.get_by_text("Graded: 4 of 6 rubric points")).to_be_visible()
    chosen = results.locator("td.is-chosen")
    expect(chosen).to_have_count(3)
    expect(chosen.nth(0)).to_contain_text("Clear (2)")
    expect(chosen.nth(1)).to_contain_text("Partial (1)")
    expect(results.get_by_text("A strong answer names a cause.")).to_be_visible()
    expect(results.get_by_text(re.compile("Awaiting grading"))).to_have_count(0)
    check_accessible(results)
    results.screenshot(path=shots / "student-graded-phone.png", full_page=True)
    student_context.close()
