"""A highlight question in a real browser on a 390×844 phone: each sentence is a toggle that
Tab and Space/Enter work, the answer saves itself and survives a reload, the results show the
right sentences beside the student's, and axe finds nothing serious. The quiz is the mini
fixture's (tests/fixtures/mini), not the shipped content."""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from factories import make_assignment, make_classroom, make_student, make_teacher
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser import CHROMIUM, browser, check_accessible, sign_in, whole_bodies  # noqa: F401  (fixtures)

from webapp.extensions import db
from webapp.models import Response

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason="Debian's chromium is not installed (apt-get install chromium)")]
MINI = Path(__file__).parent / "fixtures" / "mini"
PHONE = {"width": 390, "height": 844}
QUESTION = "mini-walk-evidence"


@pytest.fixture(scope="module")
def mini_server(tmp_path_factory):
    """The app on the mini fixture, with one student who has the mini lesson assigned."""
    from werkzeug.serving import make_server

    from webapp import create_app
    from webapp.catalog_sync import sync_catalog
    from webapp.content_store import get_content

    folder = tmp_path_factory.mktemp("highlight")
    app = create_app({"SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'db.sqlite'}",
                      "CONTENT_ROOT": str(MINI), "LOGIN_RATE_LIMIT": "1000 per minute",
                      "LOGIN_RATE_LIMIT_PER_ADDRESS": "1000 per minute"})
    with app.app_context():
        db.create_all()
        sync_catalog(get_content())
        classroom = make_classroom(make_teacher())
        student = make_student(classroom, username="hana.k", name="Hana Kim")
        make_assignment(classroom, "mini", attempts_allowed=0, show_answers="immediately")
        username = student.username
    server = make_server("127.0.0.1", 0, whole_bodies(app), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}", username
    server.shutdown()


def held(app) -> list[str] | None:
    with app.app_context():
        return db.session.scalar(select(Response.answer).where(Response.question_id == QUESTION))


def tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the button named ``name`` (its sentence) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_student_highlights_evidence_by_keyboard_on_a_phone(mini_server, browser):
    from factories import PASSWORD

    app, base, username = mini_server
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, base, username, PASSWORD)
    page.get_by_role("link", name="A Mini Lesson").first.click()
    page.get_by_role("button", name=re.compile("Start the quiz|Continue the quiz")).click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    question = page.locator(f'fieldset[data-question="{QUESTION}"]')
    expect(question.locator(".scoring-note")).to_contain_text("Your score can't go below zero.")
    ferry, walked, made_up = (question.get_by_role("button", name=re.compile(start)) for start in
                              ("The ferry crossed", "“We walked", "A made-up source"))
    expect(question.locator(".span-boxes")).to_be_hidden()
    expect(ferry).to_have_attribute("aria-pressed", "false")

    tab_to(page, made_up.text_content().strip())
    page.keyboard.press("Space")
    expect(made_up).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")                          # pressed again: unselected
    expect(made_up).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(ferry).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(walked).to_have_attribute("aria-pressed", "true")
    expect(question.locator(".q-status")).to_have_text(re.compile(r"^Saved at \d"), timeout=5000)
    expect(page.locator("#save-status")).to_contain_text("All answers saved")
    assert held(app) == ["s2", "s3"]

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the quiz is {width} px wide on a phone"
    question.screenshot(path="/tmp/hl/quiz.png")
    check_accessible(page)

    page.reload()
    expect(ferry).to_have_attribute("aria-pressed", "true")
    expect(walked).to_have_attribute("aria-pressed", "true")
    expect(made_up).to_have_attribute("aria-pressed", "false")

    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Yes, submit my quiz").click()
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    result = page.locator("li.answer-item", has=page.locator(".passage-result"))
    expect(result.locator(".verdict")).to_contain_text("Correct")
    expect(result.locator(".passage-result li.is-picked.is-key")).to_have_count(2)
    expect(result.locator(".passage-result li").first).to_contain_text("Your answer: not picked")
    expect(result.locator(".passage-result li").first).to_contain_text("Key: does not support it")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the results are {width} px wide on a phone"
    result.screenshot(path="/tmp/hl/results.png")
    check_accessible(page)
    context.close()


def test_the_offline_self_check_scores_a_highlight_with_its_penalty(browser, tmp_path):
    from webapp.content.loader import load_valid_content
    from webapp.packs.html_bundle import write_bundle

    folder = write_bundle(load_valid_content(MINI), tmp_path)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto((folder / "quiz-mini.html").as_uri())
    question = page.locator(f'fieldset[data-question="{QUESTION}"]')
    for start in ("The ferry crossed", "A made-up source", "“We walked"):
        question.get_by_role("button", name=re.compile(start)).click()
    question.get_by_role("button", name="Check").click()
    expect(question.locator(".verdict")).to_have_text("◐ Partly correct (50%)")
    question.get_by_role("button", name=re.compile("A made-up source")).press("Enter")
    question.get_by_role("button", name="Check").click()
    expect(question.locator(".verdict")).to_have_text("✓ Correct")
    check_accessible(page)
    context.close()
