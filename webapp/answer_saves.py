"""Answer saves: the request a quiz morning is made of, written to run near the stack's limit.

A class saves an answer every few seconds per student, and SQLite has one write lock, so this
path is written differently from the rest of the app (issue 15, bench/README.md "The limit"):

- Its statements are built once, here, at import, and run with bind parameters (SQLAlchemy Core
  on the tables, the same objects on SQLite and PostgreSQL; only the upsert differs by dialect).
  Building ORM statements afresh on every save, while holding the write lock, was 42 % of a save.
- The attempt and the signed-in student are read as small rows (the few columns a save needs),
  not as ORM objects: ``attempt_row`` here, ``signed_in`` for Flask-Login's user loader.
- Everything that can be done before the write lock is: the body is checked, the answer
  normalised and scored, the clock read. Inside ``writing()`` there are three statements: the
  attempt's status (locking its row on PostgreSQL, so a submit waits for the save or the save
  sees the submit), the upsert, and the count of answers.

The guarantees are those of every other write: the CSRF header (checked by Flask-WTF before the
view), the signed-in student owns the attempt and may still change it (``quizzing.may_change``:
still in the class, class not archived; a submitted attempt refuses with QuizClosed), a save
older than the stored one (per-attempt ``seq``) changes nothing and returns the stored answer,
and nothing is acknowledged before it is committed.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from . import versions
from .content.loader import Content
from .content.questions import Question
from .database import writing
from .extensions import db
from .models import Assignment, Attempt, Response, User
from .models.base import utcnow
from .models.work import ANSWER_FORMAT, IN_PROGRESS
from .quizzing import BadAnswer, QuizClosed, SaveResult, may_change, read_save_request

users, attempts, assignments, responses = (model.__table__ for model in (User, Attempt, Assignment, Response))


class NotYours(LookupError):
    """No such attempt for this student, or they may no longer change it (shown as 404)."""


class NotInQuiz(ValueError):
    """The question is not one of this attempt's quiz."""


SIGNED_IN = select(users.c.id, users.c.role, users.c.display_name).where(
    users.c.id == bindparam("user_id"), users.c.session_version == bindparam("version"))

ATTEMPT = (select(attempts.c.student_id, attempts.c.status, assignments.c.lesson_id, may_change().label("open"))
           .select_from(attempts.join(assignments, assignments.c.id == attempts.c.assignment_id))
           .where(attempts.c.id == bindparam("attempt_id")))

STATUS = select(attempts.c.status).where(attempts.c.id == bindparam("attempt_id")).with_for_update()

ANSWERED = select(func.count()).select_from(responses).where(responses.c.attempt_id == bindparam("attempt_id"))

STORED = select(responses.c.answer, responses.c.client_seq, responses.c.answered_at).where(
    responses.c.attempt_id == bindparam("attempt_id"), responses.c.question_id == bindparam("question_id"))

DELETE = delete(Response).where(
    responses.c.attempt_id == bindparam("attempt_id"), responses.c.question_id == bindparam("question_id"),
    (responses.c.client_seq <= bindparam("client_seq")) | (bindparam("client_seq") == 0))


def _upsert(insert):
    """Insert the answer, or replace the stored one unless it is newer; returns a row only if it wrote."""
    statement = insert(responses)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[responses.c.attempt_id, responses.c.question_id],
        set_={name: new[name] for name in ("answer", "points", "answered_at", "client_seq", "version_id",
                                           "answer_format")},
        where=(responses.c.client_seq <= new.client_seq) | (new.client_seq == 0),
    ).returning(responses.c.answered_at)


UPSERT = {"sqlite": _upsert(sqlite.insert), "postgresql": _upsert(postgresql.insert)}


@dataclass(frozen=True)
class SignedIn:
    """The signed-in user as the save needs them: what Flask-Login and the student check read."""

    id: int
    role: str
    display_name: str
    version: int
    is_authenticated = True
    is_active = True
    is_anonymous = False

    @property
    def is_student(self) -> bool:
        return self.role == "student"

    @property
    def is_teacher(self) -> bool:
        return self.role == "teacher"

    def get_id(self) -> str:
        return f"{self.id}:{self.version}"


