"""Importing a roster file into a class: read it, preview what would change, then apply.

Rows are matched to the teacher's own students (in any of their classes) by sourcedId, then
student number, then username, and finally by name among students of this class who have no
ids from the school's system yet. A matched student is updated (name, ids; never the
username) and put in this class if they are not in it; anyone else gets a new account. A
second row for the same student is a problem, so a file can never make a duplicate.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from .. import accounts
from ..extensions import db
from ..models import Classroom, Enrollment, User
from . import csv_roster, oneroster
from .files import Problem, RosterFile, RosterFileError, Row, decode, is_zip
from .names import PersonName

MAX_NEW = 500
ADD, JOIN, UPDATE, SAME = "add", "join", "update", "same"


def read_upload(filename: str, data: bytes) -> RosterFile:
    """A plain CSV or a OneRoster zip, told apart by their first bytes."""
    if not data:
        raise RosterFileError("The file is empty.")
    if is_zip(data):
        return oneroster.read(data)
    if filename.lower().endswith(".zip"):
        raise RosterFileError("That file is named .zip but is not a zip file.")
    return csv_roster.read(decode(data, filename or "the file"), filename or "roster.csv")


@dataclass(frozen=True)
class Step:
    """What importing one row will do."""

    row: Row
    action: str  # ADD (new account), JOIN (existing account joins this class), UPDATE, SAME
    student: User | None = None
    changes: tuple[str, ...] = ()


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, action: str) -> list[Step]:
        return [s for s in self.steps if s.action == action]

    @property
    def changes_anything(self) -> bool:
        return any(s.action != SAME for s in self.steps)


def _teachers_students(classroom: Classroom) -> tuple[list[User], set[int]]:
    """Students on any roster of this class's teacher, and the ids of those in this class."""
    rows = list(db.session.execute(
        select(User, Enrollment.classroom_id).join(Enrollment, Enrollment.student_id == User.id)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .where(Classroom.teacher_id == classroom.teacher_id)))
    students = {user.id: user for user, _ in rows}
    return list(students.values()), {user.id for user, room in rows if room == classroom.id}


def _changes(student: User, row: Row) -> tuple[str, ...]:
    changes = []
    if row.name.display != student.display_name:
        changes.append(f"name: {student.display_name} → {row.name.display}")
    if row.sourced_id and row.sourced_id != student.sourced_id:
        changes.append(f"sourcedId: {row.sourced_id}")
    if row.student_number and row.student_number != student.student_number:
        changes.append(f"student number: {row.student_number}")
    return tuple(changes)


def _username_problem(row: Row, new_usernames: dict[str, Row]) -> Problem | None:
    """Why a new student's username from the file can't be theirs (taken here or by an earlier row)."""
    if not row.username:
        return None
    if row.username in new_usernames:
        return Problem(row.file, row.line, f"the username {row.username} is on line "
                                           f"{new_usernames[row.username].line} too")
    if db.session.scalar(select(func.count()).select_from(User).where(func.lower(User.username) == row.username)):
        return Problem(row.file, row.line, f"the username {row.username} belongs to another student of this school")
    return None


