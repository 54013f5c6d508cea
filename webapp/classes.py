"""Classes and rosters: creating classes, adding and removing students, join codes."""
from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import abort
from sqlalchemy import delete, func, select

from . import accounts
from .database import serialize, writing
from .extensions import db
from .models import Assignment, AssignmentException, Attempt, Classroom, Enrollment, LoginSheet, ReadingProgress, User
from .models.base import utcnow
from .rosters import importing
from .rosters.files import RosterFile, RosterFileError
from .rosters.names import PersonName, split_name
from .rosters.sheets import Card, seal, unseal
from .schedule import format_due

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
SHEET_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class Added:
    """What a roster paste did: the new students' cards (with passphrases), the names skipped
    because they were on the roster already, and the sealed sheet that shows the cards once."""

    cards: list[Card]
    skipped: list[str] = field(default_factory=list)
    sheet: tuple[int, str] | None = None  # (LoginSheet id, key for the session)
    joined: int = 0  # students who had an account already (a roster import)
    updated: int = 0


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


def _on_roster(classroom: Classroom) -> set[str]:
    return {" ".join(name.split()).casefold() for name in db.session.scalars(
        select(User.display_name).join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id))}


def add_students(classroom: Classroom, names: Sequence[PersonName | str], add_repeats: bool = False,
                 hold: bool = True) -> Added:
    """New student logins on the roster; names already on it are skipped unless ``add_repeats``.

    The passphrases are hashed first, outside the write lock: 200 argon2 hashes take seconds,
    the inserts a few milliseconds. With ``hold``, the new cards are sealed for one view.
    """
    people = [split_name(n) if isinstance(n, str) else n for n in names]
    on_roster = set() if add_repeats else _on_roster(classroom)
    new = [p for p in people if p.display.casefold() not in on_roster]
    passphrases = [accounts.new_passphrase() for _ in new]
    hashes = accounts.hash_passphrases(passphrases)
    cards = []
    with writing():
        on_roster |= set() if add_repeats else _on_roster(classroom)  # a paste sent twice at once
        for person, passphrase, password_hash in zip(new, passphrases, hashes):
            if person.display.casefold() in on_roster:
                continue
            student = accounts.add_student(person, password_hash)
            db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
            cards.append(Card.of(student, passphrase))
        sheet = _hold(classroom, cards) if hold and cards else None
    return Added(cards, [p.display for p in people if p.display.casefold() in on_roster], sheet)


def import_roster(classroom: Classroom, roster_file: RosterFile) -> Added:
    """Apply a previewed roster file (``importing.plan`` again, inside the write transaction,
    so what changed since the preview is taken into account); new students' cards are held."""
    expected = len(importing.plan(classroom, roster_file).of(importing.ADD))
    passphrases = [accounts.new_passphrase() for _ in range(expected)]
    hashes = accounts.hash_passphrases(passphrases)
    with writing():
        serialize("usernames")  # the plan checks which usernames are free
        planned = importing.plan(classroom, roster_file)
        if len(planned.of(importing.ADD)) != expected:
            raise RosterFileError("The class changed while you were importing. Nothing was imported: "
                                  "look at the preview again.")
        created = importing.apply(classroom, planned.steps, hashes)
        cards = [Card.of(student, passphrase) for (student, _), passphrase in zip(created, passphrases)]
        sheet = _hold(classroom, cards) if cards else None
    return Added(cards, sheet=sheet, joined=len(planned.of(importing.JOIN)),
                 updated=len(planned.of(importing.UPDATE)))


def reset_passphrases(classroom: Classroom, students: Sequence[User]) -> tuple[int, str]:
    """New passphrases for these students (each is signed out everywhere), sealed for one view."""
    passphrases = [accounts.new_passphrase() for _ in students]
    hashes = accounts.hash_passphrases(passphrases)
    with writing():
        for student, password_hash in zip(students, hashes):
            student.password_hash = password_hash
            accounts.end_all_sessions(student)
        return _hold(classroom, [Card.of(s, p) for s, p in zip(students, passphrases)])


def _hold(classroom: Classroom, cards: list[Card]) -> tuple[int, str]:
    """Inside ``writing()``: the cards sealed in a LoginSheet; sheets an hour old go."""
    db.session.execute(delete(LoginSheet).where(LoginSheet.created_at < utcnow() - SHEET_LIFETIME))
    sealed, key = seal(sorted(cards, key=lambda c: (c.display_name.casefold(), c.username)))
    sheet = LoginSheet(classroom_id=classroom.id, sealed=sealed)
    db.session.add(sheet)
    db.session.flush()
    return sheet.id, key


def take_cards(classroom: Classroom, sheet_id: int, key: str) -> list[Card] | None:
    """The cards held for this class under this key, once: the sheet is deleted as it is read."""
    sheet = db.session.get(LoginSheet, sheet_id)
    if sheet is None or sheet.classroom_id != classroom.id or sheet.created_at < utcnow() - SHEET_LIFETIME:
        return None
    cards = unseal(sheet.sealed, key)
    if cards is not None:
        with writing():
            db.session.execute(delete(LoginSheet).where(LoginSheet.id == sheet_id))
    return cards


def students_in_class(classroom: Classroom, student_ids: Sequence[int]) -> list[User]:
    """The students of this class among these ids (others are ignored), by name."""
    return [s for s in roster(classroom) if s.id in set(student_ids)]


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


def exception_warnings(assignment: Assignment, due_at: datetime | None) -> list[str]:
    """What to check before giving students their own due date: one already passed, or one
    earlier than the class's (extra time that takes time away)."""
    if due_at is None:
        return []
    room = assignment.classroom
    warnings = [past_due_warning(room, due_at)] if due_at < utcnow() else []
    if assignment.due_at is not None and due_at < assignment.due_at:
        warnings.append(f"Their due date, {format_due(due_at, room.zone_name)}, is earlier than the class's due "
                        f"date, {format_due(assignment.due_at, room.zone_name)}: they get less time, not more.")
    return warnings


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


class JoiningOff(Exception):
    """The code is a class's, but the class is not taking new students (joining off, or archived)."""


def joinable_classroom(code: str) -> Classroom | None:
    """The class the code lets a student join; None if no class has it. Raises JoiningOff."""
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == code.strip().upper()))
    if classroom is not None and (not classroom.allow_join or classroom.archived):
        raise JoiningOff
    return classroom
