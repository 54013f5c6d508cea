"""Time zones and assignment changes in a real browser: the sign-up form takes the browser's zone,
and the new teacher pages pass axe."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from test_browser import browser, check_accessible, live_server, shots, sign_in  # noqa: F401  (fixtures)

from webapp.extensions import db
from webapp.models import Assignment, Classroom

pytestmark = [pytest.mark.browser]


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Asia/Seoul"])
def test_sign_up_starts_in_the_browsers_time_zone(live_server, browser, zone):
    _, base = live_server
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    page.goto(f"{base}/signup")
    expect(page.get_by_label("Your time zone")).to_have_value(zone)
    check_accessible(page)
    context.close()


def test_change_an_assignment_and_give_one_student_more_time(live_server, browser, shots):
    app, base = live_server
    context = browser.new_context(viewport={"width": 1200, "height": 900}, timezone_id="America/Los_Angeles")
    page = context.new_page()
    sign_in(page, base, "teacher@example.org", "crossings-demo")
    page.goto(f"{base}/teacher/settings")
    check_accessible(page)
    page.get_by_label("Your time zone").select_option("America/Los_Angeles")
    page.get_by_role("button", name="Save").click()
    with app.app_context():
        assignment = db.session.scalar(select(Assignment).join(Classroom).where(
            Classroom.name.like("Period 3%"), Assignment.lesson_id == "the-route"))
        assignment_id = assignment.id
    page.goto(f"{base}/teacher/assignments/{assignment_id}/edit")
    check_accessible(page)
    page.screenshot(path=shots / "teacher-edit-assignment.png", full_page=True)
    page.get_by_label("Due date (optional)").fill("2030-12-10")
    page.get_by_label("Due time (optional)").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text(re.compile(r"Tue 10 Dec 2030, 11:59 pm \(Los Angeles time\)")).first).to_be_visible()
    page.goto(f"{base}/teacher/assignments/{assignment_id}/exceptions")
    check_accessible(page)
    page.screenshot(path=shots / "teacher-exceptions.png", full_page=True)
    page.get_by_label("Ana L", exact=False).first.check()
    page.get_by_label("Extra quiz attempts").select_option("1")
    page.get_by_role("button", name="Save for the ticked students").click()
    expect(page.get_by_text("+1 attempt").first).to_be_visible()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-progress-exceptions.png", full_page=True)
    page.goto(f"{base}/teacher/")
    page.get_by_role("link", name=re.compile("Period 3")).first.click()
    page.screenshot(path=shots / "teacher-class-assignments.png", full_page=True)
    page.get_by_role("link", name="Assign lessons").first.click()
    check_accessible(page)
    page.screenshot(path=shots / "teacher-assign.png", full_page=True)
    context.close()
