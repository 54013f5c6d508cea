"""Grading written responses with the question's rubric, releasing the grades, the comment bank.

A written answer is "awaiting grading" from the moment it is submitted until its teacher's grade
is released: its ``Response.points`` stay None, and the attempt's score and maximum leave it out
(``quizzing._close``). Releasing sets the points (the rubric's share, 0 to 1, like every other
question's) and adds the question back to the attempt's maximum (``_rescore``).

Grades are released per assignment and question, when the teacher has graded the class (no
student sees a grade while classmates' answers to the same task are still being graded); the
release is stamped on each grade, so one graded after it (a late submission) waits for the
next release and the released ones stay as they are.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from .content.loader import Content
from .content.questions.written_response import WrittenResponse, word_count
from .database import writing
from .extensions import db
from .models import Assignment, Attempt, BankComment, Grade, Response, User
from .models.base import utcnow
from .models.work import SUBMITTED

MAX_COMMENT = 2000
AWAITING = "Awaiting grading"


class GradingError(ValueError):
    """The grade or comment can't be taken as sent (the message says why, for the teacher)."""


@dataclass
class Paper:
    """One submitted answer to grade, with the student and the grade so far."""

    response: Response
    attempt: Attempt
    student: User
    grade: Grade | None

    @property
    def words(self) -> int:
        return word_count(self.response.answer if isinstance(self.response.answer, str) else "")

    @property
    def status(self) -> str:
        if self.grade is None:
            return "ungraded"
        return "released" if self.grade.is_released else "graded"


def written_questions(assignment: Assignment, content: Content) -> list[WrittenResponse]:
    quiz = content.quiz_for(assignment.lesson_id)
    return [q for q in (quiz.questions if quiz else []) if isinstance(q, WrittenResponse)]


def papers(assignment: Assignment, question: WrittenResponse, anonymous: bool = False) -> list[Paper]:
    """The class's submitted answers to one question, in roster order (name, then attempt); with
    names hidden, in the order they were submitted, so "Student 3" says nothing about the name."""
    rows = db.session.execute(
        select(Response, Attempt, User, Grade).join(Attempt, Attempt.id == Response.attempt_id)
        .join(User, User.id == Attempt.student_id).outerjoin(Grade, Grade.response_id == Response.id)
        .where(Attempt.assignment_id == assignment.id, Attempt.status == SUBMITTED,
               Response.question_id == question.id)
        .order_by(*((Attempt.submitted_at, Attempt.id) if anonymous else (User.display_name, User.id, Attempt.number)))
    ).all()
    return [Paper(*row) for row in rows]


def save_grade(paper: Paper, question: WrittenResponse, levels: object, comment: str, grader: User) -> Grade:
    """Grade (or grade again) one answer. A released grade changed stays released and rescores
    (``grade.is_released``: the caller sends the new score to the LMS)."""
    chosen = question.check_levels(levels)
    if chosen is None:
        raise GradingError("Choose one level for each part of the rubric.")
    comment = (comment or "").replace("\r\n", "\n").strip()
    if len(comment) > MAX_COMMENT:
        raise GradingError(f"The comment is longer than {MAX_COMMENT:,} characters. Shorten it and save again.")
    response_id, grader_id, attempt_id = paper.response.id, grader.id, paper.attempt.id
    points = question.rubric_score(chosen).points
    with writing():
        grade = db.session.scalar(select(Grade).where(Grade.response_id == response_id))
        if grade is None:
            grade = Grade(response_id=response_id)
            db.session.add(grade)
        grade.levels, grade.comment, grade.grader_id, grade.graded_at = chosen, comment, grader_id, utcnow()
        if grade.released_at is not None:
            db.session.get_one(Response, response_id).points = points
            db.session.flush()
            _rescore(attempt_id)
    return grade


