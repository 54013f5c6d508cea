"""Classes and rosters: creating classes, adding and removing students, join codes."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import delete, func, select

from . import accounts
from .database import writing
from .extensions import db
from .models import Assignment, AssignmentException, Attempt, Classroom, Enrollment, ReadingProgress, User
from .schedule import format_due

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@dataclass(frozen=True)
class NewLogin:
    """A student login, shown to the teacher once (passphrases are stored only hashed)."""

    display_name: str
    username: str
    passphrase: str


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)):
            return code


def create_classroom(teacher: User, name: str, allow_join: bool = False) -> Classroom:
    with writing():
        classroom = Classroom(teacher_id=teacher.id, name=name.strip(), join_code=new_join_code(),
                              allow_join=allow_join)
        db.session.add(classroom)
    return classroom


def update_classroom(classroom: Classroom, **changes) -> None:
    """Rename, archive or restore, or open and close joining by code."""
    with writing():
        for name, value in changes.items():
            setattr(classroom, name, value)


def own_classroom(teacher: User, classroom_id: int) -> Classroom:
    """The teacher's class with this id; 404 for anyone else's, so ids reveal nothing."""
    classroom = db.session.get(Classroom, classroom_id)
    if classroom is None or classroom.teacher_id != teacher.id:
        abort(404)
    return classroom


def teacher_classrooms(teacher: User, archived: bool = False) -> list[Classroom]:
    return list(db.session.scalars(select(Classroom).where(
        Classroom.teacher_id == teacher.id, Classroom.archived == archived).order_by(Classroom.name)))


def roster(classroom: Classroom) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id).order_by(User.display_name, User.id)))


def student_in_class(classroom: Classroom, student_id: int) -> User:
    student = db.session.scalar(
        select(User).join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id, User.id == student_id))
    if student is None:
        abort(404)
    return student


def parse_names(text: str) -> list[str]:
    """One name per line; blank lines and repeats of the same line are dropped."""
    seen, names = set(), []
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name[:120])
    return names


def add_students(classroom: Classroom, names: list[str]) -> list[NewLogin]:
    """New student logins on the roster. The passphrases are hashed first, outside the write lock:
    200 argon2 hashes take seconds, the inserts a few milliseconds."""
    passphrases = [accounts.new_passphrase() for _ in names]
    hashes = accounts.hash_in_background(passphrases) if len(passphrases) > 1 else \
        [accounts.hash_password(p) for p in passphrases]
    logins = []
    with writing():
        for name, passphrase, password_hash in zip(names, passphrases, hashes):
            student = accounts.add_student(name, password_hash)
            db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
            logins.append(NewLogin(student.display_name, student.username or "", passphrase))
    return logins


def reset_passphrase(student: User) -> NewLogin:
    passphrase = accounts.new_passphrase()
    password_hash = accounts.hash_password(passphrase)
    with writing():
        student.password_hash = password_hash
        accounts.end_all_sessions(student)
    return NewLogin(student.display_name, student.username or "", passphrase)


def remove_student(classroom: Classroom, student: User, delete_work: bool) -> None:
    """Take a student off the roster; with ``delete_work``, their work for this class goes too.

    A student who is in no other class is deleted entirely when their work is deleted.
    """
    with writing():
        _remove_student(classroom, student, delete_work)


def _remove_student(classroom: Classroom, student: User, delete_work: bool) -> None:
    db.session.execute(delete(Enrollment).where(Enrollment.classroom_id == classroom.id,
                                                Enrollment.student_id == student.id))
    if not delete_work:
        return
    assignment_ids = select(Assignment.id).where(Assignment.classroom_id == classroom.id)
    db.session.execute(delete(Attempt).where(Attempt.student_id == student.id,
                                             Attempt.assignment_id.in_(assignment_ids)))
    db.session.execute(delete(AssignmentException).where(AssignmentException.student_id == student.id,
                                                         AssignmentException.assignment_id.in_(assignment_ids)))
    other_classes = db.session.scalar(select(func.count()).select_from(Enrollment)
                                      .where(Enrollment.student_id == student.id))
    if not other_classes:
        db.session.execute(delete(ReadingProgress).where(ReadingProgress.student_id == student.id))
        db.session.delete(student)


def assign(classroom: Classroom, lesson_ids: list[str], **settings) -> list[Assignment]:
    """One assignment per lesson, each with the same settings."""
    with writing():
        assignments = [Assignment(classroom_id=classroom.id, lesson_id=lesson_id, **settings)
                       for lesson_id in lesson_ids]
        db.session.add_all(assignments)
    return assignments


def assign_warnings(classroom: Classroom, lesson_titles: dict[str, str], due_at: datetime | None,
                    now: datetime) -> list[str]:
    """What the teacher should see before saving: a due date already past, a lesson assigned twice."""
    warnings = [past_due_warning(classroom, due_at)] if due_at is not None and due_at < now else []
    for assignment in db.session.scalars(select(Assignment).where(
            Assignment.classroom_id == classroom.id, Assignment.lesson_id.in_(lesson_titles))
            .order_by(Assignment.id)):
        warnings.append(f"“{lesson_titles[assignment.lesson_id]}” is already assigned to {classroom.name} "
                        f"({format_due(assignment.due_at, classroom.zone_name)}). Saving makes a second "
                        "assignment of it, and students see it twice.")
    return warnings


def past_due_warning(classroom: Classroom, due_at: datetime) -> str:
    return (f"The due date, {format_due(due_at, classroom.zone_name)}, has already passed: students will see "
            "the work as overdue, and anything they hand in will be marked late.")


def update_assignment(assignment: Assignment, **settings) -> None:
    """Change an assignment's settings. Attempts and answers stay as they are; an attempt already
    started keeps its own question order (its shuffle seed), whatever ``shuffle`` becomes."""
    with writing():
        for name, value in settings.items():
            setattr(assignment, name, value)


def release_answers(assignment: Assignment) -> None:
    """Every student sees the correct answers from now on (after submitting)."""
    update_assignment(assignment, show_answers="immediately")


def remove_assignment(assignment: Assignment) -> None:
    """The assignment goes, and its attempts and answers with it (the teacher was asked first)."""
    with writing():
        db.session.delete(assignment)


def joinable_classroom(code: str) -> Classroom | None:
    return db.session.scalar(select(Classroom).where(
        Classroom.join_code == code.strip().upper(), Classroom.allow_join.is_(True),
        Classroom.archived.is_(False)))