def signed_in(user_id: int, version: int) -> SignedIn | None:
    """Flask-Login's user on this path: a small row, only while the cookie's session version is current."""
    row = _connection().execute(SIGNED_IN, {"user_id": user_id, "version": version}).first()
    return None if row is None else SignedIn(row.id, row.role, row.display_name, version)


def save(attempt_id: int, student_id: int, body: Any, content: Content) -> tuple[Question, SaveResult]:
    """The quiz page's save: check who and what, then ``store``. Raises NotYours, MalformedSave,
    NotInQuiz, BadAnswer or QuizClosed; a stale save returns the stored answer (``stale``)."""
    attempt = _connection().execute(ATTEMPT, {"attempt_id": attempt_id}).first()
    if attempt is None or attempt.student_id != student_id or not attempt.open:
        raise NotYours()
    request = read_save_request(body)
    question = content.question(request.question_id)
    if question is None or question.lesson_id != attempt.lesson_id:
        raise NotInQuiz("That question is not part of this quiz.")
    if attempt.status != IN_PROGRESS:
        raise QuizClosed()
    return question, give(attempt_id, question, request.getlist, request.seq)


def give(attempt_id: int, question: Question, getlist: Callable[[str], list[str]], client_seq: int = 0) -> SaveResult:
    """An answer from the quiz form: stored, or taken back when every field of it is empty
    (an emptied box, a multi-select with nothing ticked)."""
    if question.is_blank(getlist):
        return clear(attempt_id, question, client_seq)
    return store(attempt_id, question, question.from_form(getlist), client_seq)


def store(attempt_id: int, question: Question, raw: Any, client_seq: int = 0) -> SaveResult:
    """Store (or replace) one answer, stamped with the time the request arrived.

    A save whose ``client_seq`` is lower than the stored one is older than what we have (a
    replay, or a retry that arrived late) and leaves the stored answer alone (``stale``).
    The plain form post and the seed data come here too (``client_seq`` 0: always replaces).
    """
    answer = question.normalize(raw)
    if answer is None:
        raise BadAnswer(question.refusal(raw))
    values = dict(attempt_id=attempt_id, question_id=question.id, answer=answer,
                  points=question.score(answer).points if question.auto_scored else None, answered_at=utcnow(),
                  client_seq=client_seq, version_id=versions.current_id(question.id), answer_format=ANSWER_FORMAT)
    with writing():
        return _write(_connection(), values)


def clear(attempt_id: int, question: Question, client_seq: int = 0) -> SaveResult:
    """Take an answer back: its row goes, so the question counts as unanswered everywhere.

    Like a save, a clear older than the stored answer changes nothing (``stale``).
    """
    key = {"attempt_id": attempt_id, "question_id": question.id, "client_seq": client_seq}
    now = utcnow()
    with writing():
        connection = _connection()
        if connection.execute(STATUS, key).scalar() != IN_PROGRESS:
            raise QuizClosed()
        connection.execute(DELETE, key)
        answered = connection.execute(ANSWERED, key).scalar_one()
        stored = connection.execute(STORED, key).first()
    if stored is not None:  # a newer answer stayed
        return SaveResult(question.id, stored.answered_at.isoformat() + "Z", answered, stored.answer,
                          stored.client_seq, stale=True)
    return SaveResult(question.id, now.isoformat() + "Z", answered, seq=client_seq, cleared=True)


def _write(connection: Connection, values: Mapping[str, Any]) -> SaveResult:
    """Inside the write lock: the status check, the upsert and the count, nothing else."""
    key = {"attempt_id": values["attempt_id"]}
    if connection.execute(STATUS, key).scalar() != IN_PROGRESS:
        raise QuizClosed()
    written = connection.execute(UPSERT[connection.dialect.name], values).first()
    answered = connection.execute(ANSWERED, key).scalar_one()
    if written is not None:
        return SaveResult(values["question_id"], written.answered_at.isoformat() + "Z", answered,
                          values["answer"], values["client_seq"])
    stored = connection.execute(STORED, {**key, "question_id": values["question_id"]}).one()
    return SaveResult(values["question_id"], stored.answered_at.isoformat() + "Z", answered, stored.answer,
                      stored.client_seq, stale=True)


def _connection() -> Connection:
    return db.session.connection()
