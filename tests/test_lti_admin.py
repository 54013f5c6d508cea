"""The LMS registration page and CLI, who is an admin, the score outbox's retries, launch claims:
the parts of LTI that need no LMS on the other end."""
from __future__ import annotations

from datetime import timedelta

from factories import login, make_platform, make_teacher, post
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.lti import outbox
from webapp.lti.launch import read_claims
from webapp.models import LtiPlatform, LtiScore
from webapp.models.base import utcnow

FORM = {"name": "District Canvas", "issuer": "https://canvas.instructure.com", "client_id": "10000000000001",
        "deployment_ids": "1:abc\n2:def\n1:abc", "key_set_url": "https://sso.canvaslms.com/api/lti/security/jwks",
        "token_url": "https://sso.canvaslms.com/login/oauth2/token",
        "auth_url": "https://sso.canvaslms.com/api/lti/authorize_redirect"}


def admin(app, client):
    teacher = make_teacher("head@example.org")
    app.config["CROSSINGS_ADMINS"] = "someone@example.org, HEAD@example.org"
    login(client, teacher)
    return teacher


def test_an_admin_registers_an_lms_on_the_page(app, client):
    admin(app, client)
    page = client.get("/lti/admin").get_data(as_text=True)
    assert "https://localhost/lti/login" in page.replace("http://", "https://") and "/lti/jwks" in page
    assert post(client, "/lti/admin", FORM).status_code == 302
    assert "Saved the registration for District Canvas." in client.get("/lti/admin").get_data(as_text=True)
    platform = db.session.scalar(select(LtiPlatform))
    assert platform.deployment_ids == ["1:abc", "2:def"] and platform.client_id == "10000000000001"


def test_a_registration_missing_a_url_is_refused_with_a_message_and_nothing_saved(app, client):
    admin(app, client)
    response = post(client, "/lti/admin", {**FORM, "token_url": "sso.canvaslms.com/token"})
    assert response.status_code == 400
    assert "The token URL must be a full web address" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(LtiPlatform)) == 0


def test_a_teacher_who_is_not_an_admin_cannot_see_or_change_registrations(app, client):
    platform = make_platform()
    app.config["CROSSINGS_ADMINS"] = "head@example.org"
    login(client, make_teacher("plain@example.org"))
    assert client.get("/lti/admin").status_code == 403
    assert post(client, "/lti/admin", FORM).status_code == 403
    assert post(client, f"/lti/admin/platforms/{platform.id}/remove").status_code == 403
    assert db.session.scalars(select(LtiPlatform.issuer)).all() == ["https://lms.example.org"]


def test_an_admin_removes_a_registration(app, client):
    admin(app, client)
    platform = make_platform()
    post(client, f"/lti/admin/platforms/{platform.id}/remove")
    assert db.session.scalar(select(func.count()).select_from(LtiPlatform)) == 0


def test_the_cli_registers_and_updates_a_platform(app):
    args = ["lti", "add-platform", "--issuer", "https://moodle.example.edu", "--client-id", "abc",
            "--deployment-id", "1", "--key-set-url", "https://moodle.example.edu/mod/lti/certs.php",
            "--token-url", "https://moodle.example.edu/mod/lti/token.php",
            "--auth-url", "https://moodle.example.edu/mod/lti/auth.php"]
    runner = app.test_cli_runner()
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=[*args, "--deployment-id", "2"])
    assert result.exit_code == 0 and "Registered moodle.example.edu" in result.output
    assert db.session.scalars(select(LtiPlatform.deployment_ids)).all() == [["1", "2"]]
    bad = runner.invoke(args=[a if a != "https://moodle.example.edu/mod/lti/token.php" else "token.php" for a in args])
    assert bad.exit_code != 0 and "must be a full web address" in bad.output


def test_a_failed_score_waits_longer_each_time_and_is_never_dropped(app, monkeypatch):
    platform = make_platform()
    app.config["LTI_RETRY_SECONDS"] = 30
    db.session.add(LtiScore(platform_id=platform.id, lineitem_url="https://lms.example.org/li/1", sub="s1",
                            score_given=3, score_maximum=4, activity_progress="Completed",
                            grading_progress="FullyGraded"))
    db.session.commit()

    def down(score):
        raise ConnectionError("the LMS is down")

    monkeypatch.setattr(outbox.services, "post_score", down)
    waits = []
    for _ in range(4):
        db.session.execute(LtiScore.__table__.update().values(next_try_at=utcnow()))
        db.session.commit()
        assert outbox.send_due() == 0
        row = db.session.scalar(select(LtiScore))
        waits.append(round((row.next_try_at - utcnow()).total_seconds() / 30))
        assert row.last_error == "the LMS is down" and row.sent_at is None
    assert waits == [1, 2, 4, 8]
    assert outbox.backoff(30) == timedelta(hours=1)  # never longer than an hour, never given up
    monkeypatch.setattr(outbox.services, "post_score", lambda score: None)
    db.session.execute(LtiScore.__table__.update().values(next_try_at=utcnow()))
    db.session.commit()
    assert outbox.send_due() == 1 and db.session.scalar(select(LtiScore.sent_at)) is not None


