from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import User
from .base import utcnow
from .classes import Assignment

IN_PROGRESS, SUBMITTED = "in_progress", "submitted"
# The shape of a stored answer (Response.answer). Raise it when a type changes its shape, and
# teach the loader the old one: an answer in a format this code does not know is refused on load.
ANSWER_FORMAT = 1


class Attempt(Model):
    """One go at an assignment's quiz by one student."""

    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("assignment_id", "student_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    shuffle_seed: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    score: Mapped[float | None]
    max_score: Mapped[float | None]

    assignment: Mapped[Assignment] = relationship()
    student: Mapped[User] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Response.id")

    @property
    def is_submitted(self) -> bool:
        return self.status == SUBMITTED

    @property
    def percent(self) -> int | None:
        if self.score is None or not self.max_score:
            return None
        return round(100 * self.score / self.max_score)


class Response(Model):
    """A student's answer to one question in one attempt; saved again replaces it."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    answer: Mapped[Any] = mapped_column(JSON)
    points: Mapped[float | None]
    # The browser's own counter for this answer: a replayed or late-arriving older save
    # (lower number) never overwrites a newer one. Plain form posts send 0.
    client_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version of the question this answer answered (None: the question was never synced).
    version_id: Mapped[int | None] = mapped_column(ForeignKey("question_versions.id"), index=True)
    # The shape of ``answer`` (see ANSWER_FORMAT): a column, not a wrapper inside the JSON, so the
    # answer stays what every reader (reports, exports, the quiz page) already parses.
    answer_format: Mapped[int] = mapped_column(default=ANSWER_FORMAT, server_default=str(ANSWER_FORMAT))

    attempt: Mapped[Attempt] = relationship(back_populates="responses")


class Regrade(Model):
    """A stored answer scored again because its question's key was corrected (``webapp/regrade.py``)."""

    __tablename__ = "regrades"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    from_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    to_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    old_points: Mapped[float]
    new_points: Mapped[float]
    reason: Mapped[str] = mapped_column(String(80))
    regraded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReadingProgress(Model):
    """A section of a lesson that a student has read."""

    __tablename__ = "reading_progress"
    __table_args__ = (UniqueConstraint("student_id", "lesson_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lessons.id"))
    section: Mapped[str] = mapped_column(String(120))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
