"""Taking a quiz: attempts, saving answers the moment they are given, and submitting.

Every function is safe to call twice at once (a double click, a replayed request, two
tabs): an attempt is created once per number, an answer is one row per question that a
later save replaces, and submitting a submitted attempt changes nothing.

The writers below end the request's read transaction first and take the write lock only
for their own few statements (``writing()``): holding SQLite's one write lock for a whole
request made a quiz morning queue up behind it (bench/README.md).
"""
from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from .content.loader import Content
from .content.questions import Question
from .database import writing
from .extensions import db
from .models import Assignment, Attempt, Classroom, Enrollment, Response, User
from .models.base import utcnow
from .models.work import IN_PROGRESS, SUBMITTED
from .schedule import Effective, student_terms


class QuizClosed(Exception):
    """The attempt is already submitted (a stale tab or a replayed request)."""


class BadAnswer(ValueError):
    """The answer is not one this question can take."""


class MalformedSave(ValueError):
    """The request is not an answer save at all (its body, question id or sequence number)."""


# Sequence numbers come from a per-attempt counter on the device (never its clock); they stay
# far below the 64-bit column and JavaScript's exact integers.
MAX_SEQ = 2**53


@dataclass(frozen=True)
class SaveRequest:
    question_id: str
    fields: dict[str, list[str]]
    seq: int

    def getlist(self, name: str) -> list[str]:
        return self.fields.get(name, [])


def read_save_request(data: Any) -> SaveRequest:
    """The quiz page's JSON body, checked: anything else is a MalformedSave (400), never a 500."""
    if not isinstance(data, dict):
        raise MalformedSave("Expected an answer: a JSON object with question_id, fields and seq.")
    question_id, fields, seq = data.get("question_id"), data.get("fields", {}), data.get("seq", 0)
    if not isinstance(question_id, str) or not isinstance(fields, dict):
        raise MalformedSave("The answer needs a question_id (text) and fields (an object).")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < MAX_SEQ:
        raise MalformedSave(f"seq must be a whole number from 0 to {MAX_SEQ - 1}.")
    values = {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in fields.items()}
    return SaveRequest(question_id, values, seq)


@dataclass(frozen=True)
class SaveResult:
    """What the database holds for the question after a save.

    ``stale`` means the save changed nothing because a newer one (a higher sequence number,
    from this device or another) is stored; ``answer`` and ``seq`` are then the stored ones.
    """

    question_id: str
    answered_at: str
    answered: int
    answer: Any = None
    seq: int = 0
    stale: bool = False
    cleared: bool = False


def attempts_for(assignment: Assignment, student: User) -> list[Attempt]:
    return list(db.session.scalars(select(Attempt).where(
        Attempt.assignment_id == assignment.id, Attempt.student_id == student.id)
        .order_by(Attempt.number)))


def may_change():
    """SQL, true for an attempt whose student is still in its class and the class is not archived.

    Answers and submits need both; a column of the attempt's own query, so it costs no statement.
    """
    return exists().where(Enrollment.student_id == Attempt.student_id,
                          Enrollment.classroom_id == Assignment.classroom_id,
                          Classroom.id == Assignment.classroom_id, Classroom.archived.is_(False),
                          Assignment.id == Attempt.assignment_id)


def open_attempt(assignment: Assignment, student: User) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(
        Attempt.assignment_id == assignment.id, Attempt.student_id == student.id,
        Attempt.status == IN_PROGRESS))


def can_start_new(terms: Effective, attempts: list[Attempt]) -> bool:
    """No attempt open, and attempts left (the student's extra attempts count)."""
    if any(a.status == IN_PROGRESS for a in attempts):
        return False
    return terms.attempts_allowed == 0 or len(attempts) < terms.attempts_allowed


def start_or_resume(assignment: Assignment, student: User, terms: Effective | None = None) -> Attempt | None:
    """The student's open attempt, or a new one if they have attempts left, else None.

    ``terms`` are the student's (``schedule.effective``); without them they are looked up.
    """
    terms = terms or student_terms(assignment, student)
    with writing():
        attempts = attempts_for(assignment, student)
        existing = next((a for a in attempts if a.status == IN_PROGRESS), None)
        if existing is not None or not can_start_new(terms, attempts):
            return existing
        attempt = Attempt(assignment_id=assignment.id, student_id=student.id, number=len(attempts) + 1,
                          shuffle_seed=secrets.randbelow(2**31) if assignment.shuffle else 0)
        db.session.add(attempt)
        try:
            db.session.commit()
        except IntegrityError:  # PostgreSQL: the same request raced us; use the attempt it made
            db.session.rollback()
            return open_attempt(assignment, student)
    return attempt


def ordered_questions(attempt: Attempt, content: Content) -> list[Question]:
    quiz = content.quiz_for(attempt.assignment.lesson_id)
    questions = list(quiz.questions) if quiz else []
    if attempt.shuffle_seed:
        random.Random(attempt.shuffle_seed).shuffle(questions)
    return questions


def choice_order(attempt: Attempt, question: Question, ids: list[str]) -> list[str]:
    """Choices, items or right-hand sides in the order this attempt shows them."""
    if not attempt.shuffle_seed and question.type_name not in ("ordering", "matching"):
        return ids
    shuffled = list(ids)
    random.Random(f"{attempt.shuffle_seed}:{attempt.id}:{question.id}").shuffle(shuffled)
    if question.type_name == "ordering" and shuffled == ids and len(ids) > 1:
        shuffled = shuffled[1:] + shuffled[:1]  # never show an ordering already solved
    return shuffled