def release(assignment: Assignment, question: WrittenResponse) -> list[int]:
    """Release every graded, unreleased answer to this question in this assignment: the attempt of
    each answer released (one per grade), for the LMS score outbox."""
    now, assignment_id = utcnow(), assignment.id
    with writing():
        rows = db.session.execute(
            select(Grade, Response).join(Response, Response.id == Grade.response_id)
            .join(Attempt, Attempt.id == Response.attempt_id)
            .where(Attempt.assignment_id == assignment_id, Response.question_id == question.id,
                   Grade.released_at.is_(None))).all()
        for grade, response in rows:
            grade.released_at = now
            response.points = question.rubric_score(grade.levels).points
        db.session.flush()
        for attempt_id, count in Counter(response.attempt_id for _, response in rows).items():
            _rescore(attempt_id, count)
    return [response.attempt_id for _, response in rows]


def _rescore(attempt_id: int, released: int = 0) -> None:
    """The attempt's score again from its stored points, and ``released`` answers that were
    awaiting grading back in its maximum (inside ``writing()``; the points are flushed)."""
    attempt = db.session.get_one(Attempt, attempt_id)
    earned = db.session.scalar(select(func.coalesce(func.sum(Response.points), 0.0))
                               .where(Response.attempt_id == attempt_id))
    attempt.score = float(earned or 0.0)
    attempt.max_score = (attempt.max_score or 0.0) + released


def pending_count(attempt_ids: list[int] | Select) -> dict[int, int]:
    """Answers awaiting grading per attempt (submitted written answers without a released grade),
    for a list of attempt ids or a select of them (one statement, whatever the class size)."""
    if isinstance(attempt_ids, list) and not attempt_ids:
        return {}
    rows = db.session.execute(select(Response.attempt_id, func.count(Response.id))
                              .join(Attempt, Attempt.id == Response.attempt_id)
                              .where(Response.attempt_id.in_(attempt_ids), Response.points.is_(None),
                                     Attempt.status == SUBMITTED)
                              .group_by(Response.attempt_id)).all()
    return {attempt_id: count for attempt_id, count in rows}


def pending_among(responses: dict[str, Response]) -> int:
    """Answers awaiting grading among a submitted attempt's responses (already loaded: no statement).
    Only a teacher-graded answer keeps points None once its attempt is submitted."""
    return sum(1 for response in responses.values() if response.points is None)


def released_grades(attempt: Attempt) -> dict[str, Grade]:
    """The attempt's released grades by question id: what its student may see."""
    return {response.question_id: grade for grade, response in db.session.execute(
        select(Grade, Response).join(Response, Response.id == Grade.response_id)
        .where(Response.attempt_id == attempt.id, Grade.released_at.is_not(None))).all()}


def bank(teacher: User) -> list[BankComment]:
    return list(db.session.scalars(select(BankComment).where(BankComment.teacher_id == teacher.id)
                                   .order_by(BankComment.created_at, BankComment.id)))


def own_comment(teacher: User, comment_id: int) -> BankComment | None:
    """One of the teacher's own bank comments, else None."""
    comment = db.session.get(BankComment, comment_id)
    return comment if comment is not None and comment.teacher_id == teacher.id else None


def add_to_bank(teacher: User, text: str) -> BankComment:
    text = (text or "").strip()
    if not text:
        raise GradingError("Type the comment to keep first.")
    if len(text) > MAX_COMMENT:
        raise GradingError(f"A comment can be at most {MAX_COMMENT:,} characters.")
    teacher_id = teacher.id
    with writing():
        if db.session.scalar(select(func.count(BankComment.id)).where(BankComment.teacher_id == teacher_id,
                                                                      BankComment.text == text)):
            raise GradingError("That comment is already in your bank.")
        comment = BankComment(teacher_id=teacher_id, text=text)
        db.session.add(comment)
    return comment


def remove_from_bank(teacher: User, comment_id: int) -> bool:
    """Delete one of the teacher's own bank comments; False when they have no such comment."""
    teacher_id = teacher.id
    with writing():
        comment = db.session.get(BankComment, comment_id)
        if comment is None or comment.teacher_id != teacher_id:
            return False
        db.session.delete(comment)
    return True
