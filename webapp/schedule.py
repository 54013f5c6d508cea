"""When work is due, in the school's time, and each student's own terms for an assignment.

Due dates are stored in UTC (naive, like every timestamp) and entered and shown in the class's
zone: the class's own, else its teacher's. A date with no time means the end of that day there.

A student's exception (a later due date, extra attempts, answers released early: what a learning
plan asks for) changes what applies to them. ``effective`` is the one place that says what does,
and every reader (overdue and late, answers shown, attempts left, the pages) asks it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import ColumnElement, and_, delete, select

from .database import writing
from .extensions import db
from .models import Assignment, AssignmentException, Attempt, User

END_OF_DAY = time(23, 59)


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """The zones a teacher picks from: UTC, then the places tzdata's zone.tab lists (one or more per
    country, from the pinned tzdata package, not the system's), sorted. Old aliases such as
    "Africa/Asmera" or "US/Pacific" are left out of the list but still work (``is_zone``)."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    places = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    return ("UTC", *sorted(places & available_timezones()))


@lru_cache(maxsize=1)
def _all_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_zone(name: str | None) -> bool:
    """Any IANA name, an old alias too: a zone stored before the list was trimmed keeps working."""
    return bool(name) and name in _all_zones()


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name if is_zone(name) else "UTC")


def zone_label(name: str) -> str:
    """"America/Los_Angeles" -> "Los Angeles time"; "UTC" stays "UTC"."""
    if "/" not in name:
        return name
    return name.rsplit("/", 1)[1].replace("_", " ") + " time"


def describe_zone(name: str) -> str:
    """"Los Angeles time (America/Los_Angeles)", or just "UTC"."""
    label = zone_label(name)
    return label if label == name else f"{label} ({name})"


def to_utc(day: date, at: time | None, zone_name: str) -> datetime:
    """A local date and time (no time: the end of that day) as stored: UTC without tzinfo.

    A time the clocks skip in spring (2:30 am) counts as the hour before the change, shown
    afterwards as 3:30 am; a time that happens twice in autumn is the first of the two.
    """
    local = datetime.combine(day, at or END_OF_DAY).replace(tzinfo=zone(zone_name))
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime, zone_name: str) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(zone(zone_name))


def format_local(moment: datetime | None, zone_name: str) -> str:
    """A stored (UTC) moment as the clock on the wall says it there: "Fri 11 Dec 2026, 3:00 pm"."""
    if moment is None:
        return "—"
    local = to_local(moment, zone_name)
    clock = f"{local.hour % 12 or 12}:{local:%M} {'am' if local.hour < 12 else 'pm'}"
    return f"{local:%a} {local.day} {local:%b %Y}, {clock}"


def format_due(moment: datetime | None, zone_name: str) -> str:
    """"Fri 11 Dec 2026, 3:00 pm (Los Angeles time)", or "no due date"."""
    if moment is None:
        return "no due date"
    return f"{format_local(moment, zone_name)} ({zone_label(zone_name)})"


def local_stamp(moment: datetime | None, zone_name: str) -> str:
    """"2026-12-11 15:00" in the zone, for spreadsheets."""
    return to_local(moment, zone_name).strftime("%Y-%m-%d %H:%M") if moment else ""


