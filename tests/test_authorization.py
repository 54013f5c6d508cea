"""Every route × every role: nobody reaches what isn't theirs.

The test fails when a route has no entry in a ``tests/access_*.py`` module, so a new
route cannot ship without saying who may use it.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from access import ALLOWED, ROLES
from factories import (
    WRITTEN_ID,
    login,
    make_assignment,
    make_attempt,
    make_classroom,
    make_platform,
    make_student,
    make_teacher,
    post,
)
from flask import current_app

from webapp import create_app

ACCESS: dict[tuple[str, str], str] = {}
for module in sorted(Path(__file__).parent.glob("access_*.py")):
    ACCESS.update(importlib.import_module(module.stem).ACCESS)


def app_routes() -> set[tuple[str, str]]:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_an_access_rule():
    missing = app_routes() - set(ACCESS)
    assert not missing, f"routes with no entry in tests/access_*.py: {sorted(missing)}"
    assert not set(ACCESS) - app_routes(), "access rules for routes that no longer exist"


def add_written_work(users: dict, args: dict) -> None:
    """A written answer in the owner student's attempt and a comment in the owner teacher's bank,
    for the grading routes (the ``written`` fixture has put the written question in the quiz)."""
    from webapp.extensions import db
    from webapp.models import BankComment, Response

    response = Response(attempt_id=args["attempt_id"], question_id=WRITTEN_ID, answer="Hunger drove them out.")
    comment = BankComment(teacher_id=users["teacher"].id, text="Name the document.")
    db.session.add_all([response, comment])
    db.session.commit()
    args.update(question_id=WRITTEN_ID, response_id=response.id, comment_id=comment.id)


def build_world():
    teacher = make_teacher("owner@example.org")
    other_teacher = make_teacher("other@example.org")
    classroom = make_classroom(teacher, "Owner's class")
    other_classroom = make_classroom(other_teacher, "Other class")
    student = make_student(classroom, "owner.s")
    other_student = make_student(other_classroom, "other.s")
    assignment = make_assignment(classroom, "why-people-leave")
    attempt = make_attempt(assignment, student, status="submitted", score=1.0, max_score=16.0)
    current_app.config["CROSSINGS_ADMINS"] = teacher.email  # the LMS registration page is the owner's too
    platform = make_platform()
    users = {"student": student, "other_student": other_student, "teacher": teacher, "other_teacher": other_teacher}
    args = {"classroom_id": classroom.id, "student_id": student.id, "assignment_id": assignment.id,
            "attempt_id": attempt.id, "lesson_id": "why-people-leave", "section": "voices",
            "name": "route-map.svg", "quiz_id": "why-people-leave", "fmt": "gift", "kind": "student",
            "paper": "a4", "platform_id": platform.id}
    return users, args


def url_for_rule(app, endpoint: str, args: dict) -> str:
    rule = next(r for r in app.url_map.iter_rules(endpoint))
    from flask import url_for

    return url_for(endpoint, **{name: args[name] for name in rule.arguments})


@pytest.fixture
def no_pdf_engine(app, monkeypatch, tmp_path):
    """Access is what is tested here: a pack is a stub, not a PDF that takes seconds to build
    (cached in this test's own folder, so no other test is handed a stub)."""
    from webapp.packs import builder

    app.config["PACKS_DIR"] = str(tmp_path / "packs")
    monkeypatch.setattr(builder, "render_pdf", lambda content, spec: b"%PDF-1.4 stub for access checks")


def world_for(request, endpoint: str):
    """The world, with a written answer to grade for the grading routes."""
    if not endpoint.startswith("grading."):
        return build_world()
    request.getfixturevalue("written")
    users, args = build_world()
    add_written_work(users, args)
    return users, args


@pytest.mark.parametrize("endpoint, method", sorted(ACCESS))
@pytest.mark.parametrize("role", ROLES)
def test_route_by_role(app, client, no_pdf_engine, request, endpoint, method, role):
    users, args = world_for(request, endpoint)
    if role != "anonymous":
        login(client, users[role])
    url = url_for_rule(app, endpoint, args)
    with (client.get(url) if method == "GET" else post(client, url)) as response:
        location = response.headers.get("Location", "")
        refused = response.status_code in (401, 403, 404) or "/login" in location
        if role in ALLOWED[ACCESS[(endpoint, method)]]:
            assert not refused, f"{role} was refused {method} {url}: {response.status_code} {location}"
            assert response.status_code < 500
        else:
            assert refused, f"{role} reached {method} {url}: {response.status_code}"
            if role == "anonymous":
                assert response.status_code == 302 and "/login" in location
