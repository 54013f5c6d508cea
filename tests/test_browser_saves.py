"""The quiz page in a real browser: it says "Saved" only for answers the server holds.

Every outcome an answer save can meet is played to the page (Playwright answers the request
in the server's place), then the real finding of the security probe is reproduced end to end:
the session ends on another device, the next answer is kept, and it arrives after signing in.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select
from test_browser import ARGS, CHROMIUM, browser, check_accessible, live_server, sign_in  # noqa: F401  (fixtures)

from webapp.extensions import db
from webapp.models import Attempt, Response, User

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(),
                                 reason="Debian's chromium is not installed (apt-get install chromium)")]
PASSPHRASE = "maple-river-lantern-42"
JSON = "application/json"


def open_quiz(browser, base, username):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, username, PASSPHRASE)
    page.get_by_role("link", name="Why People Leave").first.click()
    page.get_by_role("button", name=re.compile("Start the quiz|Continue the quiz")).click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    page.wait_for_load_state("load")
    return context, page


def pending(page) -> dict:
    attempt = page.locator("#quiz-form").get_attribute("data-attempt")
    return json.loads(page.evaluate(f"localStorage.getItem('crossings-pending-{attempt}') || '{{}}'"))


def answers_of(app, username) -> int:
    with app.app_context():
        student = db.session.scalar(select(User).where(User.username == username))
        return db.session.scalar(select(func.count()).select_from(Response).join(Attempt)
                                 .where(Attempt.student_id == student.id))


def reply(status, body=None, content_type=JSON, headers=None):
    text = body if isinstance(body, str) else json.dumps(body or {})
    return {"status": status, "body": text, "content_type": content_type, "headers": headers or {}}


# (name, what the server answers, the status bar's state, is the answer still kept on the device?)
OUTCOMES = [
    ("200 saved", reply(200, {"question_id": "QID", "saved_at": "2026-11-30T09:15:00Z", "answered": 1}), "saved",
     False),
    ("200 sign-in page", reply(200, "<html><form>Sign in</form></html>", "text/html"), "signin", True),
    ("302 redirect", reply(302, "", "text/html", {"Location": "/login?next=/student/"}), "signin", True),
    ("401 signed out", reply(401, {"reason": "signed_out", "error": "Signed out"}), "signin", True),
    ("400 csrf", reply(400, {"reason": "csrf", "error": "expired"}), "signin", True),
    ("400 bad request", reply(400, {"reason": "bad_request", "error": "That question is not part of this quiz."}),
     "rejected", False),
    ("403 forbidden", reply(403, {"reason": "forbidden"}), "blocked", True),
    ("404 not found", reply(404, {"reason": "not_found"}), "blocked", True),
    ("409 closed", reply(409, {"reason": "closed", "error": "submitted", "results": "/student/"}), "closed", False),
    ("413 too large", reply(413, {"reason": "too_large", "error": "That was too large"}), "rejected", False),
    ("422 bad answer", reply(422, {"reason": "bad_answer", "error": "Type a number."}), "rejected", False),
    ("429 busy", reply(429, {"reason": "busy"}, headers={"Retry-After": "30"}), "waiting", True),
    ("500 server", reply(500, "<html>oops</html>", "text/html"), "waiting", True),
    ("network error", None, "waiting", True),
]


@pytest.mark.parametrize("name, answer, state, kept", OUTCOMES, ids=[o[0] for o in OUTCOMES])
def test_each_save_outcome_is_told_truthfully(live_server, browser, name, answer, state, kept):
    _, base = live_server
    context, page = open_quiz(browser, base, "lena.w")
    question = page.locator("fieldset[data-question]").first
    qid = question.get_attribute("data-question")

    def fulfil(route):
        if answer is None:
            route.abort("internetdisconnected")
        else:
            route.fulfill(**{**answer, "body": answer["body"].replace("QID", qid)})
    page.route(re.compile(r"/answer$"), fulfil)
    question.locator("input").first.check()
    bar = page.locator("#save-status")
    expect(bar).to_have_attribute("data-state", state, timeout=5000)
    line = question.locator(".q-status")
    if state == "saved":
        expect(line).to_have_text(re.compile(r"^Saved at \d"))
    else:
        expect(line).not_to_have_text(re.compile("Saved"))
        expect(bar).not_to_contain_text("All answers saved")
    assert (qid in pending(page)) is kept
    context.close()


def test_a_newer_answer_stored_elsewhere_is_shown_on_the_page(live_server, browser):
    _, base = live_server
    context, page = open_quiz(browser, base, "lena.w")
    radios = page.locator("fieldset[data-question]").first.locator("input[type=radio]")
    qid = page.locator("fieldset[data-question]").first.get_attribute("data-question")
    stored = radios.nth(1).get_attribute("value")
    name = radios.first.get_attribute("name")
    page.route(re.compile(r"/answer$"), lambda route: route.fulfill(**reply(409, {
        "reason": "stale", "fields": {name: [stored]}, "seq": 99, "error": "newer"})))
    radios.first.click()  # not check(): the page puts the newer answer back at once, which check() calls a failure
    expect(page.locator(f'fieldset[data-question="{qid}"] .q-status')).to_contain_text("newer answer")
    expect(radios.nth(1)).to_be_checked()
    assert pending(page) == {}
    attempt = page.locator("#quiz-form").get_attribute("data-attempt")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('crossings-seq-{attempt}'))") == 100
    context.close()


def test_an_answer_given_after_signing_out_elsewhere_is_kept_and_arrives_after_signing_in(live_server, browser):
    app, base = live_server
    laptop, page = open_quiz(browser, base, "kai.m")
    first, second = page.locator("fieldset[data-question]").nth(0), page.locator("fieldset[data-question]").nth(1)
    first.locator("input").first.check()
    expect(first.locator(".q-status")).to_have_text(re.compile("^Saved"), timeout=5000)

    phone = browser.new_context()
    phone_page = phone.new_page()
    sign_in(phone_page, base, "kai.m", PASSPHRASE)
    phone_page.get_by_role("button", name="Sign out").click()  # ends every session of this student
    phone.close()

    second.locator("input").first.check()
    bar = page.locator("#save-status")
    expect(bar).to_contain_text("You have been signed out", timeout=5000)
    expect(second.locator(".q-status")).to_have_text("Not saved yet.")
    assert answers_of(app, "kai.m") == 1 and second.get_attribute("data-question") in pending(page)
    page.evaluate("window.scrollTo(0, 0)")  # axe judges contrast only where nothing overlaps
    check_accessible(page)  # the bar's link is readable on its dark background (tour 4-3)

    bar.get_by_role("link", name="Sign in again to save them.").click()
    page.get_by_label("Email or username").fill("kai.m")
    page.get_by_label("Password or passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    expect(page.locator("#save-status")).to_contain_text("All answers saved", timeout=10000)
    assert answers_of(app, "kai.m") == 2 and pending(page) == {}
    laptop.close()
