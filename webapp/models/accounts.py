from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model
from .base import utcnow

TEACHER, STUDENT = "teacher", "student"
DEFAULT_ZONE = "UTC"  # for accounts made before teachers chose a zone


class User(UserMixin, Model):
    """A teacher (signs in with email) or a student (signs in with a username)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # A student's ids in the school's roster system, from an imported roster file: a
    # re-import matches on them and updates the student instead of making a second account.
    sourced_id: Mapped[str | None] = mapped_column(String(255), index=True)
    student_number: Mapped[str | None] = mapped_column(String(64), index=True)
    # Part of the login cookie: bumping it signs out every session of this user.
    session_version: Mapped[int] = mapped_column(default=1)
    # A teacher's IANA time zone ("America/Los_Angeles"): due dates are entered and shown in it.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_teacher(self) -> bool:
        return self.role == TEACHER

    @property
    def is_student(self) -> bool:
        return self.role == STUDENT

    @property
    def listed_name(self) -> str:
        """The name with the username, for lists where two students may share a name."""
        return f"{self.display_name} ({self.username})" if self.username else self.display_name

    @property
    def zone_name(self) -> str:
        return self.time_zone or DEFAULT_ZONE

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role} {self.email or self.username}>"
