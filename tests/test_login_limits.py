"""Sign-in limits slow guessers down without letting anyone lock a student out (security findings 2 and 12).

The probe: ten wrong tries with a student's username (printed on login cards) made the real
student's correct sign-in fail with 429 for as long as the attacker kept going; the limit counted
correct sign-ins too; 196 made-up sign-ins locked out a whole school behind one address; and a
JSON body slipped past the per-account key.
"""
from __future__ import annotations

import re

import pytest
from factories import PASSWORD, csrf_token, login, make_classroom, make_student, make_teacher, post

from webapp import create_app
from webapp.config import ConfigError


def tries(client, identifier, password, count, as_json=False):
    token = csrf_token(client)
    data = {"csrf_token": token, "identifier": identifier, "password": password}
    if as_json:
        return [client.post("/login", json=data, headers={"X-CSRFToken": token}).status_code for _ in range(count)]
    return [client.post("/login", data=data).status_code for _ in range(count)]


def test_someone_elses_failures_do_not_block_a_students_usual_device(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    student = make_student(make_classroom(make_teacher()), "ann.a")
    login(client, student)  # the student's own laptop has signed in before
    post(client, "/logout")
    attacker = app.test_client()
    assert tries(attacker, "ann.a", "guess", 5)[-1] == 429
    assert tries(client, "ann.a", PASSWORD, 1) == [302]


def test_correct_sign_ins_are_not_counted(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    teacher = make_teacher()
    for _ in range(6):
        assert tries(client, teacher.email, PASSWORD, 1) == [302]
        post(client, "/logout")


def test_a_classful_of_made_up_names_from_one_address_does_not_lock_out_the_school(app, client):
    app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"] = "3 per minute"
    student = make_student(make_classroom(make_teacher()), "ann.a")
    login(client, student)
    post(client, "/logout")
    attacker = app.test_client()
    assert [tries(attacker, f"nobody{i}", "guess", 1)[0] for i in range(5)][-1] == 429
    assert tries(client, "ann.a", PASSWORD, 1) == [302]


def test_a_json_body_is_counted_against_the_account_too(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    teacher = make_teacher()
    assert tries(client, teacher.email, "guess", 4, as_json=True) == [200, 200, 200, 429]


def test_production_with_several_workers_needs_a_shared_limit_store(monkeypatch, tmp_path):
    monkeypatch.setenv("CROSSINGS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"})
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}"})


def test_too_many_tries_shows_the_sign_in_form_with_the_wait_in_words(app, client):
    """The 429 was a dead end ("Too many tries", nothing else): classroom tour, friction 6."""
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    teacher = make_teacher()
    assert tries(client, teacher.email, "guess", 4)[-1] == 429
    token = csrf_token(client)
    response = client.post("/login", data={"csrf_token": token, "identifier": teacher.email, "password": "guess"})
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many tries" in html and re.search(r"Wait (\d+ seconds?|about a minute), then try again", html)
    assert 'name="password"' in html and f'value="{teacher.email}"' in html  # the form, still filled in


def test_a_wait_is_said_as_a_person_would_say_it():
    from webapp.signin_limits import in_words

    assert [in_words(s) for s in (1, 45, 61, 170, 3600, 7300)] == [
        "1 second", "45 seconds", "about a minute", "about 3 minutes", "about an hour", "about 2 hours"]
