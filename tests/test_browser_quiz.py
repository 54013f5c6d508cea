"""The quiz page tells the truth (classroom tour bugs 6, 8 and 10, friction 7), in chromium.

After offline work the form shows what the server holds; answers can be taken back; the
messages agree; a fresh quiz is not "all saved"; an ordering being placed shows no error;
the reading counter follows the sections read.
"""
from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser import CHROMIUM, add_to_demo_class, browser, live_server, sign_in  # noqa: F401 (fixtures)
from test_browser_saves import PASSPHRASE, pending

from webapp.extensions import db
from webapp.models import Attempt, Response, User

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(),
                                 reason="Debian's chromium is not installed (apt-get install chromium)")]
LESSON = "resettlement"  # its quiz has every question type
NAMES = (f"Quinn Tester{n}" for n in itertools.count())
DEVICE = "Saved on this device, will send when online"


@pytest.fixture(scope="module")
def assigned(live_server):
    add_to_demo_class(live_server[0], lesson_id=LESSON)


@pytest.fixture
def student(live_server, assigned):
    """A new student of the demo class, with no work yet."""
    return add_to_demo_class(live_server[0], next(NAMES))


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def open_quiz(context, base, username, lesson="Resettlement"):
    page = context.new_page()
    sign_in(page, base, username, PASSPHRASE)
    page.get_by_role("link", name=lesson).first.click()
    page.get_by_role("button", name=re.compile("Start the quiz|Continue the quiz")).click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    page.wait_for_load_state("load")
    return page


def question(page, type_label):
    return page.locator("fieldset[data-question]").filter(has=page.locator(".hint", has_text=type_label)).first


def stored(app, username):
    with app.app_context():
        return {r.question_id: r.answer for r in db.session.scalars(
            select(Response).join(Attempt).join(User, User.id == Attempt.student_id).where(User.username == username))}


def test_after_offline_work_the_reopened_quiz_shows_what_the_server_holds(live_server, context, student):
    app, base = live_server
    page = open_quiz(context, base, student)
    number = question(page, "Number")
    context.set_offline(True)
    number.get_by_label(re.compile("Your answer")).fill("1,200")
    number.get_by_label(re.compile("Your answer")).press("Tab")
    expect(number.locator(".q-status")).to_have_text(DEVICE)
    expect(page.locator("#save-status")).to_contain_text("kept on this device")
    assert "You can close this page" not in page.locator("main").inner_text()
    url = page.url
    page.close()

    context.set_offline(False)
    page = context.new_page()
    page.goto(url)
    number = question(page, "Number")
    expect(number.locator(".q-status")).to_have_text(re.compile(r"^Saved at \d"), timeout=10000)
    expect(number.get_by_label(re.compile("Your answer"))).to_have_value("1200")  # the server's, not the typed
    expect(page.locator("#save-status")).to_contain_text("All answers saved")
    assert list(stored(app, student).values()) == [1200]


def test_answers_can_be_taken_back_and_stay_empty_after_a_reload(live_server, context, student):
    app, base = live_server
    page = open_quiz(context, base, student)
    short = question(page, "Short answer")
    box = short.get_by_label("Your answer")
    box.fill("Hanawon")
    box.press("Tab")
    expect(short.locator(".q-status")).to_have_text(re.compile("^Saved at"))
    many = question(page, "choose all that apply")
    many.locator("input[type=checkbox]").first.check()
    expect(many.locator(".q-status")).to_have_text(re.compile("^Saved at"))
    assert len(stored(app, student)) == 2

    box.fill("")
    box.press("Tab")
    expect(short.locator(".q-status")).to_have_text("No answer saved.")
    expect(short.locator(".q-status")).not_to_have_class(re.compile("is-error"))
    many.locator("input[type=checkbox]").first.uncheck()
    expect(many.locator(".q-status")).to_have_text("No answer saved.")
    expect(page.locator("#save-status")).to_contain_text("0 of")
    assert stored(app, student) == {}
    page.reload()
    expect(question(page, "Short answer").get_by_label("Your answer")).to_have_value("")
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_text(re.compile(r"You have not answered (\d+) of \1 questions"))).to_be_visible()


def test_a_fresh_quiz_is_not_all_saved_and_an_ordering_being_placed_shows_no_error(live_server, context, student):
    app, base = live_server
    page = open_quiz(context, base, student)
    bar = page.locator("#save-status")
    expect(bar).to_have_text(re.compile(r"^0 of \d+ answered"))
    expect(bar).not_to_contain_text("All answers saved")
    expect(bar).to_have_attribute("data-state", "empty")
    ordering = question(page, "Put in order")
    selects = ordering.locator("select")
    selects.first.select_option("1")
    expect(ordering.locator(".q-status")).to_contain_text("Give every item a position")
    expect(ordering.locator(".q-status")).not_to_have_class(re.compile("is-error"))
    assert pending(page) == {} and stored(app, student) == {}
    for place in range(2, selects.count() + 1):
        selects.nth(place - 1).select_option(str(place))
    expect(ordering.locator(".q-status")).to_have_text(re.compile("^Saved at"))
    expect(bar).to_contain_text("All answers saved · 1 of")


def test_the_reading_counter_follows_the_sections_read(live_server, context, student):
    _, base = live_server
    page = context.new_page()
    sign_in(page, base, student, PASSPHRASE)
    page.get_by_role("link", name="Resettlement").first.click()
    counter = page.locator(".toc").get_by_text(re.compile(r"^Read \d+ of \d+ sections"))
    expect(counter).to_have_text(re.compile("^Read 0 of"))
    page.locator("form.js-mark-read button").first.click()
    expect(counter).to_have_text(re.compile("^Read 1 of"))
    page.locator("form.js-mark-read button").first.click()
    expect(counter).to_have_text(re.compile("^Read 2 of"))


