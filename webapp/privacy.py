"""What we hold about a student, for the teacher to export (docs/privacy.md lists it all)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .extensions import db
from .models import (
    Assignment,
    AssignmentException,
    Attempt,
    Classroom,
    Enrollment,
    Grade,
    LtiUser,
    ReadingProgress,
    Response,
    User,
)


def student_record(teacher: User, student: User) -> dict[str, Any]:
    """Everything stored about the student in this teacher's classes, as plain data."""
    classrooms = db.session.scalars(select(Classroom).join(Enrollment).where(
        Enrollment.student_id == student.id, Classroom.teacher_id == teacher.id)).all()
    attempts = db.session.scalars(select(Attempt).join(Assignment).join(Classroom).where(
        Attempt.student_id == student.id, Classroom.teacher_id == teacher.id).order_by(Attempt.id)).all()
    responses = db.session.scalars(select(Response).where(
        Response.attempt_id.in_([a.id for a in attempts])).order_by(Response.id)).all()
    exceptions = db.session.scalars(select(AssignmentException).join(Assignment).join(Classroom).where(
        AssignmentException.student_id == student.id, Classroom.teacher_id == teacher.id)
        .order_by(AssignmentException.id)).all()
    grades = db.session.scalars(select(Grade).where(
        Grade.response_id.in_([r.id for r in responses])).order_by(Grade.id)).all()
    reading = db.session.scalars(select(ReadingProgress).where(
        ReadingProgress.student_id == student.id).order_by(ReadingProgress.id)).all()
    return {
        "student": {"display_name": student.display_name, "username": student.username,
                    "sourced_id": student.sourced_id, "student_number": student.student_number,
                    "created_at": student.created_at.isoformat()},
        "classes": [{"name": c.name} for c in classrooms],
        "attempts": [{"id": a.id, "lesson": a.assignment.lesson_id, "number": a.number, "status": a.status,
                      "started_at": a.started_at.isoformat(),
                      "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                      "score": a.score, "max_score": a.max_score} for a in attempts],
        "answers": [{"attempt_id": r.attempt_id, "question": r.question_id, "answer": r.answer,
                     "points": r.points, "answered_at": r.answered_at.isoformat()} for r in responses],
        "grades": [{"answer_of_attempt": g.response.attempt_id, "question": g.response.question_id,
                    "levels": g.levels, "comment": g.comment, "graded_at": g.graded_at.isoformat(),
                    "released_at": g.released_at.isoformat() if g.released_at else None} for g in grades],
        "exceptions": [{"assignment_id": e.assignment_id, "due_at": e.due_at.isoformat() if e.due_at else None,
                        "extra_attempts": e.extra_attempts, "answers_released": e.answers_released}
                       for e in exceptions],
        "reading": [{"lesson": p.lesson_id, "section": p.section, "read_at": p.read_at.isoformat()}
                    for p in reading],
        "lms_accounts": [{"lms": issuer, "lms_user_id": sub} for issuer, sub in db.session.execute(
            select(LtiUser.issuer, LtiUser.sub).where(LtiUser.user_id == student.id).order_by(LtiUser.id))],
        "not_stored": "No email, birth date, address, IP address or browsing history is kept for students. "
                      "The passphrase is stored only as an argon2id hash.",
    }
