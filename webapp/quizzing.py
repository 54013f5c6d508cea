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
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, select, update
from sqlalchemy.exc import IntegrityError

from . import regrade
from .content.loader import Content
from .content.questions import Question
from .database import writing
from .extensions import db
from .models import Assignment, Attempt, Classroom, Enrollment, Regrade, Response, User
from .models.base import utcnow
from .models.work import IN_PROGRESS, SUBMITTED
from .schedule import Effective, student_terms
from .versions import as_asked, check_format, current_ids


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
    return question.display_order(ids, f"{attempt.shuffle_seed}:{attempt.id}:{question.id}",
                                  shuffle=bool(attempt.shuffle_seed))


def answers_of(attempt: Attempt) -> dict[str, Response]:
    return {r.question_id: r for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt.id))}


@dataclass(frozen=True)
class Answered:
    """A submitted attempt as its results show it: each question as it was asked (its answer's
    version), the answers, and a note for each answer regraded since ("regraded on …")."""

    questions: list[Question]
    responses: dict[str, Response]
    regrade_notes: dict[str, str]


def as_answered(attempt: Attempt, content: Content) -> Answered:
    """The answers and their regrades in one statement (the results page is a page of the bell)."""
    responses: dict[str, Response] = {}
    regrades: dict[str, Regrade] = {}
    for response, record in db.session.execute(
            select(Response, Regrade).outerjoin(Regrade, Regrade.response_id == Response.id)
            .where(Response.attempt_id == attempt.id).order_by(Regrade.regraded_at, Regrade.id)):
        responses[response.question_id] = response
        if record is not None:
            regrades[response.question_id] = record
    notes = {}
    if regrades:
        zone_name = attempt.assignment.classroom.zone_name
        notes = {question_id: regrade.note(record, zone_name) for question_id, record in regrades.items()}
    return Answered(as_asked(ordered_questions(attempt, content), responses), responses, notes)


def held_answers(attempt: Attempt, content: Content) -> dict[str, dict[str, Any]]:
    """What the server holds for an attempt, as the quiz form's fields: a page open on a second
    device refreshes from it when the student comes back to it."""
    held = {}
    for response in answers_of(attempt).values():
        question = content.question(response.question_id)
        if question is not None:
            held[response.question_id] = {"fields": question.to_fields(response.answer), "seq": response.client_seq or 0,
                                          "saved_at": response.answered_at.isoformat() + "Z"}
    return held


def last_seq(responses: dict[str, Response]) -> int:
    """The highest sequence number stored for an attempt: the page's counter starts above it."""
    return max((r.client_seq or 0 for r in responses.values()), default=0)


def submit(attempt: Attempt, content: Content) -> Attempt:
    """Score and close the attempt; a second submit returns it unchanged.

    The answers are read and scored before the write lock (500 students submit at the bell);
    inside it, the status is checked and each answer's stamp (seq and time) read again: if an
    answer was saved in between, the attempt is scored again there, else only the writes run.
    An answer given to an older version of its question (the file changed while the attempt was
    open) is scored by the current one, and from then on points at it, so its results agree.
    """
    questions = {q.id: q for q in ordered_questions(attempt, content)}
    attempt_id = attempt.id  # read before writing() expires the object
    scored = _scored(db.session.connection().execute(_RESPONSES, {"attempt_id": attempt_id}), questions)
    with writing():
        return _close(attempt_id, questions, scored)


_responses = cast(Table, Response.__table__)
_RESPONSES = select(_responses.c.id, _responses.c.question_id, _responses.c.answer, _responses.c.points,
                    _responses.c.client_seq, _responses.c.answered_at, _responses.c.answer_format,
                    _responses.c.version_id).where(
    _responses.c.attempt_id == bindparam("attempt_id"))
_STAMPS = select(_responses.c.id, _responses.c.client_seq, _responses.c.answered_at).where(
    _responses.c.attempt_id == bindparam("attempt_id"))
_SET_POINTS = update(_responses).where(_responses.c.id == bindparam("response_id")).values(
    points=bindparam("new_points"))
_SET_VERSION = update(_responses).where(_responses.c.id == bindparam("response_id")).values(
    version_id=bindparam("new_version"))


@dataclass(frozen=True)
class _Scored:
    stamp: tuple[int, datetime]
    stored: float | None
    points: float | None  # None: no longer in the quiz, or awaiting the teacher's grade (not counted)
    version: int | None = None  # the current version, when the answer points at an older one
    pending: bool = False  # awaiting grading: counts in neither the score nor the maximum


def _scored(rows, questions: dict[str, Question]) -> dict[int, _Scored]:
    """Each response's points by the quiz as it is now; a teacher-graded answer keeps its stored
    points (None until its grade is released, ``grading.release``)."""
    rows, current, out = list(rows), current_ids(), {}
    for r in rows:
        check_format(r.id, r.question_id, r.answer_format)
        question = questions.get(r.question_id)
        now = current.get(r.question_id) if question is not None else None
        moved = now if now != r.version_id else None
        if question is not None and not question.auto_scored:
            out[r.id] = _Scored((r.client_seq, r.answered_at), r.points, r.points, moved, pending=r.points is None)
        else:
            out[r.id] = _Scored((r.client_seq, r.answered_at), r.points,
                                question.score(r.answer).points if question is not None else None, moved)
    return out


def _close(attempt_id: int, questions: dict[str, Question], scored: dict[int, _Scored]) -> Attempt:
    locked = _lock(attempt_id)
    if locked.status == SUBMITTED:
        return locked
    connection = db.session.connection()
    stamps = {r.id: (r.client_seq, r.answered_at) for r in connection.execute(_STAMPS, {"attempt_id": locked.id})}
    if stamps != {key: s.stamp for key, s in scored.items()}:  # saved since we scored: score again
        scored = _scored(connection.execute(_RESPONSES, {"attempt_id": locked.id}), questions)
    points = {key: s.points for key, s in scored.items() if s.points is not None}
    changed = [{"response_id": key, "new_points": p} for key, p in points.items() if p != scored[key].stored]
    if changed:
        connection.execute(_SET_POINTS, changed)
    moved = [{"response_id": key, "new_version": s.version} for key, s in scored.items() if s.version is not None]
    if moved:
        connection.execute(_SET_VERSION, moved)
    pending = sum(1 for s in scored.values() if s.pending)
    locked.score, locked.max_score = sum(points.values()), float(len(questions) - pending)
    locked.status, locked.submitted_at = SUBMITTED, utcnow()
    return locked


def _lock(attempt_id: int) -> Attempt:
    """Re-read the attempt inside a write transaction, locking its row on PostgreSQL."""
    return db.session.scalars(select(Attempt).where(Attempt.id == attempt_id)
                              .with_for_update().execution_options(populate_existing=True)).one()