@dataclass(frozen=True)
class Effective:
    """What applies to one student for one assignment: the class's settings and their exception."""

    assignment: Assignment
    due_at: datetime | None
    attempts_allowed: int  # 0 means unlimited
    show_answers: str
    extra_attempts: int = 0
    answers_released: bool = False  # early, for this student only

    @property
    def extended(self) -> bool:
        return self.due_at != self.assignment.due_at

    @property
    def zone_name(self) -> str:
        return self.assignment.classroom.zone_name

    @property
    def due_text(self) -> str:
        return format_due(self.due_at, self.zone_name)

    def is_overdue(self, now: datetime) -> bool:
        return self.due_at is not None and now > self.due_at

    def is_late(self, submitted_at: datetime | None) -> bool:
        return self.due_at is not None and submitted_at is not None and submitted_at > self.due_at

    def answers_visible(self, now: datetime) -> bool:
        if self.answers_released or self.show_answers == "immediately":
            return True
        return self.show_answers == "after_due" and self.is_overdue(now)

    @property
    def notes(self) -> tuple[str, ...]:
        """The exception in words, for the progress page's badges and the gradebook."""
        notes = []
        if self.extended and self.due_at is not None:
            usual = self.assignment.due_at
            notes.append(f"{'extended to' if usual is None or self.due_at > usual else 'due'} {self.due_text}")
        if self.extra_attempts:
            notes.append(f"+{self.extra_attempts} attempt{'s' if self.extra_attempts > 1 else ''}")
        if self.answers_released and self.show_answers != "immediately":
            notes.append("answers released")
        return tuple(notes)


def effective(assignment: Assignment, exception: AssignmentException | None = None) -> Effective:
    if exception is None:
        return Effective(assignment, assignment.due_at, assignment.attempts_allowed, assignment.show_answers)
    allowed = assignment.attempts_allowed
    return Effective(assignment, exception.due_at or assignment.due_at,
                     allowed + exception.extra_attempts if allowed else 0, assignment.show_answers,
                     exception.extra_attempts, exception.answers_released)


def for_students(assignment: Assignment) -> dict[int, Effective]:
    """Student id -> terms, for the students with an exception (load ``exceptions`` with the assignment)."""
    return {e.student_id: effective(assignment, e) for e in assignment.exceptions}


def exception_of(student_id: int) -> ColumnElement[bool]:
    """The join condition for a query of assignments that also reads this student's exception."""
    return and_(AssignmentException.assignment_id == Assignment.id, AssignmentException.student_id == student_id)


def attempt_exception() -> ColumnElement[bool]:
    """The join condition for a query of attempts that also reads their student's exception."""
    return and_(AssignmentException.assignment_id == Attempt.assignment_id,
                AssignmentException.student_id == Attempt.student_id)


def student_terms(assignment: Assignment, student: User) -> Effective:
    return effective(assignment, db.session.scalar(select(AssignmentException).where(
        AssignmentException.assignment_id == assignment.id, AssignmentException.student_id == student.id)))


def assignment_exceptions(assignment: Assignment) -> list[AssignmentException]:
    return list(db.session.scalars(select(AssignmentException).where(
        AssignmentException.assignment_id == assignment.id)))


def student_exceptions(student: User) -> dict[int, AssignmentException]:
    """Assignment id -> this student's exception, all in one statement."""
    return {e.assignment_id: e for e in db.session.scalars(
        select(AssignmentException).where(AssignmentException.student_id == student.id))}


@dataclass(frozen=True)
class ExceptionTerms:
    due_at: datetime | None = None
    extra_attempts: int = 0
    answers_released: bool = False

    @property
    def empty(self) -> bool:
        return self.due_at is None and not self.extra_attempts and not self.answers_released


def set_exceptions(assignment: Assignment, student_ids: Iterable[int], terms: ExceptionTerms) -> None:
    """Give these students (already checked to be in the class) these terms; empty terms clear them.

    Only the exception rows change: attempts and answers stay as they are.
    """
    ids = sorted(set(student_ids))
    with writing():
        existing = {e.student_id: e for e in db.session.scalars(select(AssignmentException).where(
            AssignmentException.assignment_id == assignment.id, AssignmentException.student_id.in_(ids)))}
        if terms.empty:
            db.session.execute(delete(AssignmentException).where(
                AssignmentException.assignment_id == assignment.id, AssignmentException.student_id.in_(ids)))
            return
        for student_id in ids:
            row = existing.get(student_id) or AssignmentException(assignment_id=assignment.id,
                                                                  student_id=student_id)
            row.due_at, row.extra_attempts = terms.due_at, terms.extra_attempts
            row.answers_released = terms.answers_released
            db.session.add(row)
