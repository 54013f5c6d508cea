"""Malformed requests get a 4xx answer, never a 500 (issue 14, section 3).

Every POST route, called by a user allowed to use it, with bodies a browser would never send:
JSON that is a list, a number or a string; and a form whose every field holds odd text.
"""
from __future__ import annotations

import pytest
from access import ALLOWED
from factories import csrf_token, login
from test_authorization import ACCESS, build_world, url_for_rule, world_for

POSTS = sorted((endpoint, rule) for (endpoint, method), rule in ACCESS.items() if method == "POST")
ODD_FORM = {"identifier": "²\u202e", "password": "x" * 300, "names": "\x00\n" * 3, "name": "", "join_code": "£££",
            "display_name": "a" * 500, "due_at": "not a date", "attempts_allowed": "-1", "lesson_id": "../../etc",
            "show_answers": "sometimes", "delete_work": "maybe", "allow_join": "perhaps", "email": "@",
            "signup_code": "\u0000", "current": "", "confirm": "", "instructions": "<script>",
            "lesson_ids": "../../etc", "due_date": "2030-02-31", "due_time": "25:61", "student_ids": "everyone",
            "extra_attempts": "-3", "time_zone": "Mars/Olympus"}


def signed_in_as_allowed(client, endpoint_rule, request=None, endpoint=""):
    users, args = world_for(request, endpoint)
    role = next((r for r in ("teacher", "student") if r in ALLOWED[endpoint_rule]), None)
    if role:
        login(client, users[role])
    return args


@pytest.mark.parametrize("endpoint, rule", POSTS)
@pytest.mark.parametrize("body", [[1, 2], 7, "text"], ids=["list", "number", "string"])
def test_a_json_body_of_the_wrong_shape_is_a_4xx(app, client, request, endpoint, rule, body):
    args = signed_in_as_allowed(client, rule, request, endpoint)
    url = url_for_rule(app, endpoint, args)
    response = client.post(url, json=body, headers={"X-CSRFToken": csrf_token(client)})
    assert 200 <= response.status_code < 500, f"{endpoint}: {response.status_code}"


@pytest.mark.parametrize("endpoint, rule", POSTS)
def test_a_form_full_of_odd_values_is_a_4xx_or_a_page_that_says_so(app, client, request, endpoint, rule):
    args = signed_in_as_allowed(client, rule, request, endpoint)
    url = url_for_rule(app, endpoint, args)
    response = client.post(url, data={"csrf_token": csrf_token(client), **ODD_FORM})
    assert response.status_code < 500, f"{endpoint}: {response.status_code}"


@pytest.mark.parametrize("endpoint, rule", POSTS)
def test_json_that_does_not_parse_is_a_400(app, client, request, endpoint, rule):
    args = signed_in_as_allowed(client, rule, request, endpoint)
    url = url_for_rule(app, endpoint, args)
    response = client.post(url, data="{not json", content_type="application/json",
                           headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 400 and response.is_json, f"{endpoint}: {response.status_code}"


def test_a_nul_character_is_refused_with_a_message_and_nothing_is_stored(app, client):
    """On PostgreSQL a pasted NUL ended a roster paste in a 500; the check is the same on SQLite."""
    from factories import post

    from webapp.extensions import db
    from webapp.models import User

    users, args = build_world()
    login(client, users["teacher"])
    before = db.session.query(User).count()
    response = post(client, f"/teacher/classes/{args['classroom_id']}/students", {"names": "Ann\x00 Lee"})
    assert response.status_code == 400 and "NUL character" in response.get_data(as_text=True)
    assert db.session.query(User).count() == before
