"""A launch from the (emulated) LMS in a real browser over HTTPS: Deep Linking end to end, and axe on
the LTI pages (the lesson picker, a refused launch, the LMS registration page)."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import ARGS, CHROMIUM, check_accessible, sign_in
from test_lti import lms  # noqa: F401 - the running Crossings and emulated LMS

from webapp.extensions import db
from webapp.models import Assignment, User
from webapp.models.accounts import TEACHER

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                                 "(apt-get install chromium); browser tests skipped")]


@pytest.fixture
def browser_context():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_context(ignore_https_errors=True)  # the run's throwaway certificate
        browser.close()


@pytest.fixture
def page(lms, browser_context):
    return browser_context.new_page()


def test_a_teacher_launches_from_the_lms_and_adds_a_lesson(lms, page):
    page.goto(lms.platform.launch_url("teacher-1", deep_link=True))
    page.wait_for_url("**/lti/pick")
    assert page.get_by_role("heading", name="Choose lessons for your course").is_visible()
    check_accessible(page)
    page.get_by_label("Why People Leave", exact=False).check()
    page.get_by_role("button", name="Add to my course").click()
    page.wait_for_url(lms.platform.url + "/deep_link_return")  # the reply posted itself to the LMS
    assert "1 item(s) added to the course." in page.content()
    with lms.app.app_context():
        assert db.session.query(Assignment).count() == 1


def test_the_refused_launch_and_registration_pages_pass_axe(lms, page):
    response = page.goto(lms.tool + "/lti/login")
    assert response.status == 400 and "This isn't a launch Crossings can read" in page.content()
    check_accessible(page)
    from webapp.accounts import hash_password

    with lms.app.app_context():
        lms.app.config["CROSSINGS_ADMINS"] = "head@example.org"
        db.session.add(User(role=TEACHER, email="head@example.org", display_name="Head",
                            password_hash=hash_password("crossings-admin")))
        db.session.commit()
    sign_in(page, lms.tool, "head@example.org", "crossings-admin")
    assert page.goto(lms.tool + "/lti/admin").status == 200
    assert "Test LMS" in page.content()
    check_accessible(page)


@pytest.fixture
def cross_site_lms(tmp_path, monkeypatch):
    from lti_platform import running_lms
    from test_lti import Lms

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "loopback.pem"))  # tests only
    with running_lms(tmp_path, Lms, platform_host="localhost") as running:
        yield running


def test_a_launch_inside_the_lms_iframe_works_cross_site(cross_site_lms, browser_context):
    """The LMS (localhost) frames Crossings (127.0.0.1), another site: the state cookie, the launched
    session's cookie and the frame permission must all hold for the picker to work in the frame."""
    lms = cross_site_lms
    page = browser_context.new_page()
    page.goto(f"{lms.platform.url}/course?user=teacher-1&dl=1")
    frame = page.frame_locator("iframe[title=Crossings]")
    frame.get_by_role("heading", name="Choose lessons for your course").wait_for()
    frame.get_by_label("Why People Leave", exact=False).check()
    frame.get_by_role("button", name="Add to my course").click()
    frame.get_by_text("1 item(s) added to the course.").wait_for()
    assert len(lms.platform.received.deep_link_items) == 1
