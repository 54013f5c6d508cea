from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import User
from .base import utcnow
from .catalog import LessonRecord

SHOW_ANSWERS = {"immediately": "Right after submitting", "after_due": "After the due date",
                "never": "Never"}


class Classroom(Model):
    __tablename__ = "classrooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    allow_join: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    # An IANA zone name for this class's due dates; None means the teacher's own zone.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    teacher: Mapped[User] = relationship()

    @property
    def zone_name(self) -> str:
        """The zone its due dates are entered and shown in (load ``teacher`` with the class)."""
        return self.time_zone or self.teacher.zone_name


class Enrollment(Model):
    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("classroom_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    student: Mapped[User] = relationship()
    classroom: Mapped[Classroom] = relationship()


class LoginSheet(Model):
    """New passphrases waiting to be shown to the teacher, once (post/redirect/get).

    ``sealed`` is encrypted with a key that only the teacher's session cookie holds, so the
    database never holds a readable passphrase; the row goes when it is shown or an hour later.
    """

    __tablename__ = "login_sheets"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assignment(Model):
    """A lesson (reading and quiz) set for a class, with the teacher's settings."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lessons.id"))
    due_at: Mapped[datetime | None]
    attempts_allowed: Mapped[int] = mapped_column(default=1)  # 0 means unlimited
    show_answers: Mapped[str] = mapped_column(String(16), default="immediately")
    shuffle: Mapped[bool] = mapped_column(default=False)
    instructions: Mapped[str] = mapped_column(default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship()
    lesson: Mapped[LessonRecord] = relationship()
    # Loaded with joinedload where a page needs every student's (schedule.effective reads them).
    exceptions: Mapped[list[AssignmentException]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True)


class AssignmentException(Model):
    """One student's own terms for an assignment: a later due date, extra attempts, answers early.

    The accommodations a learning plan asks for. Read only through ``schedule.effective``.
    """

    __tablename__ = "assignment_exceptions"
    __table_args__ = (UniqueConstraint("assignment_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    due_at: Mapped[datetime | None]  # UTC; None keeps the class's due date
    extra_attempts: Mapped[int] = mapped_column(default=0)
    answers_released: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
