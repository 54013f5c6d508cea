"""Where each student stands: the class grid, a student's dashboard, mastery by objective.

Each report is a fixed handful of queries plus dictionary look-ups, whatever the class
size (a test counts the statements for 5 and for 200 students).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from .content.lessons import Objective
from .content.loader import Content
from .database import writing
from .extensions import db
from .grading import pending_count
from .models import Assignment, AssignmentException, Attempt, Classroom, Enrollment, ReadingProgress, Response, User
from .models.work import IN_PROGRESS, SUBMITTED
from .schedule import Effective, effective, exception_of, for_students

STATUS_LABELS = {"not_started": "Not started", "reading": "Reading", "in_progress": "In progress",
                 "submitted": "Submitted", "late": "Late"}


@dataclass
class Cell:
    """One student's standing on one assignment."""

    status: str = "not_started"
    percent: int | None = None
    attempt_id: int | None = None
    overdue: bool = False
    attempts: int = 0
    notes: tuple[str, ...] = ()  # the student's exception in words ("+1 attempt")
    pending: int = 0  # written answers of the shown attempt awaiting the teacher's grade

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def pending_text(self) -> str:
        """Said wherever the score is: the score leaves these answers out until they are graded."""
        if not self.pending:
            return ""
        return f"{self.pending} answer{'s' if self.pending != 1 else ''} awaiting grading (not in the score yet)"


@dataclass
class Grid:
    students: list[User]
    assignments: list[Assignment]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def cell(self, student: User, assignment: Assignment) -> Cell:
        return self.cells.get((student.id, assignment.id), Cell())


def class_assignments(classroom: Classroom) -> list[Assignment]:
    """The class's assignments, each with its students' exceptions (in the same statement)."""
    return list(db.session.scalars(select(Assignment).where(Assignment.classroom_id == classroom.id)
                                   .options(joinedload(Assignment.exceptions))
                                   .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id))
                .unique())


def class_grid(classroom: Classroom, now: datetime) -> Grid:
    students = list(db.session.scalars(
        select(User).join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id).order_by(User.display_name, User.id)))
    assignments = class_assignments(classroom)
    grid = Grid(students, assignments)
    attempts = db.session.scalars(select(Attempt).join(Assignment)
                                  .where(Assignment.classroom_id == classroom.id)).all()
    pending = pending_count(select(Attempt.id).join(Assignment).where(Assignment.classroom_id == classroom.id))
    reading = _reading_by_student_lesson(classroom)
    by_pair: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_pair[(attempt.student_id, attempt.assignment_id)].append(attempt)
    for assignment in assignments:
        usual, exceptions = effective(assignment), for_students(assignment)
        for student in students:
            grid.cells[(student.id, assignment.id)] = cell_for(
                exceptions.get(student.id, usual), by_pair.get((student.id, assignment.id), []),
                reading.get((student.id, assignment.lesson_id), 0), now, pending)
    return grid


def _reading_by_student_lesson(classroom: Classroom) -> dict[tuple[int, str], int]:
    rows = db.session.execute(
        select(ReadingProgress.student_id, ReadingProgress.lesson_id)
        .join(Enrollment, Enrollment.student_id == ReadingProgress.student_id)
        .where(Enrollment.classroom_id == classroom.id)).all()
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for student_id, lesson_id in rows:
        counts[(student_id, lesson_id)] += 1
    return counts


def cell_for(terms: Effective, attempts: list[Attempt], sections_read: int, now: datetime,
             pending: dict[int, int] | None = None) -> Cell:
    submitted = [a for a in attempts if a.status == SUBMITTED]
    open_ = [a for a in attempts if a.status == IN_PROGRESS]
    cell = Cell(overdue=terms.is_overdue(now), attempts=len(attempts), notes=terms.notes)
    if submitted:
        best = max(submitted, key=lambda a: (a.percent or 0, a.number))
        first = min(submitted, key=lambda a: a.number)
        late = terms.is_late(first.submitted_at)
        cell.status, cell.percent, cell.attempt_id = ("late" if late else "submitted"), best.percent, best.id
        cell.pending = (pending or {}).get(best.id, 0)
        cell.overdue = False
    elif open_:
        cell.status, cell.attempt_id = "in_progress", open_[0].id
    elif sections_read:
        cell.status = "reading"
    return cell


