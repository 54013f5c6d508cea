"""Two app servers (gunicorn) on one PostgreSQL and one Redis: a student's requests alternate.

Issue 14, section 4. Sign-in, answers, submit and results work whichever server answers; a
login limit reached on one holds on the other; signing out on one ends the session on the
other; both servers building the same pack at once leave one good PDF in the shared cache.
Runs in the PostgreSQL pass of `make test` (scripts/with-postgres.sh starts both servers).
"""
from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from factories import (
    PROJECT,
    Visitor,
    free_port,
    make_assignment,
    make_classroom,
    make_student,
    make_teacher,
    wait_until_up,
)

DATABASE = os.environ.get("TEST_DATABASE_URL", "")
REDIS = os.environ.get("TEST_REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not (DATABASE.startswith("postgresql") and REDIS),
    reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL: run under scripts/with-postgres.sh")
SECRET = "two-servers-share-this-secret-key-0123456789"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from webapp import create_app
    from webapp.catalog_sync import sync_catalog
    from webapp.content_store import get_content
    from webapp.extensions import db

    folder = tmp_path_factory.mktemp("two-servers")
    app = create_app({"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": DATABASE})
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_catalog(get_content())
        teacher = make_teacher("two@example.org")
        room = make_classroom(teacher)
        make_student(room, "ann.a", name="Ann")
        make_student(room, "bo.b", name="Bo")
        assignment = make_assignment(room, "why-people-leave")
        ids = {"assignment": assignment.id}
    env = {**os.environ, "SECRET_KEY": SECRET, "DATABASE_URL": DATABASE, "RATELIMIT_STORAGE_URI": REDIS,
           "LOGIN_RATE_LIMIT": "3 per minute", "PACKS_DIR": str(folder / "packs"),
           "CROSSINGS_INSTANCE_PATH": str(folder / "instance"), "CROSSINGS_ENV": "development"}
    ports = [free_port(), free_port()]
    logs = [open(folder / f"server-{port}.log", "wb") for port in ports]  # noqa: SIM115 (closed below)
    servers = [subprocess.Popen(  # nosec B603: our own gunicorn, on loopback
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4", "--bind", f"127.0.0.1:{port}",
         "webapp:create_app()"], cwd=PROJECT, env=env, stdout=log, stderr=log)
        for port, log in zip(ports, logs)]
    try:
        for port in ports:
            wait_until_up(port, folder / f"server-{port}.log")
        yield {"ports": ports, "packs": folder / "packs", **ids}
    finally:
        for server, log in zip(servers, logs):
            server.terminate()
            server.wait(timeout=20)
            log.close()
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def test_a_student_whose_requests_alternate_between_servers_answers_and_submits(world):
    from webapp.content.loader import load_content

    a, b = world["ports"]
    ann = Visitor()
    assert ann.sign_in(a, "ann.a") == 302
    assert ann.request(b, "GET", "/student/")[0] == 200
    token = ann.token(a, f"/student/assignments/{world['assignment']}")
    status, headers, _ = ann.request(b, "POST", f"/student/assignments/{world['assignment']}/start",
                                     {"csrf_token": token})
    assert status == 302
    quiz_path = urlsplit(headers["Location"]).path
    token = ann.token(a, quiz_path)
    quiz = load_content(texts_dir=None).quiz_for("why-people-leave")
    questions = [q for q in quiz.questions if q.type_name == "single_choice"]
    for port, question in zip((b, a, b), questions[:3]):
        status, _, body = ann.request(port, "POST", f"{quiz_path}/answer", json_body={
            "question_id": question.id, "fields": {question.field_name: [question.answer]}, "seq": 1},
            headers={"X-CSRFToken": token})
        assert status == 200, body
    assert ann.request(a, "POST", f"{quiz_path}/submit", {"csrf_token": token})[0] == 302
    status, _, page = ann.request(b, "GET", f"{quiz_path}/results")
    assert status == 200 and "Your results" in page


def test_a_login_limit_reached_on_one_server_holds_on_the_other(world):
    a, b = world["ports"]
    guesser = Visitor()
    codes = [guesser.sign_in(port, "bo.b", "wrong guess") for port in (a, b, a, b)]
    assert codes == [200, 200, 200, 429]


def test_signing_out_on_one_server_ends_the_session_on_the_other(world):
    a, b = world["ports"]
    laptop = Visitor()
    assert laptop.sign_in(a, "ann.a") == 302
    phone = Visitor()
    assert phone.sign_in(b, "ann.a") == 302
    token = phone.token(b, "/student/")
    assert phone.request(b, "POST", "/logout", {"csrf_token": token})[0] == 302
    status, headers, _ = laptop.request(a, "GET", "/student/")
    assert status == 302 and "/login" in headers["Location"]


def test_both_servers_building_the_same_pack_at_once_leave_one_good_pdf(world):
    a, b = world["ports"]
    teacher = Visitor()
    assert teacher.sign_in(a, "two@example.org") == 302
    path = "/teacher/packs/lessons/why-people-leave/student/a4.pdf"
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda port: teacher.request(port, "GET", path), (a, b)))
    assert [status for status, _, _ in results] == [200, 200]
    files = sorted(p.name for p in Path(world["packs"]).iterdir())
    assert len([f for f in files if f.endswith(".pdf")]) == 1 and all(f.endswith(".pdf") for f in files), files
    assert Path(world["packs"], files[0]).read_bytes().startswith(b"%PDF")
