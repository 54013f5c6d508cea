"""Signing in and out, sign-up, passwords: the security promises a school relies on."""
from __future__ import annotations

from factories import PASSWORD, csrf_token, login, make_classroom, make_student, make_teacher, post
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import User


def signup(client, **fields):
    data = {"display_name": "Ms. Kim", "email": "kim@example.org", "password": "a long passphrase",
            "confirm": "a long passphrase", **fields}
    return post(client, "/signup", data)


def test_teacher_signs_up_and_the_password_is_stored_as_argon2id(client):
    response = signup(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/teacher/")
    user = db.session.scalar(select(User).where(User.email == "kim@example.org"))
    assert user.password_hash.startswith("$argon2id$") and "a long passphrase" not in user.password_hash
    assert "m=19456,t=2,p=1" in user.password_hash


def test_bad_signup_re_renders_with_messages_and_creates_nothing(client):
    make_teacher("kim@example.org")
    response = signup(client, password="short", confirm="other")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Use 10 to 128 characters." in html and "An account with this email already exists" in html
    assert db.session.query(User).count() == 1


def test_signup_code_restricts_who_may_sign_up(app, client):
    app.config["TEACHER_SIGNUP_CODE"] = "district-42"
    assert "That sign-up code is not right" in signup(client, signup_code="guess").get_data(as_text=True)
    assert signup(client, signup_code="district-42").status_code == 302


def test_login_with_wrong_password_says_so_without_saying_which_part(client):
    make_teacher("kim@example.org")
    wrong_password = post(client, "/login", {"identifier": "kim@example.org", "password": "nope"})
    no_such_user = post(client, "/login", {"identifier": "ghost@example.org", "password": "nope"})
    for response in (wrong_password, no_such_user):
        assert response.status_code == 200
        assert "That sign-in and password don&#39;t match" in response.get_data(as_text=True)


def test_student_signs_in_with_username_and_passphrase(client):
    student = make_student(make_classroom(make_teacher()), "maria.k")
    login(client, student)
    assert client.get("/student/").status_code == 200


def test_logout_makes_the_old_session_cookie_useless(client):
    teacher = make_teacher()
    login(client, teacher)
    stolen = client.get_cookie("session").value
    assert post(client, "/logout").status_code == 302
    client.set_cookie("session", stolen)
    assert client.get("/teacher/").status_code == 302  # back to the login page


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client):
    teacher = make_teacher()
    other_device = app.test_client()
    login(other_device, teacher)
    login(client, teacher)
    response = post(client, "/account/password", {"current": PASSWORD, "password": "a brand new phrase",
                                                  "confirm": "a brand new phrase"})
    assert response.status_code == 302
    assert client.get("/teacher/").status_code == 200
    assert other_device.get("/teacher/").status_code == 302


def test_wrong_current_password_changes_nothing(client):
    teacher = make_teacher()
    login(client, teacher)
    before = teacher.password_hash
    response = post(client, "/account/password", {"current": "wrong", "password": "a brand new phrase",
                                                  "confirm": "a brand new phrase"})
    assert "That is not your current password." in response.get_data(as_text=True)
    db.session.refresh(teacher)
    assert teacher.password_hash == before


def test_post_without_csrf_token_is_refused_and_changes_nothing(client):
    teacher = make_teacher()
    login(client, teacher)
    response = client.post("/teacher/classes", data={"name": "Sneaky"})
    assert response.status_code == 400
    assert "This form had expired" in response.get_data(as_text=True)
    response = client.post("/logout")
    assert response.status_code == 400 and client.get("/teacher/").status_code == 200


def test_next_only_redirects_within_this_site(client):
    teacher = make_teacher()
    for target, expected in (("/teacher/lessons", "/teacher/lessons"), ("https://evil.example/x", "/"),
                             ("//evil.example/x", "/"), ("/\\evil.example", "/")):
        response = post(client, f"/login?next={target}", {"identifier": teacher.email, "password": PASSWORD})
        assert response.headers["Location"] == expected, target
        post(client, "/logout")


