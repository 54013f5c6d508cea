"""Answers survive double clicks, replays and a crowd: each test counts what was lost (0)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from factories import csrf_token, login, make_assignment, make_classroom, make_student, make_teacher, post
from sqlalchemy import func, select

from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Attempt, Response

LESSON = "why-people-leave"


def burst(app, calls):
    """Run the calls at the same moment, each in its own thread; return their responses.

    The test's own transaction is closed first, so that what it reads afterwards is not an
    older snapshot of the database.
    """
    db.session.commit()
    barrier = threading.Barrier(len(calls))

    def run(call):
        with app.app_context():
            barrier.wait()
            return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def single_choice_questions():
    return [q for q in get_content().quiz_for(LESSON).questions if q.type_name == "single_choice"]


def signed_in_students(app, count, **assignment_kwargs):
    app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"] = "1000 per minute"  # fifty students, one address
    classroom = make_classroom(make_teacher())
    assignment = make_assignment(classroom, LESSON, **assignment_kwargs)
    clients = []
    for i in range(count):
        student = make_student(classroom, f"crowd{i}")
        client = app.test_client()
        login(client, student)
        clients.append(client)
    return assignment, clients


def start(client, assignment) -> int:
    return int(post(client, f"/student/assignments/{assignment.id}/start").headers["Location"].rsplit("/", 1)[1])


def test_concurrent_starts_make_one_attempt(app):
    assignment, (client,) = signed_in_students(app, 1, attempts_allowed=0)
    token, url = csrf_token(client), f"/student/assignments/{assignment.id}/start"
    responses = burst(app, [lambda: client.post(url, data={"csrf_token": token})] * 10)
    assert {r.status_code for r in responses} == {302}
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_double_and_replayed_submits_at_once_make_one_finished_attempt(app):
    assignment, (client,) = signed_in_students(app, 1, attempts_allowed=3)
    attempt_id = start(client, assignment)
    token = csrf_token(client)
    questions = single_choice_questions()
    for q in questions:
        client.post(f"/student/attempts/{attempt_id}/answer", json={"question_id": q.id,
                    "fields": {q.field_name: [q.answer]}}, headers={"X-CSRFToken": token})
    responses = burst(app, [lambda: client.post(f"/student/attempts/{attempt_id}/submit",
                                                data={"csrf_token": token})] * 12)
    assert all(r.status_code < 500 for r in responses)
    attempts = db.session.scalars(select(Attempt)).all()
    assert [(a.status, a.score) for a in attempts] == [("submitted", float(len(questions)))]
    lost = len(questions) - db.session.scalar(select(func.count()).select_from(Response))
    assert lost == 0


def test_fifty_students_saving_at_once_lose_nothing(app):
    assignment, clients = signed_in_students(app, 50)
    attempts = [start(c, assignment) for c in clients]
    tokens = [csrf_token(c) for c in clients]
    questions = single_choice_questions()[:4]

    def saver(client, attempt_id, token):
        def save_all():
            codes = []
            for q in questions:
                codes.append(client.post(f"/student/attempts/{attempt_id}/answer",
                                         json={"question_id": q.id, "fields": {q.field_name: [q.answer]}},
                                         headers={"X-CSRFToken": token}).status_code)
            return codes
        return save_all

    results = burst(app, [saver(c, a, t) for c, a, t in zip(clients, attempts, tokens)])
    codes = [code for codes in results for code in codes]
    acknowledged = codes.count(200)
    stored = db.session.scalar(select(func.count()).select_from(Response))
    assert [c for c in codes if c >= 500] == []
    assert acknowledged == len(codes) == 50 * len(questions)
    assert acknowledged - stored == 0  # lost answers


def test_racing_saves_of_one_answer_keep_the_newest(app):
    assignment, (client,) = signed_in_students(app, 1)
    attempt_id = start(client, assignment)
    token = csrf_token(client)
    q = single_choice_questions()[0]
    ids = [c.id for c in q.choices]
    calls = [lambda seq=seq: client.post(f"/student/attempts/{attempt_id}/answer",
                                         json={"question_id": q.id, "fields": {q.field_name: [ids[seq % len(ids)]]},
                                               "seq": seq + 1}, headers={"X-CSRFToken": token})
             for seq in range(20)]
    responses = burst(app, calls)
    assert {r.status_code for r in responses} <= {200, 409}
    stale = [r.json for r in responses if r.status_code == 409]
    assert all(body["reason"] == "stale" and body["seq"] > 0 for body in stale)  # said so, never "saved"
    row = db.session.scalar(select(Response))
    assert (row.client_seq, row.answer) == (20, ids[19 % len(ids)])
