"""LTI 1.3: the platforms (LMSs) Crossings trusts, its signing keys, and what links LMS things to ours."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .accounts import User
from .base import utcnow
from .classes import Assignment, Classroom


class LtiKey(Model):
    """An RSA key pair Crossings signs with. The newest unretired key signs; a retired key stays in the
    JWKS until ``retired_at`` + the grace period, so messages signed just before a rotation still check."""

    __tablename__ = "lti_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class LtiPlatform(Model):
    """An LMS registration: what the LMS admin pasted into Crossings."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    deployment_ids: Mapped[list] = mapped_column(JSON, default=list)
    key_set_url: Mapped[str] = mapped_column(String(500))
    token_url: Mapped[str] = mapped_column(String(500))
    auth_url: Mapped[str] = mapped_column(String(500))
    # Where the token request's signed assertion is addressed, when not the token URL (Brightspace).
    token_audience: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LtiUser(Model):
    """An LMS user (issuer and ``sub``, unique together by LTI's rules, whatever the registration) is
    this Crossings user."""

    __tablename__ = "lti_users"
    __table_args__ = (UniqueConstraint("issuer", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    sub: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class LtiCourse(Model):
    """An LMS course (context) bound to the Crossings class made on its first launch."""

    __tablename__ = "lti_courses"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(255))
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), unique=True)
    memberships_url: Mapped[str | None] = mapped_column(String(500))
    roster_synced_at: Mapped[datetime | None]

    platform: Mapped[LtiPlatform] = relationship()
    classroom: Mapped[Classroom] = relationship()


class LtiAssignment(Model):
    """A Crossings assignment placed in an LMS course by Deep Linking, and the LMS grade column for it."""

    __tablename__ = "lti_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("lti_courses.id", ondelete="CASCADE"), index=True)
    lineitem_url: Mapped[str | None] = mapped_column(String(500))

    assignment: Mapped[Assignment] = relationship()
    course: Mapped[LtiCourse] = relationship()


class LtiScore(Model):
    """The outbox: a score to post to an LMS line item, kept until the LMS has taken it."""

    __tablename__ = "lti_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    lineitem_url: Mapped[str] = mapped_column(String(500))
    sub: Mapped[str] = mapped_column(String(255))
    # The attempt's work deleted (by the teacher) takes its unsent score with it.
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), index=True)
    score_given: Mapped[float]
    score_maximum: Mapped[float]
    activity_progress: Mapped[str] = mapped_column(String(32))
    grading_progress: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    tries: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")

    platform: Mapped[LtiPlatform] = relationship()


class LtiNonce(Model):
    """A launch nonce already used: the same signed launch posted again is refused (replay)."""

    __tablename__ = "lti_nonces"

    nonce: Mapped[str] = mapped_column(String(255), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LtiLaunchValue(Model):
    """The LTI library's short-lived values (issued nonces, launch data for Deep Linking), kept here
    rather than in the browser's session cookie, which an LMS iframe may not send back."""

    __tablename__ = "lti_launch_values"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)