def test_login_is_rate_limited_per_account(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    teacher = make_teacher()
    token = csrf_token(client)
    codes = [client.post("/login", data={"csrf_token": token, "identifier": teacher.email,
                                          "password": "guess"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "Too many tries" in client.post("/login", data={"csrf_token": token, "identifier": teacher.email,
                                                            "password": PASSWORD}).get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(client):
    response = post(client, "/login", {"identifier": make_teacher().email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_join_by_code_only_when_the_teacher_allows_it(client):
    classroom = make_classroom(make_teacher(), join_code="ABC234")
    refused = post(client, "/join", {"join_code": "abc234", "display_name": "New Kid"}).get_data(as_text=True)
    assert "not taking new students right now" in refused and "turn joining on" in refused
    assert "No class accepts" not in refused and "Period 1" not in refused  # nothing else about the class
    unknown = post(client, "/join", {"join_code": "ZZZ999", "display_name": "New Kid"})
    assert "No class accepts that code" in unknown.get_data(as_text=True)
    classroom.allow_join = True
    db.session.commit()
    joined = post(client, "/join", {"join_code": "abc234", "display_name": "New Kid"})
    html = joined.get_data(as_text=True)
    assert "You joined Period 1" in html and "new.k" in html
    assert client.get("/student/").status_code == 200


def test_unknown_accounts_cost_the_same_password_check_as_real_ones(monkeypatch, client):
    from webapp import accounts

    calls = []
    real = accounts.HASHER

    class CountingHasher:
        def verify(self, hash_, password):
            calls.append(hash_)
            return real.verify(hash_, password)

    monkeypatch.setattr(accounts, "HASHER", CountingHasher())
    make_teacher("kim@example.org")
    post(client, "/login", {"identifier": "kim@example.org", "password": "wrong"})
    post(client, "/login", {"identifier": "nobody@example.org", "password": "wrong"})
    assert len(calls) == 2 and all(h.startswith("$argon2id$") for h in calls)


def test_signing_in_starts_a_new_session(client):
    teacher = make_teacher()
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    login(client, teacher)
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"].startswith(f"{teacher.id}:")


def test_login_is_rate_limited_per_address_too(app, client):
    app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"] = "3 per minute"
    token = csrf_token(client)
    codes = [client.post("/login", data={"csrf_token": token, "identifier": f"user{i}@example.org",
                                          "password": "guess"}).status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_wrong_signup_code_does_not_say_whether_the_email_has_an_account(app, client):
    """Security probe finding 4: /signup revealed which emails exist, even with a wrong code."""
    app.config["TEACHER_SIGNUP_CODE"] = "district-42"
    make_teacher("kim@example.org")
    html = signup(client, signup_code="guess").get_data(as_text=True)
    assert "That sign-up code is not right" in html and "already exists" not in html


def test_signup_code_guesses_are_rate_limited(app, client):
    app.config["TEACHER_SIGNUP_CODE"] = "district-42"
    codes = [signup(client, email=f"t{i}@example.org", signup_code=f"guess-{i}").status_code for i in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]
    assert db.session.query(User).count() == 0


def test_production_without_a_signup_code_has_signup_closed(app, client):
    app.config["SIGNUP_NEEDS_CODE"] = True  # what CROSSINGS_ENV=production sets
    page = client.get("/signup").get_data(as_text=True)
    assert "Teacher sign-up is closed on this server" in page and 'name="password"' not in page
    assert signup(client).status_code == 403 and db.session.query(User).count() == 0


def test_join_while_signed_in_asks_before_switching_accounts(client):
    """/join while signed in made a second account and switched to it silently (tour, friction 10)."""
    classroom = make_classroom(make_teacher(), join_code="ABC234", allow_join=True)
    student = make_student(classroom, "ann.a", name="Ann A")
    login(client, student)
    page = client.get("/join").get_data(as_text=True)
    assert "You are signed in as Ann A" in page and "signs you out of Ann A" in page
    assert 'name="join_code"' not in page and "Continue" in page and "Cancel" in page
    before = db.session.scalar(select(db.func.count()).select_from(User))
    response = post(client, "/join", {"join_code": "abc234", "display_name": "New Kid"})
    assert "You are signed in as Ann A" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(User)) == before, "no account made"
    assert client.get("/student/").status_code == 200, "still Ann"
    continued = post(client, "/logout", {"next": "/join"})
    assert continued.status_code == 302 and continued.headers["Location"].endswith("/join")
    assert 'name="join_code"' in client.get("/join").get_data(as_text=True)
