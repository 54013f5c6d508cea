"""End to end in a real browser (Debian's chromium via Playwright), with axe-core checks.

Set CROSSINGS_SCREENSHOTS to a folder to keep the screenshots (``make screenshots``
writes the ones the README shows).
"""
from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.accounts import add_student, hash_password
from webapp.content.loader import load_content
from webapp.database import writing
from webapp.extensions import db
from webapp.models import Attempt, Enrollment, Response, User

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                                 "(apt-get install chromium); browser tests skipped")]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def whole_bodies(app):
    """The app with each response body read (and its file closed) before werkzeug writes it.

    When chromium drops a connection mid-font (a page closed while fonts load), werkzeug's
    dev server fails before closing the response's file, and the ResourceWarning, raised
    later by the garbage collector, fails whatever test runs then (CI, stop 17).
    """
    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()
    return serve


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    import seed_data
    from webapp import create_app
    from webapp.catalog_sync import sync_catalog
    from webapp.content_store import get_content
    from webapp.extensions import db

    folder = tmp_path_factory.mktemp("live")
    app = create_app({"SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'db.sqlite'}",
                      "LOGIN_RATE_LIMIT": "1000 per minute",
                      "LOGIN_RATE_LIMIT_PER_ADDRESS": "1000 per minute"})
    with app.app_context():
        db.create_all()
        sync_catalog(get_content())
        _, demo_students = seed_data.seed_demo()
        classroom_id = db.session.scalar(select(Enrollment.classroom_id).where(
            Enrollment.student_id == demo_students[0].id))
        passphrase_hash = hash_password("maple-river-lantern-42")
        with writing():
            for name in ("Kai Morgan", "Lena Weiss"):  # students with no work yet, one per test
                student = add_student(name, passphrase_hash)
                db.session.add(Enrollment(classroom_id=classroom_id, student_id=student.id))
    server = make_server("127.0.0.1", 0, whole_bodies(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def add_to_demo_class(app, student_name: str | None = None, lesson_id: str | None = None) -> str | None:
    """A new student of the demo class (their username), and/or a lesson assigned to it."""
    from webapp.models import Assignment, Classroom

    with app.app_context():
        classroom_id = db.session.scalar(select(Classroom.id).where(Classroom.name.like("Period 3%")))
        with writing():
            if lesson_id:
                db.session.add(Assignment(classroom_id=classroom_id, lesson_id=lesson_id,
                                          show_answers="immediately", attempts_allowed=0))
            if student_name:
                student = add_student(student_name, hash_password("maple-river-lantern-42"))
                db.session.add(Enrollment(classroom_id=classroom_id, student_id=student.id))
        return student.username if student_name else None


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("CROSSINGS_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def check_accessible(page):
    problems = serious_violations(page)
    assert not problems, f"{page.url}: {problems}"


def sign_in(page, base, identifier, password):
    page.goto(f"{base}/login")
    page.get_by_label("Email or username").fill(identifier)
    page.get_by_label("Password or passphrase").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_public_pages_are_accessible(live_server, page, shots):
    _, base = live_server
    for path in ("/", "/lessons/why-people-leave", "/lessons/the-route", "/glossary", "/timeline", "/sources",
                 "/login", "/signup", "/join", "/nope"):
        page.goto(base + path)
        check_accessible(page)
    page.goto(base + "/lessons/the-route")
    page.locator("figure.visual").first.screenshot(path=shots / "lesson-route-map.png")


def test_teacher_sees_class_progress_preview_and_assigns(live_server, page, shots):
    _, base = live_server
    sign_in(page, base, "teacher@example.org", "crossings-demo")
    page.get_by_role("link", name=re.compile("Period 3")).first.click()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-class.png", full_page=False)
    page.get_by_role("link", name="Class progress").click()
    assert page.get_by_role("cell", name=re.compile("Not started")).count() > 0
    check_accessible(page)
    page.screenshot(path=shots / "teacher-progress.png")
    page.goto(base + "/teacher/")
    page.get_by_role("link", name=re.compile("Period 3")).first.click()
    page.get_by_role("link", name=re.compile("Reports", re.I)).first.click()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-reports.png", full_page=True)
    page.get_by_role("link", name=re.compile("Item analysis|Why People Leave", re.I)).first.click()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-item-analysis.png", clip={"x": 0, "y": 0, "width": 1200, "height": 1500}, full_page=True)
    page.get_by_role("link", name="Lessons").first.click()
    page.get_by_role("link", name="China's Repatriation Policy").click()
    expect(page.get_by_role("heading", name=re.compile(r"Quiz and answer key \(\d+ questions\)"))).to_be_visible()
    check_accessible(page)
    page.get_by_role("heading", name=re.compile("Quiz and answer key")).scroll_into_view_if_needed()
    page.screenshot(path=shots / "teacher-answer-key.png")
    page.get_by_role("link", name=re.compile("Period 3")).first.click()
    page.get_by_label(re.compile("China's Repatriation Policy")).check()
    page.get_by_label("Quiz attempts allowed").select_option("2")
    check_accessible(page)
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text(re.compile("Assigned “China's Repatriation Policy”"))).to_be_visible()


def test_student_reads_answers_by_keyboard_and_sees_the_evidence(live_server, page, shots):
    _, base = live_server
    sign_in(page, base, "kai.m", "maple-river-lantern-42")
    check_accessible(page)
    page.screenshot(path=shots / "student-dashboard.png")
    page.get_by_role("link", name="Why People Leave").first.click()
    check_accessible(page)
    page.get_by_role("button", name=re.compile("I've read “Voices”")).click()
    expect(page.get_by_text("You've read this section.").first).to_be_visible()
    page.get_by_role("button", name=re.compile("Start the quiz|Continue the quiz")).click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    page.wait_for_load_state("load")
    check_accessible(page)
    first = page.locator("fieldset[data-question]").first
    first.locator("input").first.focus()
    page.keyboard.press("Space")
    expect_saved(first)
    page.screenshot(path=shots / "student-quiz.png")
    page.reload()
    assert page.locator("fieldset[data-question]").first.locator("input").first.is_checked()
    page.get_by_role("button", name="Review and submit").click()
    total = len(load_content(texts_dir=None).quiz_for("why-people-leave").questions)
    expect(page.get_by_text(re.compile(rf"You have not answered {total - 1} of {total} questions"))).to_be_visible()
    check_accessible(page)
    page.get_by_role("button", name="Yes, submit my quiz").click()
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    assert page.locator(".evidence blockquote").count() >= 16
    check_accessible(page)
    page.screenshot(path=shots / "student-results.png")


def expect_saved(fieldset):
    expect(fieldset.locator(".q-status")).to_have_text(re.compile("Saved"), timeout=5000)


def test_answers_given_offline_are_kept_and_saved_on_reconnect(live_server, browser):
    app, base = live_server
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, "lena.w", "maple-river-lantern-42")
    page.get_by_role("link", name="Why People Leave").first.click()
    page.get_by_role("button", name=re.compile("Start the quiz|Continue the quiz")).click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    page.wait_for_load_state("load")
    context.set_offline(True)
    second = page.locator("fieldset[data-question]").nth(1)
    second.locator("input").first.check()
    expect(page.locator("#save-status")).to_contain_text("kept on this device", timeout=5000)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#save-status")).to_contain_text("All answers saved", timeout=10000)
    expect_saved(second)
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena.w"))
        saved = db.session.scalars(select(Response).join(Attempt).where(Attempt.student_id == lena.id)).all()
        assert len(saved) == 1
    context.close()


def test_no_page_asks_for_anything_off_this_machine(live_server, browser):
    _, base = live_server
    context = browser.new_context()
    outside = []
    context.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page = context.new_page()
    sign_in(page, base, "teacher@example.org", "crossings-demo")
    for path in ("/", "/teacher/lessons", "/lessons/the-route", "/timeline"):
        page.goto(base + path)
    context.close()
    assert [u for u in outside if not u.startswith(("data:", "about:"))] == []


@pytest.fixture(scope="session", autouse=True)
def _chromium_profile_cleanup():
    yield
    shutil.rmtree("/tmp/.org.chromium.Chromium", ignore_errors=True)


def html_pages(app, role: str) -> list[str]:
    """Every HTML page a teacher or a student of the demo class can open."""
    from webapp.models import Assignment, Classroom

    with app.app_context():
        classroom = db.session.scalar(select(Classroom).where(Classroom.name.like("Period 3%")))
        assignment = db.session.scalar(select(Assignment).where(Assignment.classroom_id == classroom.id)
                                       .order_by(Assignment.id))
        attempt = db.session.scalar(select(Attempt).where(Attempt.assignment_id == assignment.id,
                                                          Attempt.status == "submitted").order_by(Attempt.id))
        student_id = attempt.student_id
        if role == "teacher":
            c = classroom.id
            return ["/teacher/", f"/teacher/classes/{c}", f"/teacher/classes/{c}/progress",
                    f"/teacher/classes/{c}/assign", f"/teacher/classes/{c}/students/{student_id}",
                    f"/teacher/classes/{c}/students/{student_id}/remove", f"/teacher/attempts/{attempt.id}",
                    f"/teacher/classes/{c}/import", f"/teacher/classes/{c}/cards",
                    "/teacher/lessons", "/teacher/lessons/brokers-and-trafficking",
                    f"/teacher/reports/classes/{c}", f"/teacher/reports/classes/{c}/mastery",
                    f"/teacher/reports/assignments/{assignment.id}", "/teacher/packs/", "/teacher/exports/",
                    "/account/password"]
        return ["/student/", f"/student/assignments/{assignment.id}", "/student/progress",
                f"/student/attempts/{attempt.id}/results"]


@pytest.mark.parametrize("role, login_as", [("teacher", ("teacher@example.org", "crossings-demo")),
                                            ("student", ("ana.l", "maple-river-lantern-42"))])
def test_every_page_passes_axe(live_server, page, role, login_as):
    app, base = live_server
    sign_in(page, base, *login_as)
    checked = 0
    for path in html_pages(app, role):
        assert page.goto(base + path).status == 200, path
        check_accessible(page)
        checked += 1
    assert checked >= (15 if role == "teacher" else 4)


def test_teacher_previews_and_imports_a_roster_then_prints_the_cards(live_server, page, tmp_path, shots):
    _, base = live_server
    roster = tmp_path / "roster.csv"
    roster.write_bytes("\ufeffname,username,student number\nRosa Diaz,,9001\n\"Lee, Min-jun\",,9002\n,nobody,9004\n박서연,,9003\n"
                       .encode())
    sign_in(page, base, "teacher@example.org", "crossings-demo")
    page.get_by_label("Class name").fill("Import test")
    page.get_by_role("button", name=re.compile("Create", re.I)).click()
    page.get_by_role("link", name="Import a roster file").first.click()
    page.get_by_label(re.compile("Roster file")).set_input_files(str(roster))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("cell", name="roster.csv, line 4")).to_be_visible()
    expect(page.get_by_text("3 new students")).to_be_visible()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-import-preview.png", full_page=True)
    page.get_by_role("button", name="Import 3 students").click()
    expect(page.locator(".login-card")).to_have_count(3)
    expect(page.get_by_text("minjun.l", exact=True)).to_be_visible()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-login-cards.png", full_page=True)
    page.reload()
    expect(page.locator(".login-card")).to_have_count(0)
    page.get_by_role("link", name="Import test").click()
    expect(page.get_by_role("row")).to_have_count(4)  # the header and three students, once each
    page.screenshot(path=shots / "teacher-class-roster.png", full_page=True)
