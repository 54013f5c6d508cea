"""Where one answer save's time goes, in-process (no HTTP server, no load): cProfile over N saves.

    .venv/bin/python bench/limit/profile_save.py [--saves 2000] [--top 25] [--submits 200]

A throwaway SQLite database, one student signed in through the test client, and N answer saves
posted exactly as the quiz page does (JSON, X-CSRFToken header, rising seq), cycling through the
quiz's questions. Prints the mean time per save (and the CPU time: on a busy machine it moves less), then the functions that hold it (cumulative),
so a change to the save path can say what it bought. ``--submits`` also times that many
submits (one fully answered attempt each) and their results pages.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
for folder in (PROJECT, PROJECT / "tests", PROJECT / "bench" / "load"):
    sys.path.insert(0, str(folder))

from factories import IsolatedClient, make_assignment, make_classroom, make_student, make_teacher
from sqlalchemy import event
from world import LESSON, form_fields

from webapp import create_app
from webapp.catalog_sync import sync_catalog
from webapp.content_store import get_content
from webapp.extensions import db
from webapp.models import Classroom

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def signed_in(app, room_id: int, name: str):
    """A test client signed in as a new student of the class, and its CSRF token."""
    student = make_student(db.session.get(Classroom, room_id), name)
    client = app.test_client()
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"csrf_token": token, "identifier": student.username,
                                "password": "correct horse battery"})
    token = TOKEN.search(client.get("/student/").get_data(as_text=True)).group(1)
    return client, token


def start(client, token: str, assignment_id: int) -> str:
    return client.post(f"/student/assignments/{assignment_id}/start", data={"csrf_token": token}).headers["Location"]


def lock_hold_times(engine) -> list[float]:
    """Seconds from each BEGIN IMMEDIATE to the end of its COMMIT, appended as they happen."""
    held: list[float] = []
    began: dict[int, float] = {}

    @event.listens_for(engine, "after_cursor_execute")
    def _begun(connection, cursor, statement, *args):
        if statement == "BEGIN IMMEDIATE":
            began[id(connection.connection.dbapi_connection)] = time.perf_counter()

    @event.listens_for(engine, "commit")
    def _commit(connection):
        key = id(connection.connection.dbapi_connection)
        if key in began:
            raw = connection.connection.dbapi_connection
            start = began.pop(key)
            raw.commit()  # the commit itself, timed here; SQLAlchemy's own commit then finds nothing to do
            held.append(time.perf_counter() - start)

    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--submits", type=int, default=0)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="profile-save-"))
    app = create_app({"SECRET_KEY": "profile", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'p.sqlite'}",
                      "SERVER_NAME": "localhost"})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        sync_catalog(get_content())
        room = make_classroom(make_teacher())
        assignment = make_assignment(room, LESSON, show_answers="immediately")
        assignment_id = assignment.id
        questions = get_content().quiz_for(LESSON).questions
        bodies = [{"question_id": q.id, "fields": form_fields(q, q.correct_answer())} for q in questions]
        room_id = room.id
        client, token = signed_in(app, room_id, "saver")
        url = start(client, token, assignment_id) + "/answer"
        db.session.remove()

        def save(seq: int) -> None:
            response = client.post(url, json={**bodies[seq % len(bodies)], "seq": seq}, headers={"X-CSRFToken": token})
            assert response.status_code == 200, response.get_data(as_text=True)

        for seq in range(1, 51):  # warm up: templates, content, statement caches
            save(seq)
        held = lock_hold_times(db.engine)
        began, cpu = time.perf_counter(), time.process_time()
        for seq in range(51, 51 + args.saves):
            save(seq)
        plain = (time.perf_counter() - began) / args.saves * 1000
        cpu = (time.process_time() - cpu) / args.saves * 1000
        print(f"write lock held {sum(held) / len(held) * 1000:.3f} ms per save on average "
              f"(BEGIN IMMEDIATE to the end of COMMIT, {len(held)} transactions)")
        held.clear()
        profiler = cProfile.Profile()
        began = time.perf_counter()
        profiler.enable()
        for seq in range(51 + args.saves, 51 + 2 * args.saves):
            save(seq)
        profiler.disable()
        print(f"{args.saves} answer saves: {plain:.2f} ms each, {cpu:.2f} ms of CPU "
              f"({(time.perf_counter() - began) / args.saves * 1000:.2f} ms under cProfile)")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"webapp|flask|sqlalchemy", args.top)
        if args.submits:
            submits(app, room_id, assignment_id, bodies, args.submits)


def submits(app, room_id: int, assignment_id: int, bodies: list[dict], count: int) -> None:
    """``count`` students with every question answered submit, then open their results."""
    ready = []
    for i in range(count):
        client, token = signed_in(app, room_id, f"bell{i}")
        quiz = start(client, token, assignment_id)
        for seq, body in enumerate(bodies, start=1):
            client.post(quiz + "/answer", json={**body, "seq": seq}, headers={"X-CSRFToken": token})
        ready.append((client, token, quiz))
    db.session.remove()
    times: dict[str, float] = {"submit": 0.0, "results": 0.0}
    cpu = dict(times)
    for client, token, quiz in ready:
        began, began_cpu = time.perf_counter(), time.process_time()
        assert client.post(quiz + "/submit", data={"csrf_token": token}).status_code == 302
        middle, middle_cpu = time.perf_counter(), time.process_time()
        assert client.get(quiz + "/results").status_code == 200
        times["submit"] += middle - began
        cpu["submit"] += middle_cpu - began_cpu
        times["results"] += time.perf_counter() - middle
        cpu["results"] += time.process_time() - middle_cpu
    print(", ".join(f"{name} {seconds / count * 1000:.2f} ms each ({cpu[name] / count * 1000:.2f} ms of CPU)"
                    for name, seconds in times.items()))


if __name__ == "__main__":
    main()
