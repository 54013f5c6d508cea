"""The rows the reports read: one statement each, whatever the size of the class.

Reports pick ONE submitted attempt per student and assignment: the first (what a student
understood before seeing any answers: item analysis) or the latest (where they stand now:
mastery). Picking happens in SQL, so a class of 1,000 costs the same number of statements
as a class of 10.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select

from ..extensions import db
from ..models import Assignment, Attempt, Enrollment, QuestionVersion, Response
from ..models.work import SUBMITTED

FIRST, LATEST = "first", "latest"


@dataclass(frozen=True)
class Answer:
    answer: Any
    points: float
    version_id: int | None = None  # the version of the question it answered
    earlier: bool = False  # that version is not the question's current one
    pending: bool = False  # a written answer awaiting the teacher's grade: points 0, and counted nowhere


@dataclass
class PickedAttempt:
    """One student's chosen submitted attempt at one assignment, with its answers."""

    attempt: Attempt
    answers: dict[str, Answer]

    @property
    def student_id(self) -> int:
        return self.attempt.student_id

    @property
    def assignment_id(self) -> int:
        return self.attempt.assignment_id

    @property
    def percent(self) -> int | None:
        return self.attempt.percent


def picked_attempts(pick: str, classroom_id: int, assignment_id: int | None = None) -> list[PickedAttempt]:
    """The first or latest submitted attempt of each enrolled student, for a class or one assignment.

    Students taken off the roster keep their work, but it no longer counts in the class's reports.
    """
    chosen = _chosen(pick, classroom_id, assignment_id)
    attempts = db.session.scalars(chosen).all()
    answers: dict[int, dict[str, Answer]] = defaultdict(dict)
    ids = chosen.with_only_columns(Attempt.id).scalar_subquery()
    latest = (select(func.max(QuestionVersion.id)).where(QuestionVersion.question_id == Response.question_id)
              .correlate(Response).scalar_subquery())
    for attempt_id, question_id, answer, points, version_id, earlier in db.session.execute(
            select(Response.attempt_id, Response.question_id, Response.answer, Response.points, Response.version_id,
                   Response.version_id != latest)
            .where(Response.attempt_id.in_(ids))):
        answers[attempt_id][question_id] = Answer(answer, points or 0.0, version_id, bool(earlier), points is None)
    return [PickedAttempt(a, answers.get(a.id, {})) for a in attempts]


def first_answers(classroom_id: int, assignment_id: int, question_ids: list[str]) -> tuple[int, dict[str, list[Any]]]:
    """How many enrolled students submitted the assignment, and their answers to these questions
    on their first submitted attempts: one statement (the teacher's attempt page shows it)."""
    chosen = _chosen(FIRST, classroom_id, assignment_id).with_only_columns(Attempt.id).subquery()
    rows = db.session.execute(
        select(chosen.c.id, Response.question_id, Response.answer)
        .outerjoin(Response, and_(Response.attempt_id == chosen.c.id, Response.question_id.in_(question_ids))))
    students: set[int] = set()
    answers: dict[str, list[Any]] = defaultdict(list)
    for attempt_id, question_id, answer in rows:
        students.add(attempt_id)
        if question_id is not None:
            answers[question_id].append(answer)
    return len(students), answers


def _chosen(pick: str, classroom_id: int, assignment_id: int | None) -> Select:
    where = [Attempt.status == SUBMITTED,
             Attempt.assignment_id.in_(select(Assignment.id).where(Assignment.classroom_id == classroom_id)),
             Attempt.student_id.in_(select(Enrollment.student_id).where(Enrollment.classroom_id == classroom_id))]
    if assignment_id is not None:
        where.append(Attempt.assignment_id == assignment_id)
    number = func.min(Attempt.number) if pick == FIRST else func.max(Attempt.number)
    best = (select(Attempt.student_id, Attempt.assignment_id, number.label("number"))
            .where(*where).group_by(Attempt.student_id, Attempt.assignment_id).subquery())
    same = and_(Attempt.student_id == best.c.student_id, Attempt.assignment_id == best.c.assignment_id,
                Attempt.number == best.c.number)
    return select(Attempt).join(best, same).order_by(Attempt.student_id, Attempt.assignment_id)


def submission_times(classroom_id: int) -> dict[int, datetime | None]:
    """Attempt id -> when it was submitted, for every submitted attempt in the class."""
    return dict(db.session.execute(
        select(Attempt.id, Attempt.submitted_at).join(Assignment)
        .where(Assignment.classroom_id == classroom_id, Attempt.status == SUBMITTED)).all())