def answers_of(attempt: Attempt) -> dict[str, Response]:
    return {r.question_id: r for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt.id))}


def save_answer(attempt: Attempt, question: Question, raw: Any, client_seq: int = 0) -> SaveResult:
    """Store (or replace) one answer, stamped with the time the request arrived.

    A save whose ``client_seq`` is lower than the stored one is older than what we have
    (a replay, or a retry that arrived late) and leaves the stored answer alone.
    """
    answer = question.normalize(raw)
    if answer is None:
        raise BadAnswer(f"That is not an answer to question {question.id}.")
    now = utcnow()
    attempt_id = attempt.id  # read before the commit below expires the object
    with writing():
        return _store_answer(attempt_id, question, answer, now, client_seq)


def give_answer(attempt: Attempt, question: Question, getlist: Callable[[str], list[str]],
                client_seq: int = 0) -> SaveResult:
    """An answer from the quiz form: saved, or taken back when every field of it is empty."""
    if question.is_blank(getlist):
        return clear_answer(attempt, question, client_seq)
    return save_answer(attempt, question, question.from_form(getlist), client_seq)


def clear_answer(attempt: Attempt, question: Question, client_seq: int = 0) -> SaveResult:
    """Take an answer back: its row goes, so the question counts as unanswered everywhere.

    Like a save, a clear older than the stored answer changes nothing (``stale``).
    """
    now = utcnow()
    attempt_id = attempt.id
    with writing():
        return _clear_answer(attempt_id, question, now, client_seq)


def _clear_answer(attempt_id: int, question: Question, now: datetime, client_seq: int) -> SaveResult:
    status = db.session.scalar(select(Attempt.status).where(Attempt.id == attempt_id).with_for_update())
    if status != IN_PROGRESS:
        db.session.commit()
        raise QuizClosed()
    this = (Response.attempt_id == attempt_id) & (Response.question_id == question.id)
    stored = db.session.execute(select(Response.answer, Response.client_seq, Response.answered_at)
                                .where(this).with_for_update()).first()
    stale = stored is not None and client_seq != 0 and stored.client_seq > client_seq
    if stored is not None and not stale:
        db.session.execute(delete(Response).where(this))
    answered = db.session.scalar(select(func.count()).select_from(Response)
                                 .where(Response.attempt_id == attempt_id)) or 0
    db.session.commit()
    if stored is not None and stale:
        return SaveResult(question.id, stored.answered_at.isoformat() + "Z", answered, stored.answer,
                          stored.client_seq, stale=True)
    return SaveResult(question.id, now.isoformat() + "Z", answered, seq=client_seq, cleared=True)


def _store_answer(attempt_id: int, question: Question, answer: Any, now: datetime,
                  client_seq: int) -> SaveResult:
    status = db.session.scalar(select(Attempt.status).where(Attempt.id == attempt_id).with_for_update())
    if status != IN_PROGRESS:
        db.session.commit()
        raise QuizClosed()
    values = dict(attempt_id=attempt_id, question_id=question.id, answer=answer,
                  points=question.score(answer).points, answered_at=now, client_seq=client_seq)
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Response).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["attempt_id", "question_id"],
        set_={k: stmt.excluded[k] for k in ("answer", "points", "answered_at", "client_seq")},
        where=(Response.client_seq <= stmt.excluded.client_seq) | (stmt.excluded.client_seq == 0))
    db.session.execute(stmt)
    answered = select(func.count()).select_from(Response).where(Response.attempt_id == attempt_id)
    stored = db.session.execute(select(Response.answer, Response.client_seq, Response.answered_at,
                                       answered.scalar_subquery().label("answered")).where(
        Response.attempt_id == attempt_id, Response.question_id == question.id)).one()
    db.session.commit()
    stale = client_seq != 0 and stored.client_seq > client_seq
    return SaveResult(question.id, stored.answered_at.isoformat() + "Z", stored.answered, stored.answer,
                      stored.client_seq, stale)


def last_seq(responses: dict[str, Response]) -> int:
    """The highest sequence number stored for an attempt: the page's counter starts above it."""
    return max((r.client_seq or 0 for r in responses.values()), default=0)


def submit(attempt: Attempt, content: Content) -> Attempt:
    """Score and close the attempt; a second submit returns it unchanged."""
    questions = {q.id: q for q in ordered_questions(attempt, content)}
    with writing():
        return _close(attempt, questions)


def _close(attempt: Attempt, questions: dict[str, Question]) -> Attempt:
    locked = _lock(attempt)
    if locked.status == SUBMITTED:
        db.session.commit()
        return locked
    score = 0.0
    for response in db.session.scalars(select(Response).where(Response.attempt_id == locked.id)):
        question = questions.get(response.question_id)
        if question is not None:
            response.points = question.score(response.answer).points
            score += response.points
    locked.score, locked.max_score = score, float(len(questions))
    locked.status, locked.submitted_at = SUBMITTED, utcnow()
    db.session.commit()
    return locked


def _lock(attempt: Attempt) -> Attempt:
    """Re-read the attempt inside a write transaction, locking its row on PostgreSQL."""
    db.session.expire(attempt)
    return db.session.scalars(select(Attempt).where(Attempt.id == attempt.id)
                              .with_for_update().execution_options(populate_existing=True)).one()
