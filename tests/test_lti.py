"""LTI 1.3 end to end, without a real LMS: Crossings and an emulated LMS (lti1p3platform) on loopback
over HTTPS, driven like a browser (requests keeps the cookies): OIDC login, launch, Deep Linking,
a score posted to the LMS gradebook, the roster from the LMS; and every bad launch refused."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from html import unescape

import pytest
import requests
from factories import PROJECT
from lti_platform import DEPLOYMENT, LEARNER, Platform, running_lms
from sqlalchemy import func, select

from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Assignment, Classroom, Enrollment, LtiAssignment, LtiNonce, LtiScore, LtiUser, User

FORM_FIELD = re.compile(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"')
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Lms:
    app: object
    platform: Platform
    tool: str
    cert: str

    def browser(self) -> requests.Session:
        session = requests.Session()
        session.verify = self.cert
        session.headers["Referer"] = self.tool + "/"  # Flask-WTF checks it over HTTPS, as a browser sends it
        return session

    def launch_form(self, browser, user: str, deep_link: bool = False, resource: str = "") -> tuple[str, dict]:
        """OIDC login through to the platform's auto-posting form: (where it posts, its fields)."""
        page = browser.get(self.platform.launch_url(user, deep_link, resource), timeout=30)
        assert page.status_code == 200, page.text[:500]
        action = re.search(r'action="([^"]+)"', page.text).group(1)
        return action, dict(FORM_FIELD.findall(page.text))

    def launch(self, browser, user: str, deep_link: bool = False, resource: str = "") -> requests.Response:
        action, fields = self.launch_form(browser, user, deep_link, resource)
        return browser.post(action, data=fields, allow_redirects=False, timeout=30)

    def counts(self) -> dict:
        with self.app.app_context():
            return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
                    for m in (User, Classroom, Enrollment, LtiUser, LtiNonce, Assignment)}


@pytest.fixture
def lms(tmp_path, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "loopback.pem"))  # tests only: trust the throwaway cert
    with running_lms(tmp_path, Lms) as running:
        yield running


def csrf_of(page: requests.Response) -> str:
    return CSRF.search(page.text).group(1)


def deep_link(lms: Lms, teacher, lessons: list[str]) -> list[dict]:
    """The teacher adds lessons to the course from the LMS; returns what the LMS received."""
    landed = lms.launch(teacher, "teacher-1", deep_link=True)
    assert landed.status_code == 302 and landed.headers["Location"].endswith("/lti/pick")
    picker = teacher.get(lms.tool + "/lti/pick", timeout=30)
    assert picker.status_code == 200 and "Choose lessons for your course" in picker.text
    reply = teacher.post(lms.tool + "/lti/pick", data={"csrf_token": csrf_of(picker), "lesson": lessons}, timeout=30)
    assert reply.status_code == 200
    return_url = unescape(re.search(r'<form method="post" action="([^"]+)" id="deep-link-return"', reply.text).group(1))
    jwt = re.search(r'name="JWT" value="([^"]+)"', reply.text).group(1)
    assert "form-action 'self' " + lms.platform.url in reply.headers["Content-Security-Policy"]
    added = teacher.post(return_url, data={"JWT": jwt}, timeout=30)
    assert added.status_code == 200, added.text[:300]
    return lms.platform.received.deep_link_items


def answer_first_question_and_submit(lms: Lms, student, landed: requests.Response) -> None:
    reading = student.get(lms.tool + landed.headers["Location"], timeout=30)
    assert reading.status_code == 200
    started = student.post(lms.tool + re.search(r'action="([^"]*/start)"', reading.text).group(1),
                           data={"csrf_token": csrf_of(reading)}, allow_redirects=False, timeout=30)
    quiz_url = lms.tool + started.headers["Location"]
    quiz = student.get(quiz_url, timeout=30)
    question = get_content(PROJECT).quiz_for("why-people-leave").questions[0]
    form = {"csrf_token": csrf_of(quiz), **question.to_fields(question.correct_answer())}
    assert student.post(quiz_url, data=form, allow_redirects=False, timeout=30).status_code == 302
    submitted = student.post(quiz_url + "/submit", data={"csrf_token": csrf_of(quiz)}, allow_redirects=False,
                             timeout=30)
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/results")


