"""Test helpers named by role, importable by tests and benchmarks alike (not a pytest plugin)."""
from __future__ import annotations

import contextvars
import http.client
import json
import os
import re
import shutil
import socket
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from webapp.extensions import db
from webapp.models import Assignment, Attempt, Classroom, Enrollment, LtiPlatform, User
from webapp.models.accounts import STUDENT, TEACHER
from webapp.models.base import utcnow

PROJECT = Path(__file__).resolve().parents[1]
SOURCES_DIR = Path(os.environ.get("CROSSINGS_SOURCES_DIR") or PROJECT.parent / "shared" / "sources")
SCHEMAS_DIR = Path(os.environ.get("CROSSINGS_SCHEMAS_DIR") or PROJECT.parent / "shared" / "schemas")
PASSWORD = "correct horse battery"
_HASH: dict[str, str] = {}


def database_url(tmp_path: Path) -> str:
    """SQLite in the test's folder, or the PostgreSQL server named by TEST_DATABASE_URL."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


def app_over(root: Path, tmp_path: Path):
    """An app over other content than the unit's (``root``: the mini fixture or a copy of it), with
    a database of its own and the catalog synced, yielded inside its app context."""
    from webapp import create_app
    from webapp.catalog_sync import sync_catalog
    from webapp.content_store import get_content

    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
                      "SERVER_NAME": "localhost", "CONTENT_ROOT": str(root)})
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_catalog(get_content())
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def worker_database() -> None:
    """Under pytest-xdist, each worker on PostgreSQL gets a database of its own (``crossings_test_gw0``…)
    and TEST_DATABASE_URL names it, for the ``app`` fixture and the servers tests start alike."""
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("TEST_DATABASE_URL")
    if worker and url:
        own = make_url(url).set(database=f"{make_url(url).database}_{worker}")
        recreate_database(own)
        os.environ["TEST_DATABASE_URL"] = own.render_as_string(hide_password=False)


def recreate_database(url: URL, template: str | None = None) -> None:
    """Drop the PostgreSQL database ``url`` names (ending its connections) and create it again,
    empty or as a copy of ``template``."""
    copy = f' TEMPLATE "{template}"' if template else ""
    on_server(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)', f'CREATE DATABASE "{url.database}"{copy}')


def on_server(url: URL, *statements: str) -> None:
    """Statements that run outside any database of the PostgreSQL server (CREATE and DROP DATABASE)."""
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with server.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    server.dispose()


class DatabaseTemplate:
    """The schema with the catalog synced, built once per test process; each test gets a copy.

    Building it (``create_all`` and ``sync_catalog``) for every test was a large share of the
    suite's time. A copy is a file copy on SQLite and ``CREATE DATABASE … TEMPLATE`` on
    PostgreSQL, so every test still starts from the same new database, whatever ran before it.
    """

    def __init__(self, folder: Path) -> None:
        server = os.environ.get("TEST_DATABASE_URL")
        self.server = make_url(server) if server else None
        if self.server:
            self.template = f"{self.server.database}_template"
            recreate_database(self.server.set(database=self.template))
            build_database(self.server.set(database=self.template).render_as_string(hide_password=False))
        else:
            self.template = str(folder / "template.sqlite")
            build_database(f"sqlite:///{self.template}")

    def fresh(self, tmp_path: Path) -> str:
        """A new database for one test, a copy of the template: its URL."""
        if self.server:
            recreate_database(self.server, template=self.template)
        else:
            shutil.copyfile(self.template, tmp_path / "test.sqlite")
        return database_url(tmp_path)

    def drop(self) -> None:
        if self.server:
            on_server(self.server, f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


def build_database(url: str) -> None:
    """The schema and the synced catalog in the database at ``url``, all connections closed after."""
    from webapp import create_app
    from webapp.catalog_sync import sync_catalog
    from webapp.content_store import get_content

    with create_app({"TESTING": True, "SECRET_KEY": "template", "SQLALCHEMY_DATABASE_URI": url}).app_context():
        db.drop_all()
        db.create_all()
        sync_catalog(get_content())
        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    The test holds an app context open for its factories; without this, requests would
    share its ``g`` (the signed-in user, the CSRF token) and its database session.
    The test's pending changes are committed first, so the request sees them and the test
    starts a fresh transaction (and snapshot) afterwards.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


def password_hash() -> str:
    """One argon2id hash of PASSWORD, shared by the users tests make, at argon2's lowest cost.

    A login checks a hash at the cost written in it: at the app's cost (19 MiB, 2 passes) the
    suite's hundreds of logins took 26 ms of CPU each. The code is the same either way, and the
    hashes the app writes itself keep the app's cost (test_auth checks it on a real sign-up).
    """
    if "h" not in _HASH:
        from argon2 import PasswordHasher, Type

        _HASH["h"] = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID).hash(PASSWORD)
    return _HASH["h"]


def make_teacher(email: str = "t@example.org", name: str = "Teacher T", **kwargs) -> User:
    user = User(role=TEACHER, email=email, display_name=name, password_hash=password_hash(), **kwargs)
    db.session.add(user)
    db.session.commit()
    return user


def make_classroom(teacher: User, name: str = "Period 1", **kwargs) -> Classroom:
    kwargs.setdefault("join_code", f"C{teacher.id:02d}{len(name):02d}{db.session.query(Classroom).count():02d}")
    classroom = Classroom(teacher_id=teacher.id, name=name, **kwargs)
    db.session.add(classroom)
    db.session.commit()
    return classroom


def make_student(classroom: Classroom | None = None, username: str | None = None, name: str = "Sam Student") -> User:
    count = db.session.query(User).count()
    user = User(role=STUDENT, username=username or f"student{count}", display_name=name, password_hash=password_hash())
    db.session.add(user)
    db.session.flush()
    if classroom is not None:
        db.session.add(Enrollment(classroom_id=classroom.id, student_id=user.id))
    db.session.commit()
    return user


def make_assignment(classroom: Classroom, lesson_id: str = "why-people-leave", **kwargs) -> Assignment:
    kwargs.setdefault("due_at", utcnow() + timedelta(days=7))
    assignment = Assignment(classroom_id=classroom.id, lesson_id=lesson_id, **kwargs)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def make_platform(issuer: str = "https://lms.example.org", client_id: str = "crossings") -> LtiPlatform:
    """An LMS registration (LTI 1.3) with one deployment."""
    platform = LtiPlatform(name="Example LMS", issuer=issuer, client_id=client_id, deployment_ids=["1"],
                           key_set_url=f"{issuer}/jwks", token_url=f"{issuer}/token", auth_url=f"{issuer}/auth")
    db.session.add(platform)
    db.session.commit()
    return platform


def make_attempt(assignment: Assignment, student: User, **kwargs) -> Attempt:
    attempt = Attempt(assignment_id=assignment.id, student_id=student.id, **kwargs)
    db.session.add(attempt)
    db.session.commit()
    return attempt


def csrf_token(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def post(client, url: str, data: dict | None = None, **kwargs):
    """A form post carrying the CSRF token, as a browser would send it."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def login(client, user: User, password: str = PASSWORD):
    identifier = user.email or user.username
    response = post(client, "/login", {"identifier": identifier, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


class QueryCounter:
    """Counts the SQL statements run while it is active."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def requires_sources():
    return pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason=(
        f"the full source texts are not here ({SOURCES_DIR}); set CROSSINGS_SOURCES_DIR to check quotes"))


def requires_schemas():
    return pytest.mark.skipif(not SCHEMAS_DIR.is_dir(), reason=(
        f"the IMS schemas are not here ({SCHEMAS_DIR}); set CROSSINGS_SCHEMAS_DIR to validate the exports"))


TRICKY = "& < > \" ' ~ = # { } : \\ -> <b>not bold</b> 탈북자 & 탈북자"


def tricky_quiz():
    """A quiz of every question type whose text has everything an export must escape: XML and
    HTML specials, GIFT's control characters, an arrow, Korean next to an entity, a seven-digit
    number, and an evidence quote that starts with its own quotation marks."""
    from webapp.content import questions as qs
    from webapp.content.questions.highlight import Highlight, Span
    from webapp.content.quizzes import Quiz

    def common(kind: str) -> dict:
        return {"id": f"tricky-{kind}", "prompt": f"{kind}: {TRICKY}?", "explanation": f"Because {TRICKY}.",
                "objective": "o", "skill": "recall", "evidence": [qs.Evidence("tricky-source", f"“{TRICKY}”")],
                "lesson_id": "tricky"}

    choices = [qs.Choice("a", f"A {TRICKY}"), qs.Choice("b", f"B {TRICKY}", f"Not B: {TRICKY}"),
               qs.Choice("c", f"C {TRICKY}", f"Not C: {TRICKY}")]
    questions = [
        qs.SingleChoice(**common("single_choice"), choices=choices, answer="a"),
        qs.MultipleChoice(**common("multiple_choice"), choices=[*choices, qs.Choice("d", f"D {TRICKY}")],
                          answer=["a", "d"]),
        qs.TrueFalse(**common("true_false"), answer=False, wrong_feedback=f"No: {TRICKY}"),
        qs.Ordering(**common("ordering"), items=[qs.Item(f"i{n}", f"{n} {TRICKY}") for n in range(1, 4)]),
        qs.Matching(**common("matching"), pairs=[qs.Pair("p1", f"x -> y {TRICKY}", "탈북자 #1 {a} & <b>"),
                                                 qs.Pair("p2", "1234567 = ~2", "0.1 : \\ 탈북자")]),
        qs.Numeric(**common("numeric"), answer=1234567.0, tolerance=0.1, unit="people & <kids>"),
        qs.ShortAnswer(**common("short_answer"), accepted=["A & B <c> {x} = 1", "탈북자 & 탈북자"]),
        Highlight(**common("highlight"), source="tricky-source", answer=["s2", "s4"],
                  spans=[Span(f"s{n}", f"Sentence {n}: {TRICKY}.") for n in range(1, 5)]),
        tricky_written(common("written_response")),
    ]
    assert {q.type_name for q in questions} == set(qs.QUESTION_TYPES), "a question type is missing here"
    return Quiz("tricky", questions, "tricky.yaml")


def tricky_written(common: dict):
    """A written response whose rubric and samples hold the tricky text too."""
    from webapp.content.questions.written_response import Criterion, Level, Sample, WrittenResponse

    rubric = [Criterion(cid, f"{cid.title()} {TRICKY}", [Level(2, f"Clear {TRICKY}", f"Clear: {TRICKY}"),
                                                         Level(0, "Missing", f"Missing: {TRICKY}")])
              for cid in ("claim", "evidence")]
    return WrittenResponse(**common, words_min=60, words_max=250, rubric=rubric,
                           samples=[Sample("strong", f"Strong {TRICKY}", {"claim": 2, "evidence": 2}, f"Why {TRICKY}"),
                                    Sample("weak", f"Weak {TRICKY}", {"claim": 0, "evidence": 0}, "No claim.")])


CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


class Visitor:
    """One browser: keeps its cookies, sends each request to the server it is told to, follows nothing."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None, json_body=None,
                headers: dict | None = None) -> tuple[int, dict, str]:
        headers = dict(headers or {})
        body = None
        if form is not None:
            body, headers["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body), "application/json"
            headers.setdefault("Accept", "application/json")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in cookie or "Expires=Thu, 01 Jan 1970" in cookie or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        connection.close()
        return response.status, dict(response.getheaders()), text

    def token(self, port: int, path: str = "/login") -> str:
        return CSRF_INPUT.search(self.request(port, "GET", path)[2]).group(1)

    def sign_in(self, port: int, identifier: str, password: str = PASSWORD) -> int:
        token = self.token(port)
        return self.request(port, "POST", "/login", {"csrf_token": token, "identifier": identifier,
                                                      "password": password})[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



def wait_until_up(port: int, log: Path) -> None:
    """Until the app server on ``port`` answers /healthz (its log in the error if it never does)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Visitor().request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the app server on port {port} did not start:\n{log.read_text()[-2000:]}")


WRITTEN_ID = "fixture-wr-claim"


def written_data() -> dict:
    """The YAML mapping of a small written response with a three-criterion rubric (2 + 2 + 2 top points)."""
    def criterion(cid: str, name: str) -> dict:
        return {"id": cid, "criterion": name, "levels": [
            {"points": 2, "label": "Clear", "description": f"{name}: clear."},
            {"points": 1, "label": "Partial", "description": f"{name}: partial."},
            {"points": 0, "label": "Missing", "description": f"{name}: missing."}]}
    return {"id": WRITTEN_ID, "type": "written_response", "prompt": "Why did most people leave? Use two documents.",
            "explanation": "A strong answer names a cause.", "objective": "o", "skill": "corroboration",
            "evidence": [{"source": "tricky-source", "quote": "hunger"}], "words": {"min": 60, "max": 250},
            "rubric": [criterion("claim", "Claim"), criterion("evidence", "Evidence"),
                       criterion("reasoning", "Reasoning")],
            "samples": [{"id": "strong", "text": "Hunger drove them out.",
                         "levels": {"claim": 2, "evidence": 2, "reasoning": 2}, "note": "All there."},
                        {"id": "weak", "text": "They left.", "levels": {"claim": 1, "evidence": 0, "reasoning": 0},
                         "note": "No evidence."}]}


def written_question(lesson_id: str = "why-people-leave"):
    """The small written response of ``written_data``, read by its type's own reader."""
    from webapp.content.quizzes import rebuild_question

    return rebuild_question(written_data(), lesson_id, "fixture")


def with_written_question(lesson_id: str = "why-people-leave", also: tuple[str, ...] = ()):
    """The app's content with a written response (``written_question``) ending the lesson's quiz
    (its first two questions, and those named in ``also``):
    the one quiz every test and the live server read from then on (``restore_content`` undoes it).
    Its question row is synced, so answers can be stored."""
    import dataclasses

    from webapp import content_store
    from webapp.catalog_sync import sync_catalog
    from webapp.content.quizzes import Quiz

    content = content_store.get_content()
    quiz = content.quiz_for(lesson_id)
    question = written_question(lesson_id)
    kept = [*quiz.questions[:2], *(q for q in quiz.questions if q.id in also)]
    data = {**{q.id: quiz.data[q.id] for q in kept}, question.id: written_data()}
    quizzes = {**content.quizzes, lesson_id: Quiz(lesson_id, [*kept, question], quiz.path, data)}
    changed = dataclasses.replace(content, quizzes=quizzes)
    with content_store._lock:
        saved = dict(content_store._cache)
        for root, (stamp, cached) in saved.items():
            if cached is content:
                content_store._cache[root] = (stamp, changed)
    sync_catalog(changed)
    return question, saved


def restore_content(saved: dict) -> None:
    from webapp import content_store

    with content_store._lock:
        content_store._cache.clear()
        content_store._cache.update(saved)