def test_roles_decide_teacher_or_student():
    base = {"iss": "i", "aud": ["c"], "sub": "u", "nonce": "n", "exp": 1}
    role = "https://purl.imsglobal.org/spec/lti/claim/roles"
    ta = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
    assert read_claims({**base, role: [ta]}).is_instructor
    learner = read_claims({**base, role: ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]})
    assert learner.is_learner and not learner.is_instructor
    # an institution role alone (staff, not in this course) is neither
    staff = read_claims({**base, role: ["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"]})
    assert not staff.is_instructor and not staff.is_learner


def test_the_token_request_is_addressed_where_the_lms_says(app):
    from webapp.lti.toolconf import registration

    canvas = make_platform()
    brightspace = make_platform("https://school.brightspace.com")
    brightspace.token_audience = "https://api.brightspace.com/auth/token"
    db.session.commit()
    assert registration(canvas).get_auth_audience() == "https://lms.example.org/token"
    assert registration(brightspace).get_auth_audience() == "https://api.brightspace.com/auth/token"


def test_an_lms_students_link_is_exported_and_goes_with_the_student(app, client):
    from factories import make_classroom, make_student

    from webapp.models import LtiUser

    teacher = make_teacher()
    room = make_classroom(teacher)
    student = make_student(room, "ana.l")
    db.session.add(LtiUser(issuer=make_platform().issuer, sub="lms-user-7", user_id=student.id))
    db.session.commit()
    login(client, teacher)
    exported = client.get(f"/teacher/classes/{room.id}/students/{student.id}/export").get_json()
    assert exported["lms_accounts"] == [{"lms": "https://lms.example.org", "lms_user_id": "lms-user-7"}]
    post(client, f"/teacher/classes/{room.id}/students/{student.id}/remove", {"delete_work": "delete"})
    assert db.session.scalar(select(func.count()).select_from(LtiUser)) == 0


def test_a_submit_queues_one_score_only_for_an_lms_assignment(app, monkeypatch):
    from factories import make_assignment, make_attempt, make_classroom, make_student

    from webapp.models import LtiAssignment, LtiCourse, LtiUser

    monkeypatch.setattr(outbox, "wake", lambda: None)
    teacher = make_teacher()
    room = make_classroom(teacher)
    student = make_student(room, "ana.l")
    platform = make_platform()
    course = LtiCourse(platform_id=platform.id, context_id="course-1", classroom_id=room.id)
    db.session.add_all([course, LtiUser(issuer=platform.issuer, sub="lms-ana", user_id=student.id)])
    db.session.commit()
    linked, plain = make_assignment(room), make_assignment(room, "brokers-and-trafficking")
    db.session.add(LtiAssignment(assignment_id=linked.id, course_id=course.id, lineitem_url="https://lms/li/1"))
    done = {"status": "submitted", "score": 3.0, "max_score": 16.0}
    attempts = [make_attempt(linked, student, **done), make_attempt(plain, student, **done)]
    for attempt in attempts + attempts:  # each submitted twice
        outbox.after_submit(attempt.id)
    rows = db.session.scalars(select(LtiScore)).all()
    assert [(r.sub, r.score_given, r.score_maximum, r.lineitem_url) for r in rows] == [
        ("lms-ana", 3.0, 16.0, "https://lms/li/1")]


def test_lms_logins_are_limited_per_address(app, client):
    app.config["LTI_LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [client.get("/lti/login?iss=https://nobody.example&login_hint=x").status_code for _ in range(4)]
    assert codes == [403, 403, 403, 429]


def test_two_registrations_of_one_lms_do_not_share_an_access_token(app):
    from webapp.lti.services import SCORE_SCOPE, _connector

    one, two = make_platform(client_id="one"), make_platform(client_id="two")
    assert _connector(one)._scope_key([SCORE_SCOPE]) != _connector(two)._scope_key([SCORE_SCOPE])


def test_a_teacher_who_is_not_an_admin_is_told_who_the_page_is_for(app, client):
    login(client, make_teacher("plain@example.org"))
    response = client.get("/lti/admin")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "belongs to someone else" not in page
    assert "administrators who register" in page and "CROSSINGS_ADMINS" in page and "docs/lms.md" in page