def wait_for(check, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("waited in vain")


def test_launch_deep_link_score_and_roster_end_to_end(lms):
    teacher, student = lms.browser(), lms.browser()
    items = deep_link(lms, teacher, ["why-people-leave"])
    assert len(items) == 1
    item = items[0]
    assert item["type"] == "ltiResourceLink" and item["url"] == lms.tool + "/lti/launch"
    assert item["lineItem"]["scoreMaximum"] == len(get_content(PROJECT).quiz_for("why-people-leave").questions)
    with lms.app.app_context():
        room = db.session.scalar(select(Classroom))
        assert room.name == "World History 10"  # the class made on the first launch from the course
        assignment = db.session.scalar(select(Assignment))
        assert assignment.classroom_id == room.id and assignment.lesson_id == "why-people-leave"
        assert item["custom"] == {"crossings_assignment": str(assignment.id)}
        # the deep-linking launch also brought in the course's roster (at most hourly)
        assert sorted(u.display_name for u in db.session.scalars(
            select(User).join(Enrollment, Enrollment.student_id == User.id))) == ["Ana Lee", "Ben Ortiz"]

    landed = lms.launch(student, "student-1", resource="link-1")
    assert landed.status_code == 302 and landed.headers["Location"] == f"/student/assignments/{assignment.id}"
    answer_first_question_and_submit(lms, student, landed)

    wait_for(lambda: lms.platform.received.scores)
    score = lms.platform.received.scores[0]
    assert score["userId"] == "student-1" and score["lineitem"] == "1"
    assert score["scoreGiven"] == 1.0 and score["scoreMaximum"] == item["lineItem"]["scoreMaximum"]
    assert score["gradingProgress"] == "FullyGraded" and score["activityProgress"] == "Completed"

    with lms.app.app_context():
        # the student who launched is the one the roster sync made: one account, no duplicate
        assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "student")) == 2
        assert db.session.scalar(select(LtiAssignment.lineitem_url)) == lms.platform.url + "/lineitems/1"


def test_a_score_survives_a_platform_that_fails_twice(lms):
    teacher, student = lms.browser(), lms.browser()
    deep_link(lms, teacher, ["why-people-leave"])
    lms.platform.fail_scores = 2
    answer_first_question_and_submit(lms, student, lms.launch(student, "student-1", resource="link-1"))
    wait_for(lambda: lms.platform.received.scores)
    assert lms.platform.received.score_tries == 3
    assert [s["userId"] for s in lms.platform.received.scores] == ["student-1"]


    def marked_sent():
        with lms.app.app_context():
            row = db.session.scalar(select(LtiScore))
            return row.sent_at is not None and row.tries == 3 and row.last_error == ""

    wait_for(marked_sent)


def test_the_roster_button_adds_new_learners_and_never_duplicates(lms):
    teacher = lms.browser()
    deep_link(lms, teacher, ["why-people-leave"])
    with lms.app.app_context():
        room_id = db.session.scalar(select(Classroom.id))
    page = teacher.get(f"{lms.tool}/teacher/classes/{room_id}", timeout=30)
    assert "Update the roster from the LMS" in page.text
    lms.platform.members.append({"user_id": "student-3", "name": "Chloe Nguyen", "roles": [LEARNER]})
    for _ in range(2):
        synced = teacher.post(f"{lms.tool}/lti/classes/{room_id}/roster", data={"csrf_token": csrf_of(page)},
                              timeout=30)
        assert synced.status_code == 200
    assert "Roster updated from the LMS: 0 new student(s), 0 added" in synced.text
    with lms.app.app_context():
        names = sorted(db.session.scalars(select(User.display_name).where(User.role == "student")))
        assert names == ["Ana Lee", "Ben Ortiz", "Chloe Nguyen"]
        assert db.session.scalar(select(func.count()).select_from(Enrollment)) == 3


def test_a_teacher_lands_in_the_class_and_a_student_has_no_passphrase(lms):
    teacher = lms.browser()
    deep_link(lms, teacher, ["why-people-leave"])
    landed = lms.launch(lms.browser(), "teacher-1", resource="link-1")
    with lms.app.app_context():
        room_id = db.session.scalar(select(Classroom.id))
        student = db.session.scalar(select(User).where(User.display_name == "Ana Lee"))
        from webapp.accounts import check_password

        assert not check_password(student, "")  # no passphrase anyone was told
    assert landed.headers["Location"] == f"/teacher/classes/{room_id}"


def refused(response: requests.Response, code: int, words: str) -> None:
    assert response.status_code == code, response.text[:300]
    assert words in response.text and "Traceback" not in response.text
    assert "Nothing was changed in Crossings." in response.text


@pytest.mark.parametrize("override, words", [
    ({"iss": "https://lms.example.org"}, "This LMS is not registered with Crossings"),
    ({"aud": "somebody-else"}, "This LMS is not registered with Crossings"),
    ({"deployment_id": "deployment-9"}, "This LMS deployment is not registered"),
], ids=["wrong issuer", "wrong audience", "unknown deployment"])
def test_a_launch_from_the_wrong_place_is_refused_and_changes_nothing(lms, override, words):
    lms.platform.overrides = override
    before = lms.counts()
    refused(lms.launch(lms.browser(), "teacher-1", deep_link=True), 403, words)
    assert lms.counts() == before


def test_an_expired_launch_is_refused(lms):
    lms.platform.expires_in = -60
    before = lms.counts()
    refused(lms.launch(lms.browser(), "teacher-1", deep_link=True), 403, "This launch has expired")
    assert lms.counts() == before


def test_a_replayed_launch_is_refused(lms):
    browser = lms.browser()
    action, fields = lms.launch_form(browser, "teacher-1", deep_link=True)
    assert browser.post(action, data=fields, allow_redirects=False, timeout=30).status_code == 302
    before = lms.counts()
    refused(browser.post(action, data=fields, allow_redirects=False, timeout=30), 403,
            "This launch was already used")
    assert lms.counts() == before


