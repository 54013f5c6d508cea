"""SQL statements per request on the class morning's routes, against a committed baseline.

Under load every statement is a round trip and, for a write, time holding the lock, so
a route that quietly starts running more statements gets slower for everyone. Each
route is run once for one student of a small class (a teacher, three students, one quiz)
and its statements counted; tests/test_sql_baseline.py fails when a count grows.
Counts are kept per database (SQLite issues its own BEGIN statements, PostgreSQL not).

    .venv/bin/python bench/load/sql_counts.py             # print the counts
    .venv/bin/python bench/load/sql_counts.py --update    # write them to bench/sql_baseline.json
    scripts/with-postgres.sh .venv/bin/python bench/load/sql_counts.py --update   # PostgreSQL's
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
BASELINE = PROJECT / "bench" / "sql_baseline.json"
UPDATE = "python bench/load/sql_counts.py --update"
for folder in (PROJECT, PROJECT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from factories import (
    IsolatedClient,
    QueryCounter,
    database_url,
    login,
    make_assignment,
    make_attempt,
    make_classroom,
    make_student,
    make_teacher,
)
from flask import Flask

from webapp.content_store import get_content
from webapp.extensions import db

LESSON = "why-people-leave"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def count_statements(app: Flask) -> dict[str, int]:
    """Statements run by each route, for one student and their teacher (fresh database, app context open)."""
    from world import form_fields

    teacher = make_teacher()
    classroom = make_classroom(teacher)
    student, *classmates = [make_student(classroom, name=f"Student {i}") for i in range(3)]
    assignment = make_assignment(classroom, LESSON, show_answers="immediately")
    for classmate in classmates:
        make_attempt(assignment, classmate)
    questions = get_content().quiz_for(LESSON).questions
    counts: dict[str, int] = {}
    client = app.test_client()

    def measure(name: str, request: Callable, expect: int = 200):
        db.session.commit()  # the test's own transaction is not the route's
        with QueryCounter(db.engine) as counter:
            response = request()
        if response.status_code != expect:
            raise AssertionError(f"{name}: status {response.status_code}, wanted {expect}")
        counts[name] = counter.count
        return response

    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    measure("login", lambda: client.post("/login", data={"csrf_token": token, "identifier": student.username,
                                                          "password": "correct horse battery"}), 302)
    token = TOKEN.search(measure("dashboard", lambda: client.get("/student/")).get_data(as_text=True)).group(1)
    started = measure("start", lambda: client.post(f"/student/assignments/{assignment.id}/start",
                                                   data={"csrf_token": token}), 302)
    quiz = started.headers["Location"]
    measure("quiz page", lambda: client.get(quiz))

    def save(question, seq: int):
        return client.post(f"{quiz}/answer", headers={"X-CSRFToken": token}, json={
            "question_id": question.id, "fields": form_fields(question, question.correct_answer()), "seq": seq})

    for seq, question in enumerate(questions[:-1], start=1):
        save(question, seq)
    measure("answer save", lambda: save(questions[-1], len(questions)))
    measure("answers refresh", lambda: client.get(f"{quiz}/answers"))  # a quiz page coming back into view
    measure("submit", lambda: client.post(f"{quiz}/submit", data={"csrf_token": token}), 302)
    measure("results", lambda: client.get(f"{quiz}/results"))
    teacher_client = app.test_client()
    login(teacher_client, teacher)
    measure("class progress", lambda: teacher_client.get(f"/teacher/classes/{classroom.id}/progress"))
    attempt_id = quiz.rstrip("/").rsplit("/", 1)[1]
    measure("teacher attempt page", lambda: teacher_client.get(f"/teacher/attempts/{attempt_id}"))
    return counts


def dialect() -> str:
    return db.engine.dialect.name


def load_baseline() -> dict[str, dict[str, int]]:
    return json.loads(BASELINE.read_text()) if BASELINE.exists() else {}


def grown(counts: dict[str, int], baseline: dict[str, int]) -> dict[str, tuple[int | None, int]]:
    """Routes that run more statements than the baseline allows (or are not in it): old, new."""
    return {route: (baseline.get(route), n) for route, n in counts.items()
            if baseline.get(route) is None or n > baseline[route]}


def measure_fresh() -> tuple[str, dict[str, int]]:
    """Counts on a fresh app and database, as the ``app`` fixture in tests/conftest.py makes them."""
    from webapp import create_app
    from webapp.catalog_sync import sync_catalog

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "sql-counts", "SERVER_NAME": "localhost",
                          "SQLALCHEMY_DATABASE_URI": database_url(Path(tmp))})
        app.test_client_class = IsolatedClient
        with app.app_context():
            db.drop_all()
            db.create_all()
            sync_catalog(get_content())
            try:
                return dialect(), count_statements(app)
            finally:
                db.session.remove()
                db.drop_all()
                db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help=f"write the counts to {BASELINE.name}")
    args = parser.parse_args()
    name, counts = measure_fresh()
    baseline = load_baseline()
    old = baseline.get(name, {})
    for route, n in counts.items():
        note = "" if old.get(route) in (None, n) else f"  (baseline {old[route]})"
        print(f"{route:<22}{n:>4}{note}")
    if args.update:
        baseline[name] = counts
        BASELINE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
        print(f"{BASELINE.relative_to(PROJECT)}: {name} counts updated")


if __name__ == "__main__":
    main()
