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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    teacher: Mapped[User] = relationship()


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

    def is_overdue(self, now: datetime) -> bool:
        return self.due_at is not None and now > self.due_at

    def answers_visible(self, now: datetime) -> bool:
        if self.show_answers == "immediately":
            return True
        return self.show_answers == "after_due" and self.is_overdue(now)
