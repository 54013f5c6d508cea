"""Answer saves while four teachers paste 200-name rosters (issue 14, security finding 3).

Run:  .venv/bin/python bench/paste_bench.py  [--students 50] [--names 200] [--pastes 4] [--seconds 8]

Serves the app with gunicorn as `make serve` does (2 x cores + 1 workers, 4 threads) on a
throwaway SQLite database (set BENCH_DATABASE_URL for PostgreSQL). 50 signed-in students save
answers in a loop over HTTP, first alone, then while four teachers paste 200 names each (800
argon2 hashes). Prints, from one run, the saves' p50, p95 and maximum in both phases, the ratio
of the p95s, the pastes' times, and every error. Before the explicit writes, argon2 ran inside
SQLite's write lock: saves waited behind whole pastes, and pastes failed with "database is locked".
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from factories import (
    PASSWORD,
    Visitor,
    free_port,
    make_assignment,
    make_classroom,
    make_student,
    make_teacher,
    wait_until_up,
)

from webapp import create_app
from webapp.catalog_sync import sync_catalog
from webapp.content.loader import load_content
from webapp.content_store import get_content
from webapp.extensions import db

LESSON = "why-people-leave"
SECRET = "paste-bench-secret-key-0123456789abcdef"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--names", type=int, default=200)
    parser.add_argument("--pastes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=8.0, help="how long the saves-alone phase lasts")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="paste-bench-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite'}"
    rooms = _prepare(url, args.students, args.pastes)
    port, workers = free_port(), 2 * (os.cpu_count() or 1) + 1
    env = {**os.environ, "SECRET_KEY": SECRET, "DATABASE_URL": url, "CROSSINGS_INSTANCE_PATH": str(folder),
           "LOGIN_RATE_LIMIT_PER_ADDRESS": "100000 per minute", "CROSSINGS_ENV": "development"}
    with open(folder / "server.log", "wb") as log:
        server = subprocess.Popen(  # nosec B603: our own gunicorn, on loopback
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4",
             "--bind", f"127.0.0.1:{port}", "webapp:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            wait_until_up(port, folder / "server.log")
            _run(port, rooms, args)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _prepare(url: str, students: int, pastes: int) -> dict:
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_catalog(get_content())
        room = make_classroom(make_teacher())
        assignment = make_assignment(room, LESSON)
        for i in range(students):
            make_student(room, f"s{i}")
        teachers = []
        for i in range(pastes):
            teacher = make_teacher(f"paste{i}@example.org")
            teachers.append((teacher.email, make_classroom(teacher, f"Room {i}").id))
        rooms = {"assignment": assignment.id, "students": [f"s{i}" for i in range(students)], "teachers": teachers}
        db.session.remove()
        db.engine.dispose()
    return rooms


def _run(port: int, rooms: dict, args) -> None:
    question = next(q for q in load_content(texts_dir=None).quiz_for(LESSON).questions
                    if q.type_name == "single_choice")
    with ThreadPoolExecutor(max_workers=16) as pool:
        savers = list(pool.map(lambda name: _saver(port, rooms["assignment"], name, question), rooms["students"]))
    pasters = [_paster(port, email, room, number, args.names) for number, (email, room) in enumerate(rooms["teachers"])]
    alone = _saves_during(savers, lambda: time.sleep(args.seconds))
    results: list[tuple[float, int]] = []

    def paste_all() -> None:
        with ThreadPoolExecutor(max_workers=len(pasters)) as pool:
            results.extend(pool.map(lambda paste: paste(), pasters))
    during = _saves_during(savers, paste_all)
    for name, (times, errors) in (("saves alone", alone), ("saves during the pastes", during)):
        print(f"{name:24} n={len(times):5}  p50 {percentile(times, .5) * 1000:7.1f} ms  "
              f"p95 {percentile(times, .95) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms  errors {len(errors)}")
    print(f"p95 ratio, during / alone: {percentile(during[0], .95) / percentile(alone[0], .95):.1f}")
    seconds = [s for s, _ in results]
    print(f"{len(results)} pastes of {args.names} names: {sum(seconds) / len(seconds):.1f} s on average, "
          f"longest {max(seconds):.1f} s; errors: {[code for _, code in results if code != 303] or 'none'}")  # a paste redirects


def _saver(port: int, assignment_id: int, username: str, question):
    visitor = Visitor()
    assert visitor.sign_in(port, username, PASSWORD) == 302
    token = visitor.token(port, f"/student/assignments/{assignment_id}")
    _, headers, _ = visitor.request(port, "POST", f"/student/assignments/{assignment_id}/start", {"csrf_token": token})
    path = urlsplit(headers["Location"]).path + "/answer"
    state = {"seq": 0}

    def save() -> tuple[float, int]:
        state["seq"] += 1
        began = time.perf_counter()
        status = visitor.request(port, "POST", path, json_body={
            "question_id": question.id, "seq": state["seq"], "fields": {question.field_name: [question.answer]}},
            headers={"X-CSRFToken": token})[0]
        return time.perf_counter() - began, status
    return save


def _paster(port: int, email: str, room: int, number: int, names: int):
    visitor = Visitor()
    assert visitor.sign_in(port, email, PASSWORD) == 302
    token = visitor.token(port, f"/teacher/classes/{room}")
    roster = "\n".join(f"Pupil {number} {n}" for n in range(names))

    def paste() -> tuple[float, int]:
        began = time.perf_counter()
        status = visitor.request(port, "POST", f"/teacher/classes/{room}/students",
                                 {"csrf_token": token, "names": roster})[0]
        return time.perf_counter() - began, status
    return paste


def _saves_during(savers, phase) -> tuple[list[float], list[int]]:
    """Every saver saves in a loop until ``phase()`` returns; the saves' times and error codes."""
    done, lock = threading.Event(), threading.Lock()
    times: list[float] = []
    errors: list[int] = []

    def loop(save) -> None:
        while not done.is_set():
            seconds, status = save()
            with lock:
                times.append(seconds)
                if status != 200:
                    errors.append(status)

    with ThreadPoolExecutor(max_workers=len(savers)) as pool:
        for save in savers:
            pool.submit(loop, save)
        phase()
        done.set()
    return times, errors


if __name__ == "__main__":
    main()
