"""The teacher's grades of written responses, and each teacher's bank of reusable comments."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import User
from .base import utcnow
from .work import Response


class Grade(Model):
    """A teacher's rubric grade of one answer: a level (by its points) per criterion and a comment.

    Grades are released per assignment and question ("Release grades" on the grading page), and
    the release is stamped on each grade: a grade given after the release (a late submission)
    waits for the next one, while the class's released grades stay visible. Until it is released,
    the answer is "awaiting grading" everywhere and counts in neither score nor maximum.
    """

    __tablename__ = "grades"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), unique=True)
    levels: Mapped[dict] = mapped_column(JSON)  # criterion id -> the chosen level's points
    comment: Mapped[str] = mapped_column(Text, default="")
    grader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    graded_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_at: Mapped[datetime | None]

    response: Mapped[Response] = relationship()
    grader: Mapped[User | None] = relationship()

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class BankComment(Model):
    """A comment a teacher reuses while grading ("Name the document you quote.")."""

    __tablename__ = "bank_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