def test_a_radio_answer_can_be_cleared_from_the_keyboard(live_server, context, student):
    """Tour 2-13: a single-choice or true/false answer could not be taken back at all."""
    app, base = live_server
    page = open_quiz(context, base, student)
    radio = question(page, "True or false")
    number = radio.locator(".q-number").inner_text().split()[1]
    clear = radio.get_by_role("button", name=f"Clear answer to question {number}")
    expect(clear).to_be_hidden()  # nothing chosen yet
    radio.get_by_label("False").check()
    expect(radio.locator(".q-status")).to_have_text(re.compile("^Saved at"))
    assert len(stored(app, student)) == 1
    clear.focus()
    page.keyboard.press("Enter")
    expect(radio.locator(".q-status")).to_have_text("No answer saved.")
    expect(radio.locator("input:checked")).to_have_count(0)
    expect(clear).to_be_hidden()
    expect(radio.get_by_label("True")).to_be_focused()  # focus stays in the question
    assert stored(app, student) == {}
    page.reload()
    expect(question(page, "True or false").locator("input:checked")).to_have_count(0)


def test_an_ordering_taken_apart_says_the_saved_order_is_kept_and_the_bar_agrees(live_server, context, student):
    """Tour 2-13: one position cleared said "All answers saved" while the old order came back on reload."""
    app, base = live_server
    page = open_quiz(context, base, student)
    bar = page.locator("#save-status")
    ordering = question(page, "Put in order")
    selects = ordering.locator("select")
    for place in range(1, selects.count() + 1):
        selects.nth(place - 1).select_option(str(place))
    expect(ordering.locator(".q-status")).to_have_text(re.compile("^Saved at"))
    saved = stored(app, student)
    selects.first.select_option("")
    expect(ordering.locator(".q-status")).to_have_text(re.compile("Your saved order is kept until every item has a place"))
    expect(bar).not_to_contain_text("All answers saved")
    expect(bar).to_contain_text("saved order is kept")
    assert stored(app, student) == saved
    page.reload()
    expect(question(page, "Put in order").locator("select").first).to_have_value("1")
    for place in range(1, selects.count() + 1):
        question(page, "Put in order").locator("select").nth(place - 1).select_option("")
    expect(question(page, "Put in order").locator(".q-status")).to_have_text("No answer saved.")
    expect(bar).to_contain_text("0 of")
    assert stored(app, student) == {}


def test_a_second_device_shows_an_answer_changed_elsewhere_when_it_comes_back_into_view(live_server, browser, context,
                                                                                        student):
    """Tour 2-14: the phone kept showing its own old answer, "Saved at …", after the desktop changed it."""
    app, base = live_server
    phone = open_quiz(context, base, student)
    desktop_context = browser.new_context()
    try:
        desktop = open_quiz(desktop_context, base, student)
        phone_radio, desk_radio = question(phone, "True or false"), question(desktop, "True or false")
        phone_radio.get_by_label("True").check()
        expect(phone_radio.locator(".q-status")).to_have_text(re.compile("^Saved at"))
        phone_short = question(phone, "Short answer").get_by_label("Your answer")
        phone_short.fill("Hana")  # being typed on the phone: not sent, still focused
        desk_radio.get_by_label("False").check()
        expect(desk_radio.locator(".q-status")).to_have_text(re.compile("^Saved at"))
        desk_short = question(desktop, "Short answer").get_by_label("Your answer")
        desk_short.fill("Seoul")
        desk_short.press("Tab")
        expect(question(desktop, "Short answer").locator(".q-status")).to_have_text(re.compile("^Saved at"))
        many = question(desktop, "choose all that apply")
        many.locator("input[type=checkbox]").first.check()
        expect(many.locator(".q-status")).to_have_text(re.compile("^Saved at"))

        phone.evaluate("window.dispatchEvent(new Event('focus'))")  # the phone is picked up again
        expect(phone_radio.get_by_label("False")).to_be_checked()
        expect(phone_radio.get_by_label("True")).not_to_be_checked()
        expect(question(phone, "choose all that apply").locator("input:checked")).to_have_count(1)
        expect(phone_short).to_have_value("Hana")  # what the student is typing is left alone
        expect(phone.locator("#save-status")).to_contain_text("All answers saved · 2 of")

        desk_radio.locator(".clear-answer").click()  # taken back on the desktop
        expect(desk_radio.locator(".q-status")).to_have_text("No answer saved.")
        phone.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        expect(phone_radio.locator("input:checked")).to_have_count(0)
        expect(phone_radio.locator(".q-status")).to_have_text("No answer saved.")
    finally:
        desktop_context.close()


def test_saved_at_names_the_devices_time_zone(live_server, browser, student):
    """Tour 2-19: "Saved at" is the device's clock while due dates are the class's zone: say which."""
    app, base = live_server
    eastern = browser.new_context(timezone_id="America/New_York", locale="en-US")
    try:
        page = open_quiz(eastern, base, student)
        radio = question(page, "True or false")
        radio.get_by_label("True").check()
        expect(radio.locator(".q-status")).to_have_text(re.compile(r"^Saved at \d{1,2}:\d{2} [AP]M E[SD]T$"))
    finally:
        eastern.close()