def plan(classroom: Classroom, roster_file: RosterFile) -> Plan:
    """What importing these rows into this class would do; reads only."""
    students, in_class = _teachers_students(classroom)
    by = {"sourced_id": {s.sourced_id: s for s in students if s.sourced_id},
          "student_number": {s.student_number: s for s in students if s.student_number},
          "username": {(s.username or "").lower(): s for s in students}}
    by_name = {s.display_name.casefold(): s for s in students
               if s.id in in_class and not s.sourced_id and not s.student_number}
    result = Plan(problems=list(roster_file.problems))
    claimed: dict[object, Row] = {}
    new_usernames: dict[str, Row] = {}
    for row in roster_file.rows:
        student = next((by[key][getattr(row, key)] for key in by if getattr(row, key) in by[key]), None)
        if student is None:
            student = by_name.get(row.name.display.casefold())
        key = student.id if student else ("new", row.sourced_id or row.student_number or row.username
                                          or row.name.display.casefold())
        if key in claimed:
            result.problems.append(Problem(row.file, row.line, f"the same student as line {claimed[key].line}"))
            continue
        claimed[key] = row
        if student is None:
            problem = _username_problem(row, new_usernames)
            if problem:
                result.problems.append(problem)
                continue
            new_usernames.setdefault(row.username, row)
            result.steps.append(Step(row, ADD))
            continue
        changes = _changes(student, row)
        action = JOIN if student.id not in in_class else UPDATE if changes else SAME
        result.steps.append(Step(row, action, student, changes))
    if len(result.of(ADD)) > MAX_NEW:
        raise RosterFileError(f"The file would add {len(result.of(ADD))} new students; add at most {MAX_NEW} "
                              "to one class at a time.")
    result.problems.sort(key=lambda p: (p.file, p.line))
    return result


def apply(classroom: Classroom, steps: Sequence[Step], hashes: Sequence[str]) -> list[tuple[User, Row]]:
    """Inside ``writing()``: the plan's changes. ``hashes``: one password hash per new student.
    Returns the new students, with their rows."""
    created = []
    # Usernames from the file first, so a username made from a name can't take one of them.
    new_steps = sorted((s for s in steps if s.action == ADD), key=lambda s: not s.row.username)
    for step, password_hash in zip(new_steps, hashes):
        student = accounts.add_student(step.row.name, password_hash, username=step.row.username or None,
                                       sourced_id=step.row.sourced_id or None,
                                       student_number=step.row.student_number or None)
        db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
        created.append((student, step.row))
    for step in steps:
        if step.action in (JOIN, UPDATE) and step.student is not None:
            student, row = step.student, step.row
            student.display_name = row.name.display
            student.sourced_id = row.sourced_id or student.sourced_id
            student.student_number = row.student_number or student.student_number
            if step.action == JOIN:
                db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
    return created


def choose_class(roster_file: RosterFile, class_id: str | None,
                 class_name: str = "") -> tuple[str | None, RosterFile | None]:
    """For a OneRoster bundle: the chosen class and its students. Until the teacher chooses, a
    bundle with one class, or one class titled like this Crossings class (``class_name``), is
    chosen; otherwise None. A plain CSV is its own roster."""
    if not roster_file.classes:
        return None, roster_file
    if class_id not in roster_file.classes:
        same_name = [k for k, v in roster_file.classes.items() if v.casefold() == class_name.casefold()]
        only = list(roster_file.classes) if len(roster_file.classes) == 1 else same_name
        class_id = only[0] if len(only) == 1 else None
    if class_id not in roster_file.classes:
        return None, None
    return class_id, roster_file.for_class(class_id or "")


def seal_file(roster_file: RosterFile, secret: str) -> str:
    """The file's rows for the preview form to carry to the import, signed so they come back unchanged."""
    return URLSafeSerializer(secret, salt="roster-import").dumps(_to_data(roster_file))


def open_file(token: str, secret: str) -> RosterFile:
    try:
        return _from_data(URLSafeSerializer(secret, salt="roster-import").loads(token))
    except (BadSignature, KeyError, TypeError, ValueError, AttributeError):
        raise RosterFileError("The preview could not be read back: upload the file again.") from None


def _to_data(roster_file: RosterFile) -> dict[str, Any]:
    return asdict(roster_file)


def _from_data(data: dict[str, Any]) -> RosterFile:
    def row(r: dict[str, Any]) -> Row:
        return Row(**{**r, "name": PersonName(**r["name"])})

    def problem(p: dict[str, Any]) -> Problem:
        return Problem(**p)

    return RosterFile(rows=[row(r) for r in data["rows"]], problems=[problem(p) for p in data["problems"]],
                      classes=dict(data["classes"]),
                      by_class={k: [row(r) for r in v] for k, v in data["by_class"].items()},
                      problems_by_class={k: [problem(p) for p in v] for k, v in data["problems_by_class"].items()})