def test_a_launch_without_the_state_cookie_offers_a_new_window(lms):
    browser = lms.browser()
    action, fields = lms.launch_form(browser, "teacher-1", deep_link=True)
    browser.cookies.clear()  # what a browser that blocks cookies in the LMS iframe sends
    before = lms.counts()
    page = browser.post(action, data=fields, allow_redirects=False, timeout=30)
    refused(page, 403, "Your browser blocked Crossings inside the LMS page")
    assert "frame-ancestors https:" in page.headers["Content-Security-Policy"]  # shown inside the LMS page
    new_window = unescape(re.search(r'href="([^"]+)" target="_blank"', page.text).group(1))
    assert new_window.startswith(lms.tool + "/lti/login?") and "login_hint=teacher-1" in new_window
    assert lms.counts() == before
    # the new window does the launch again, where the cookie is first-party
    again = browser.get(new_window, allow_redirects=True, timeout=30)
    action, fields = re.search(r'action="([^"]+)"', again.text).group(1), dict(FORM_FIELD.findall(again.text))
    assert browser.post(action, data=fields, allow_redirects=False, timeout=30).status_code == 302


def test_a_launch_from_an_unregistered_lms_is_refused_at_login(lms):
    page = lms.browser().get(f"{lms.tool}/lti/login", params={"iss": "https://nobody.example", "login_hint": "x",
                                                              "target_link_uri": lms.tool + "/lti/launch"}, timeout=30)
    refused(page, 403, "This LMS is not registered with Crossings")


def test_the_jwks_publishes_the_old_key_after_a_rotation(lms):
    first = requests.get(lms.tool + "/lti/jwks", verify=lms.cert, timeout=30).json()["keys"]
    result = lms.app.test_cli_runner().invoke(args=["lti", "rotate-key"])
    assert result.exit_code == 0 and "New signing key" in result.output
    after = requests.get(lms.tool + "/lti/jwks", verify=lms.cert, timeout=30).json()["keys"]
    assert len(first) == 1 and len(after) == 2 and first[0]["kid"] in {k["kid"] for k in after}
    # the new key signs: a Deep Linking reply after the rotation still checks at the LMS
    assert deep_link(lms, lms.browser(), ["why-people-leave"])


def test_deployment_ids_are_what_the_lms_sent(lms):
    with lms.app.app_context():
        from webapp.models import LtiPlatform

        assert db.session.scalar(select(LtiPlatform.deployment_ids)) == [DEPLOYMENT]


def test_only_a_launched_session_may_live_in_the_lms_frame(lms):
    landed = lms.launch(lms.browser(), "teacher-1", deep_link=True)
    session_cookie = next(c for c in landed.raw.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "SameSite=None" in session_cookie and "Secure" in session_cookie and "Partitioned" in session_cookie
    assert f"frame-ancestors 'self' {lms.platform.url}" in landed.headers["Content-Security-Policy"]
    # a browser that signed in with a password keeps the strict defaults
    plain = lms.browser()
    login_page = plain.get(lms.tool + "/login", timeout=30)
    assert "frame-ancestors 'none'" in login_page.headers["Content-Security-Policy"]
    assert "SameSite=Lax" in login_page.headers.get("Set-Cookie", "SameSite=Lax")


def test_a_score_that_waited_through_a_restart_goes_at_the_first_request(lms):
    from webapp.models import LtiPlatform

    with lms.app.app_context():
        db.session.add(LtiScore(platform_id=db.session.scalar(select(LtiPlatform.id)), sub="student-2",
                                lineitem_url=lms.platform.url + "/lineitems/9", score_given=5, score_maximum=16,
                                activity_progress="Completed", grading_progress="FullyGraded"))
        db.session.commit()
    assert requests.get(lms.tool + "/healthz", verify=lms.cert, timeout=30).status_code == 200
    wait_for(lambda: lms.platform.received.scores)
    assert lms.platform.received.scores[0]["userId"] == "student-2"
    assert lms.platform.received.scores[0]["lineitem"] == "9"


def test_launches_crossings_cannot_place_are_refused_and_change_nothing(lms):
    mentor = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"
    instructor = LEARNER.replace("Learner", "Instructor")
    lms.platform.members += [{"user_id": "teacher-2", "name": "Co Teacher", "roles": [instructor]},
                             {"user_id": "parent-1", "name": "A Parent", "roles": [mentor]}]
    before = lms.counts()
    refused(lms.launch(lms.browser(), "student-1", deep_link=True), 403, "set up Crossings in this course yet")
    refused(lms.launch(lms.browser(), "parent-1", deep_link=True), 403, "Crossings is for teachers and students")
    assert lms.counts() == before
    assert lms.launch(lms.browser(), "teacher-1", deep_link=True).status_code == 302
    before = lms.counts()
    refused(lms.launch(lms.browser(), "teacher-2", deep_link=True), 403, "belongs to another teacher")
    assert lms.counts() == before