@dataclass
class StudentAssignment:
    assignment: Assignment
    terms: Effective
    cell: Cell
    sections_read: int
    sections_total: int

    @property
    def group(self) -> str:
        if self.cell.status in ("submitted", "late"):
            return "done"
        if self.cell.overdue:
            return "overdue"
        return "in_progress" if self.cell.status in ("in_progress", "reading") else "due"


def student_assignments(student: User, content: Content, now: datetime) -> list[StudentAssignment]:
    rows = db.session.execute(
        select(Assignment, AssignmentException).join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .join(User, User.id == Classroom.teacher_id)  # the teacher's time zone, for the due dates
        .outerjoin(AssignmentException, exception_of(student.id))
        .where(Enrollment.student_id == student.id, Classroom.archived.is_(False))
        .options(contains_eager(Assignment.classroom).contains_eager(Classroom.teacher))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)).all()
    attempts: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in db.session.scalars(select(Attempt).where(Attempt.student_id == student.id)):
        attempts[attempt.assignment_id].append(attempt)
    pending = pending_count(select(Attempt.id).where(Attempt.student_id == student.id))
    read = sections_read(student)
    out = []
    for assignment, exception in rows:
        terms = effective(assignment, exception)
        lesson = content.lesson(assignment.lesson_id)
        total = len(lesson.student_sections) if lesson else 0
        done = len(read.get(assignment.lesson_id, set()))
        out.append(StudentAssignment(assignment, terms, cell_for(terms, attempts[assignment.id], done, now, pending),
                                     done, total))
    out.sort(key=lambda item: (item.terms.due_at is None, item.terms.due_at or now, item.assignment.id))
    return out


def mark_read(student: User, lesson_id: str, section: str) -> None:
    """Record that the student has read a section (once, however often they press the button)."""
    with writing():
        exists = db.session.scalar(select(ReadingProgress.id).where(
            ReadingProgress.student_id == student.id, ReadingProgress.lesson_id == lesson_id,
            ReadingProgress.section == section))
        if exists is None:
            db.session.add(ReadingProgress(student_id=student.id, lesson_id=lesson_id, section=section))


def sections_read(student: User) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for lesson_id, section in db.session.execute(
            select(ReadingProgress.lesson_id, ReadingProgress.section)
            .where(ReadingProgress.student_id == student.id)):
        out[lesson_id].add(section)
    return out


def objective_questions(lesson_id: str, content: Content) -> list[tuple[Objective, tuple[str, ...]]]:
    """Each objective of the lesson that its quiz tests, with the ids of those questions."""
    lesson, quiz = content.lesson(lesson_id), content.quiz_for(lesson_id)
    if lesson is None or quiz is None:
        return []
    groups = [(o, tuple(q.id for q in quiz.questions if q.objective == o.id)) for o in lesson.objectives]
    return [(objective, ids) for objective, ids in groups if ids]


def share_of(question_ids: tuple[str, ...], points: dict[str, float | None]) -> float | None:
    """Mastery of an objective: points earned on its questions over their number (unanswered is 0).

    An answer awaiting grading (points None) counts in neither; None when all of them await it.
    """
    counted = [i for i in question_ids if not (i in points and points[i] is None)]
    return sum(points.get(i) or 0.0 for i in counted) / len(counted) if counted else None


def objective_mastery(attempt: Attempt, content: Content) -> list[tuple[str, str, float]]:
    """(objective id, objective text, share of points earned) from one attempt's answers; an
    objective whose every question awaits grading is left out until it is graded."""
    points = {r.question_id: r.points for r in db.session.scalars(
        select(Response).where(Response.attempt_id == attempt.id))}
    shares = [(objective.id, objective.text, share_of(ids, points))
              for objective, ids in objective_questions(attempt.assignment.lesson_id, content)]
    return [(oid, text, share) for oid, text, share in shares if share is not None]
