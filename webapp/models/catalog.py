from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import utcnow


class LessonRecord(Model):
    """A lesson of the content files, kept in the database so work can refer to it.

    Rows are synced from the files by stable id; a lesson removed from the files is
    marked ``retired`` rather than deleted, so students' past work still has a home.
    """

    __tablename__ = "lessons"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16), default="lesson")
    content_hash: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuestionRecord(Model):
    """A quiz question of the content files, by stable id (see LessonRecord)."""

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lessons.id"), index=True)
    position: Mapped[int]
    type: Mapped[str] = mapped_column(String(32))
    objective: Mapped[str] = mapped_column(String(80))
    skill: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str]
    content_hash: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(default=False)


class QuestionVersion(Model):
    """One version of a question as students were asked it: its file data, enough to rebuild it.

    ``catalog_sync`` adds one when a question's content changes; each answer points at the
    version it answered, so results and reports show the question as it was asked. A version
    nobody answered (and no regrade names) is dropped when a newer one replaces it.
    """

    __tablename__ = "question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    # The question's YAML mapping as it was; None only for a version 1 made by the migration
    # 0006 back-fill, until the next catalog sync fills it from the files.
    data: Mapped[Any | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
